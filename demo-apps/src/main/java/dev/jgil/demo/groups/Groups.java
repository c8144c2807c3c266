package dev.jgil.demo.groups;

import dev.jgil.demo.common.Args;
import dev.jgil.demo.common.Jvm;
import dev.jgil.demo.common.Result;
import dev.jgil.demo.common.Stats;
import dev.jgil.demo.common.Table;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One GIL per group — the JVM analog of PEP 684's per-interpreter GIL (CPython 3.12; {@code concurrent.interpreters},
 * 3.14): two CPU-bound "libraries" ({@link ParserWork}, {@link DriverWork}), one thread each. Under one GIL the
 * two threads take turns (threads ÷ sequential ≈ 1); with each library in its own group ({@code group.parser=},
 * {@code group.driver=}) they run in parallel, each still serialized (≈ 0.5 on 2 free cores, like the plain JVM).
 *
 * <p>One child JVM per configuration (groups are agent options fixed at start-up): one GIL for both, two groups, and
 * no agent. Designate both work classes (the {@code jgil} script does).
 */
public final class Groups {
    static final String SYNOPSIS = ""
            + "groups: two CPU-bound libraries on a thread each, under one GIL vs one GIL per group (group.NAME=), one child JVM each.\n"
            + "  ./jgil demo groups [--no-gil] [-- agent options] [--n 100000000] [--reps 3]";
    static final String PARSER = ParserWork.class.getName();
    static final String DRIVER = DriverWork.class.getName();
    static volatile long sink;

    public static void main(String[] argv) throws Exception {
        if (argv.length >= 1 && argv[0].equals("--child")) {
            child(Long.parseLong(argv[1]), Integer.parseInt(argv[2]), argv[3]);
            return;
        }
        Args a = new Args("groups", SYNOPSIS)
                .flag("n", "100000000", "count of each library (sequential: both one after the other; threads: one each)")
                .flag("reps", "3", "repetitions inside each child (median reported)")
                .parse(argv);
        long n = a.count("n", 1);
        int reps = a.integer("reps", 1);
        System.out.printf("groups: two libraries counting down from %,d each, sequential vs a thread each; %s%n", n, Jvm.banner());
        Table t = new Table("GIL", "sequential ms", "threads ms", "threads / sequential", "CPU ÷ wall of the threads");
        String[][] configs = Jvm.agentOn()
                ? new String[][] {
                    {"one", "one GIL for both (include=both)", Jvm.agentWith("include=" + PARSER + ";" + DRIVER)},
                    {"groups", "one GIL per group (group.parser, group.driver)",
                            Jvm.agentWith("group.parser=" + PARSER + ",group.driver=" + DRIVER)},
                    {"none", "none (no agent)", null}}
                : new String[][] {{"none", "none (no agent)", null}};
        if (!Jvm.agentOn()) System.out.println("(started without the agent: only the no-GIL child runs; drop --no-gil to see the groups)");
        for (String[] c : configs) {
            List<String> out = Jvm.run(Jvm.command(c[2], Groups.class, "--child", Long.toString(n), Integer.toString(reps), c[0]), 600);
            List<Map<String, String>> rs = Jvm.results(out);
            if (rs.isEmpty()) throw new IllegalStateException("no RESULT line from the " + c[0] + " child: " + out);
            Map<String, String> r = rs.get(0);
            t.row(c[1], r.get("sequential_ms"), r.get("threads_ms"), r.get("threads_ratio"), r.get("threads_parallelism"));
            Result.print("groups", "gil", c[0], "n", n, "sequential_ms", r.get("sequential_ms"), "threads_ms", r.get("threads_ms"),
                    "threads_ratio", r.get("threads_ratio"), "threads_parallelism", r.get("threads_parallelism"));
        }
        t.print();
    }

    /** Warms both libraries up on two threads (as the measured runs use them), then times both modes, interleaved. */
    private static void child(long n, int reps, String config) throws InterruptedException {
        threads(Math.max(1, n / 10));
        double[] seq = new double[reps];
        double[] thr = new double[reps];
        double[] par = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            sink = ParserWork.countdown(n) + DriverWork.countdown(n);
            seq[r] = (System.nanoTime() - t0) / 1e6;
            long t1 = System.nanoTime();
            long cpu = threads(n);
            long wall = System.nanoTime() - t1;
            thr[r] = wall / 1e6;
            par[r] = (double) cpu / wall;
        }
        double s = Stats.median(seq);
        double t = Stats.median(thr);
        Result.print("groups-child", "gil", config, "sequential_ms", Stats.f("%.1f", s), "threads_ms", Stats.f("%.1f", t),
                "threads_ratio", Stats.f("%.3f", t / s), "threads_parallelism", Stats.f("%.3f", Stats.median(par)));
    }

    /** Each library on its own thread; returns their CPU time. */
    private static long threads(long n) throws InterruptedException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicLong cpu = new AtomicLong();
        Thread p = new Thread(() -> {
            long c0 = mx.getCurrentThreadCpuTime();
            sink = ParserWork.countdown(n);
            cpu.addAndGet(mx.getCurrentThreadCpuTime() - c0);
        }, "parser");
        Thread d = new Thread(() -> {
            long c0 = mx.getCurrentThreadCpuTime();
            sink = DriverWork.countdown(n);
            cpu.addAndGet(mx.getCurrentThreadCpuTime() - c0);
        }, "driver");
        p.start();
        d.start();
        p.join();
        d.join();
        return cpu.get();
    }

    private Groups() {
    }
}
