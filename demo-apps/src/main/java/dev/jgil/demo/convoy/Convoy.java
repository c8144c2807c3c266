package dev.jgil.demo.convoy;

import dev.jgil.demo.common.Args;
import dev.jgil.demo.common.EchoServer;
import dev.jgil.demo.common.GilStats;
import dev.jgil.demo.common.Jvm;
import dev.jgil.demo.common.Result;
import dev.jgil.demo.common.Stats;
import dev.jgil.demo.common.Table;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The convoy effect (bpo-7946, Antoine Pitrou / Dave Beazley, measured again for CPython 3.9 by
 * Victor Skvortsov): an I/O-bound thread doing 1-byte echo round trips over loopback, while 0, 1, 2, 4
 * CPU-bound threads run. Every round trip releases the GIL twice (send, recv) and must take it back
 * from a CPU-bound thread, which under {@code policy=switch} costs up to a whole switch interval each
 * time: round trips collapse by two or three orders of magnitude, and recover as the interval shrinks.
 *
 * <p>The switch interval is an agent option, so the parent runs one child JVM per (policy, interval)
 * cell ({@code --cell}); the echo server lives in each child on a non-designated thread (the remote
 * peer: it never needs the GIL).
 */
public final class Convoy {
    static final String SYNOPSIS = ""
            + "convoy: 1-byte echo round trips per second while 0, 1, 2, 4 CPU-bound threads run, per GIL policy and switch interval (bpo-7946).\n"
            + "  ./jgil demo convoy [--no-gil] [-- agent options] [--cpu 0,1,2,4] [--intervals 5ms,1ms,100us,10us] [--policies switch,ticks] [--duration 400ms]";

