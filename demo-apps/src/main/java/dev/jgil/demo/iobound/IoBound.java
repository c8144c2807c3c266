package dev.jgil.demo.iobound;

import dev.jgil.demo.common.Args;
import dev.jgil.demo.common.EchoServer;
import dev.jgil.demo.common.GilStats;
import dev.jgil.demo.common.Jvm;
import dev.jgil.demo.common.Result;
import dev.jgil.demo.common.Stats;
import dev.jgil.demo.common.Table;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * I/O-bound threads scale under the GIL: the same total work — sleeps and request/response round
 * trips to a loopback echo server with a fixed service latency — done by 1 thread and by N threads.
 * Each blocking call drops the GIL (release zone {@code dev.jgil.demo.common.Blocking}), so the threads
 * overlap their waits. Designated: {@code dev.jgil.demo.iobound.IoWork}; the echo server is not.
 */
public final class IoBound {
    static final String SYNOPSIS = ""
            + "iobound: the same I/O-bound work (sleep + loopback request/response) done by 1 and by N threads; it scales under the GIL.\n"
            + "  ./jgil demo iobound [--no-gil] [-- agent options] [--threads 1,2,4,8] [--ops 160] [--sleep 5ms] [--latency 2ms] [--reps 3]";

    public static void main(String[] argv) throws Exception {
        Args a = new Args("iobound", SYNOPSIS)
                .flag("threads", "1,2,4,8", "thread counts to compare (the first is the baseline)")
                .flag("ops", "160", "operations in total, split over the threads")
                .flag("sleep", "5ms", "sleep per operation")
                .flag("latency", "2ms", "echo server's service time per request")
                .flag("payload", "64", "request size in bytes")
                .flag("reps", "3", "repetitions (median reported)")
                .parse(argv);
        int[] counts = a.integers("threads", 1);
        int ops = a.integer("ops", 1);
        long sleep = a.nanos("sleep");
        long latency = a.nanos("latency");
        int payload = a.integer("payload", 1);
        int reps = a.integer("reps", 1);
        System.out.printf("iobound: %d operations (sleep %s + request/response with %s service time) over %s threads; %s%n",
                ops, a.str("sleep"), a.str("latency"), a.str("threads"), Jvm.banner());
        int maxThreads = 0;
        for (int c : counts) maxThreads = Math.max(maxThreads, c);
        try (EchoServer server = new EchoServer(latency)) {
            List<Socket> sockets = new ArrayList<>();
            List<InputStream> ins = new ArrayList<>();
            List<OutputStream> outs = new ArrayList<>();
            for (int i = 0; i < maxThreads; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                s.setTcpNoDelay(true);
                sockets.add(s);
                ins.add(new BufferedInputStream(s.getInputStream()));
                outs.add(new BufferedOutputStream(s.getOutputStream()));
            }
            run(Math.max(maxThreads, ops / 4), maxThreads, ins, outs, sleep, payload); // warm-up
            double[][] ms = new double[counts.length][reps];
            List<Object> gilBefore = GilStats.snapshot();
            for (int r = 0; r < reps; r++) {
                for (int c = 0; c < counts.length; c++) ms[c][r] = run(ops, counts[c], ins, outs, sleep, payload);
            }
            for (Socket s : sockets) s.close();

            double base = Stats.median(ms[0]);
            Table t = new Table("threads", "wall ms (median of " + reps + ")", "min–max", "speed-up vs " + counts[0] + " thread" + (counts[0] == 1 ? "" : "s"), "ideal");
            List<Object> kv = new ArrayList<>(List.of("ops", ops, "base_threads", counts[0]));
            for (int c = 0; c < counts.length; c++) {
                double med = Stats.median(ms[c]);
                double min = Double.MAX_VALUE, max = 0;
                for (double x : ms[c]) { min = Math.min(min, x); max = Math.max(max, x); }
                t.row(counts[c], Stats.f("%.0f", med), Stats.f("%.0f–%.0f", min, max), Stats.f("%.2f×", base / med),
                        Stats.f("%.0f×", (double) counts[c] / counts[0]));
                kv.add("ms" + counts[c]);
                kv.add(Stats.f("%.1f", med));
                kv.add("speedup" + counts[c]);
                kv.add(Stats.f("%.3f", base / med));
            }
            kv.addAll(GilStats.delta(gilBefore, GilStats.snapshot()));
            t.print();
            Result.print("iobound", kv.toArray());
        }
    }

    private static double run(int ops, int threads, List<InputStream> ins, List<OutputStream> outs, long sleep,
                              int payload) throws Exception {
        List<Thread> ts = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            int share = ops / threads + (i < ops % threads ? 1 : 0);
            InputStream in = ins.get(i);
            OutputStream out = outs.get(i);
            Thread t = new Thread(() -> {
                try {
                    IoWork.work(share, in, out, sleep, payload);
                } catch (IOException e) {
                    failure[0] = e;
                }
            }, "io-" + i);
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) t.join();
        if (failure[0] != null) throw new IllegalStateException("I/O thread failed", failure[0]);
        return (System.nanoTime() - start) / 1e6;
    }

    private IoBound() {
    }
}
