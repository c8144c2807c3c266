package dev.jgil.demo.latency;

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
 * ccbench's latency test (CPython's Tools/ccbench, the benchmark of the bpo-7946 discussion): a ping
 * every 100 ms for a few seconds while 0, 1, 2, 3, 4 CPU-bound threads run, mean and standard
 * deviation of its latency. On CPython 3.11 the mean grows from ~0 to hundreds of milliseconds with
 * the CPU threads; the convoy fixes CPython never merged (priority requests, a BFS scheduler) are
 * meant to keep it flat.
 *
 * <p>The policy is an agent option fixed at start-up, so the parent runs one child JVM per policy
 * ({@code --cell}), plus one without the agent. A policy the agent does not know gets a line saying
 * so rather than a crash: its child runs with {@code strict=true}, so the agent stops it at once with
 * exit status 2 and names the bad value. The pinging client and the CPU threads are designated; the
 * echo server lives in each child on a non-designated thread (the remote peer: it never needs the GIL).
 */
public final class Latency {
    static final String SYNOPSIS = ""
            + "latency: ccbench's latency test: a 1-byte loopback ping every 100 ms beside 0-4 CPU-bound threads, mean and σ per GIL policy.\n"
            + "  ./jgil demo latency [--no-gil] [-- agent options] [--cpu 0,1,2,3,4] [--policies switch,priority,bfs] [--duration 2s] [--every 100ms]";

    public static void main(String[] argv) throws Exception {
        Args a = new Args("latency", SYNOPSIS)
                .flag("cpu", "0,1,2,3,4", "numbers of CPU-bound threads to run beside the pinging client")
                .flag("policies", "switch,priority,bfs", "GIL policies, one child JVM each (one the agent does not know is reported as not available); a child without the agent always runs too")
                .flag("duration", "2s", "pinging time per CPU-thread count (ccbench: 2 s)")
                .flag("every", "100ms", "time between pings (ccbench: 100 ms)")
                .bool("cell", "internal: measure this JVM's own configuration only (the parent runs one child per policy)")
                .parse(argv);
        int[] cpus = a.integers("cpu", 0);
        long duration = a.nanos("duration");
        long every = a.nanos("every");
        if (duration < every) a.fail("--duration must be at least --every (one ping)");
        if (a.bool("cell")) {
            cell(cpus, duration, every);
            return;
        }
        List<String> policies = new ArrayList<>();
        if (Jvm.agentOn()) {
            for (String p : a.str("policies").split(",")) {
                p = p.trim();
                // handed to the agent as policy=<name>: a name that is no option value cannot be one
                if (!p.matches("[a-z]+")) a.fail("--policies takes policy names (lower-case letters), got '" + p + "'");
                policies.add(p);
            }
        } else {
            System.out.println("(started without the agent: only the no-GIL child runs; drop --no-gil to see the policies)");
        }
        policies.add("none");
        System.out.printf("latency: a 1-byte loopback ping every %s for %s beside %s CPU-bound threads; %s%n",
                a.str("every"), a.str("duration"), a.str("cpu"), Jvm.banner());

        String[] header = new String[1 + cpus.length];
        header[0] = "GIL";
        for (int i = 0; i < cpus.length; i++) header[1 + i] = cpus[i] + " CPU thread" + (cpus[i] == 1 ? "" : "s");
        Table t = new Table(header);
        for (String policy : policies) {
            String agent = policy.equals("none") ? null : Jvm.agentWith("policy=" + policy + ",strict=true");
            List<String> cmd = Jvm.command(agent, Latency.class, "--cell", "--cpu", a.str("cpu"),
                    "--duration", a.str("duration"), "--every", a.str("every"));
            Jvm.Finished child = Jvm.runKeepingStderr(cmd, 600);
            if (agent != null && rejected(child, policy)) {
                System.out.println("policy " + policy + ": not available in this agent");
                Jvm.unlistRecording(cmd);
                Object[] row = new Object[1 + cpus.length];
                row[0] = policy + " (not available in this agent)";
                for (int i = 0; i < cpus.length; i++) row[1 + i] = "–";
                t.row(row);
                Result.print("latency", "gil", policy, "available", "false");
                continue;
            }
            child.forwardErr();
            if (child.exit != 0) throw new IllegalStateException("child JVM exited with " + child.exit + ": " + cmd);
            Map<Integer, Map<String, String>> byCpu = new LinkedHashMap<>();
            for (Map<String, String> r : Jvm.results(child.out)) byCpu.put(Integer.parseInt(r.get("cpu")), r);
            Object[] row = new Object[1 + cpus.length];
            String interval = byCpu.isEmpty() ? "-" : byCpu.values().iterator().next().get("interval");
            List<Object> kv = new ArrayList<>(List.of("gil", policy.equals("none") ? "off" : policy, "available", "true",
                    "interval", interval));
            for (int i = 0; i < cpus.length; i++) {
                Map<String, String> r = byCpu.get(cpus[i]);
                if (r == null) throw new IllegalStateException(policy + ": no result for cpu=" + cpus[i] + ": " + child.out);
                double mean = Double.parseDouble(r.get("mean_ms"));
                double sd = Double.parseDouble(r.get("sd_ms"));
                row[1 + i] = ms(mean) + " ms (σ " + ms(sd) + ")";
                for (String key : new String[] {"mean_ms", "sd_ms", "max_ms", "pings", "forcedSwitches", "blockingReleases"}) {
                    if (r.containsKey(key)) {
                        kv.add(key + cpus[i]);
                        kv.add(r.get(key));
                    }
                }
            }
            row[0] = policy.equals("none") ? "none (no agent)" : policy.equals("ticks") ? "ticks" : policy + " " + interval;
            t.row(row);
            Result.print("latency", kv.toArray());
        }
        t.print();
        System.out.println("(mean round trip of a ping, its standard deviation in brackets; ccbench on CPython 3.11: 0, 4, 135, 312, 222 ms)");
    }