    public static void main(String[] argv) throws Exception {
        Args a = new Args("convoy", SYNOPSIS)
                .flag("cpu", "0,1,2,4", "numbers of CPU-bound threads to run beside the client")
                .flag("intervals", "5ms,1ms,100us,10us", "switch intervals (every policy but ticks)")
                .flag("policies", "switch,ticks", "GIL policies (switch, ticks, fifo, priority, bfs); a child without the agent always runs too")
                .flag("duration", "400ms", "measuring time per CPU-thread count")
                .bool("cell", "internal: measure this JVM's own configuration only (the parent runs one child per cell)")
                .parse(argv);
        int[] cpus = a.integers("cpu", 0);
        long duration = a.nanos("duration");
        if (a.bool("cell")) {
            cell(cpus, duration);
            return;
        }
        long[] intervals = a.nanosList("intervals");
        String[] intervalTexts = a.str("intervals").split(",");
        for (long iv : intervals) if (iv < 1_000) a.fail("--intervals must be >= 1us");
        for (String iv : intervalTexts) {
            // handed to the agent as interval=<text>: whole numbers with a unit only
            if (!iv.trim().matches("[0-9]+(ns|us|ms|s)")) a.fail("--intervals takes whole numbers with a unit (ns, us, ms, s), got '" + iv.trim() + "'");
        }
        List<String[]> cells = new ArrayList<>(); // {label, agent options or null}
        if (Jvm.agentOn()) {
            for (String p : a.str("policies").split(",")) {
                p = p.trim();
                switch (p) {
                    case "ticks":
                        cells.add(new String[] {"ticks", "ticks", "-", "policy=ticks"});
                        break;
                    case "switch":
                    case "fifo":
                    case "priority":
                    case "bfs":
                        for (String iv : intervalTexts) {
                            cells.add(new String[] {p + " " + iv.trim(), p, iv.trim(), "policy=" + p + ",interval=" + iv.trim()});
                        }
                        break;
                    default:
                        a.fail("unknown policy '" + p + "' (valid: switch, ticks, fifo, priority, bfs)");
                }
            }
        } else {
            System.out.println("(started without the agent: only the no-GIL child runs; drop --no-gil to see the policies)");
        }
        cells.add(new String[] {"none (no agent)", "off", "-", null});
        System.out.printf("convoy: 1-byte echo round trips/s beside %s CPU-bound threads, %s each; %s%n",
                a.str("cpu"), a.str("duration"), Jvm.banner());

        String[] header = new String[1 + cpus.length];
        header[0] = "GIL, interval";
        for (int i = 0; i < cpus.length; i++) header[1 + i] = cpus[i] + " CPU thread" + (cpus[i] == 1 ? "" : "s");
        Table t = new Table(header);
        for (String[] c : cells) {
            String agent = c[3] == null ? null : Jvm.agentWith(c[3]);
            List<String> out = Jvm.run(Jvm.command(agent, Convoy.class, "--cell", "--cpu", a.str("cpu"),
                    "--duration", a.str("duration")), 600);
            Map<Integer, Double> rtps = new LinkedHashMap<>();
            Map<Integer, Map<String, String>> cellResults = new LinkedHashMap<>();
            for (Map<String, String> r : Jvm.results(out)) {
                rtps.put(Integer.parseInt(r.get("cpu")), Double.parseDouble(r.get("rtps")));
                cellResults.put(Integer.parseInt(r.get("cpu")), r);
            }
            Object[] row = new Object[1 + cpus.length];
            row[0] = c[0];
            Double alone = rtps.get(0);
            List<Object> kv = new ArrayList<>(List.of("gil", c[1], "interval", c[2]));
            for (int i = 0; i < cpus.length; i++) {
                Double v = rtps.get(cpus[i]);
                if (v == null) throw new IllegalStateException("cell " + c[0] + ": no result for cpu=" + cpus[i] + ": " + out);
                String slow = alone != null && cpus[i] != 0 ? Stats.f(" (%s)", slowdown(alone, v)) : "";
                row[1 + i] = Stats.f("%,.0f", v) + slow;
                kv.add("rtps" + cpus[i]);
                kv.add(Stats.f("%.1f", v));
                if (alone != null && cpus[i] != 0) {
                    kv.add("slowdown" + cpus[i]);
                    kv.add(Stats.f("%.2f", v > 0 ? alone / v : Double.POSITIVE_INFINITY));
                }
                // diagnostics from the cell: round trips, the client's longest GIL wait so far, forced switches
                Map<String, String> cr = cellResults.get(cpus[i]);
                for (String key : new String[] {"roundtrips", "client_max_wait_ms", "forcedSwitches", "watchdogHandOffs"}) {
                    if (cr.containsKey(key)) {
                        kv.add(key + cpus[i]);
                        kv.add(cr.get(key));
                    }
                }
            }
            t.row(row);
            Result.print("convoy", kv.toArray());
        }
        t.print();
        System.out.println("(in brackets: how many times slower than the same cell's client alone)");
    }

    private static String slowdown(double alone, double v) {
        if (v <= 0) return "∞× slower";
        double s = alone / v;
        return s >= 10 ? Stats.f("%.0f× slower", s) : Stats.f("%.1f× slower", s);
    }

    /** One child: this JVM's policy and interval, each CPU-thread count in turn. */
    private static void cell(int[] cpus, long durationNanos) throws Exception {
        try (EchoServer server = new EchoServer(0);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            ConvoyWork.client(in, out, System.nanoTime() + 300_000_000L); // warm-up, alone
            for (int k : cpus) {
                ConvoyWork.stop = false;
                List<Thread> spinners = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    Thread t = new Thread(ConvoyWork::spin, "cpu-" + i);
                    t.setDaemon(true);
                    t.start();
                    spinners.add(t);
                }
                if (k > 0) Thread.sleep(50); // let them get going
                List<Object> before = GilStats.snapshot();
                long start = System.nanoTime();
                long n = ConvoyWork.client(in, out, start + durationNanos);
                double secs = (System.nanoTime() - start) / 1e9;
                List<Object> kv = new ArrayList<>(List.of("interval", Jvm.intervalLabel(), "cpu", k, "roundtrips", n,
                        "rtps", Stats.f("%.1f", n / secs),
                        "client_max_wait_ms", Stats.f("%.2f", GilStats.currentThreadMaxWaitMillis())));
                kv.addAll(GilStats.delta(before, GilStats.snapshot()));
                ConvoyWork.stop = true;
                for (Thread t : spinners) t.join();
                Result.print("convoy", kv.toArray());
            }
        }
    }

    private Convoy() {
    }
}