    /** Whether the agent stopped the child (strict=true: exit status 2) because it does not know the policy. */
    static boolean rejected(Jvm.Finished child, String policy) {
        if (child.exit != 2) return false;
        for (String line : child.err) {
            if (line.startsWith("jgil:") && line.contains("'" + policy + "'") && line.contains("policy")) return true;
        }
        return false;
    }

    /** Milliseconds with three significant figures or so: sub-millisecond round trips keep their digits. */
    static String ms(double v) {
        return v >= 100 ? Stats.f("%.0f", v) : v >= 10 ? Stats.f("%.1f", v) : v >= 1 ? Stats.f("%.2f", v) : Stats.f("%.3f", v);
    }

    /** One child: this JVM's policy, each CPU-thread count in turn. */
    private static void cell(int[] cpus, long durationNanos, long everyNanos) throws Exception {
        int count = (int) Math.max(1, durationNanos / everyNanos);
        try (EchoServer server = new EchoServer(0);
             Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            LatencyWork.pings(in, out, 200, 200_000L); // warm-up, alone: the JIT and the connection
            for (int k : cpus) {
                LatencyWork.stop = false;
                List<Thread> spinners = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    Thread t = new Thread(LatencyWork::spin, "cpu-" + i);
                    t.setDaemon(true);
                    t.start();
                    spinners.add(t);
                }
                if (k > 0) Thread.sleep(50); // let them get going
                List<Object> before = GilStats.snapshot();
                long[] lat = LatencyWork.pings(in, out, count, everyNanos);
                List<Object> kv = new ArrayList<>(List.of("interval", Jvm.intervalLabel(), "cpu", k, "pings", count,
                        "mean_ms", Stats.f("%.4f", Stats.mean(lat) / 1e6), "sd_ms", Stats.f("%.4f", Stats.stdDev(lat) / 1e6),
                        "max_ms", Stats.f("%.4f", max(lat) / 1e6)));
                kv.addAll(GilStats.delta(before, GilStats.snapshot()));
                LatencyWork.stop = true;
                for (Thread t : spinners) t.join();
                Result.print("latency", kv.toArray());
            }
        }
    }

    private static long max(long[] xs) {
        long m = 0;
        for (long x : xs) m = Math.max(m, x);
        return m;
    }

    private Latency() {
    }
}
