package dev.jgil.demo.countdown;

import dev.jgil.demo.common.Args;
import dev.jgil.demo.common.GilStats;
import dev.jgil.demo.common.Jvm;
import dev.jgil.demo.common.Result;
import dev.jgil.demo.common.Stats;
import dev.jgil.demo.common.Table;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GIL chapter's first experiment: count down from N sequentially, then split over T threads, then
 * over T processes (child JVMs, each with its own GIL — the {@code multiprocessing} workaround).
 * Under the GIL the threads gain nothing; the processes do. Without the agent, threads scale too.
 *
 * <p>Processes are started, warmed up and then released together by a "go" line on their stdin, so
 * the processes row measures the work as {@code multiprocessing} with a warm pool would; the JVM
 * start-up is reported separately. Each mode runs {@code --reps} times, interleaved; the median counts.
 *
 * Designate {@code dev.jgil.demo.countdown.CountdownWork} (the {@code jgil} script does).
 */
public final class Countdown {
    static final String SYNOPSIS = ""
            + "countdown: count down from N sequentially, in T threads, and in T processes (child JVMs, each with its own GIL).\n"
            + "  ./jgil demo countdown [--no-gil] [-- agent options] [--n 200000000] [--threads 2] [--modes sequential,threads,processes] [--reps 3]";

    public static void main(String[] argv) throws Exception {
        if (argv.length == 2 && argv[0].equals("--child")) {
            child(Long.parseLong(argv[1]));
            return;
        }
        Args a = new Args("countdown", SYNOPSIS)
                .flag("n", "200000000", "total count")
                .flag("threads", "2", "threads (and processes) to split the count over")
                .flag("modes", "sequential,threads,processes", "modes to run, comma-separated")
                .flag("reps", "3", "repetitions of each mode (median reported)")
                .parse(argv);
        long n = a.count("n", 1);
        int threads = a.integer("threads", 1);
        int reps = a.integer("reps", 1);
        List<String> modes = new ArrayList<>();
        for (String m : a.str("modes").split(",")) {
            m = m.trim();
            if (!m.equals("sequential") && !m.equals("threads") && !m.equals("processes")) {
                a.fail("unknown mode '" + m + "' (valid: sequential, threads, processes)");
            }
            modes.add(m);
        }
        System.out.printf("countdown from %,d; %d threads/processes; %s%n", n, threads, Jvm.banner());

        warmUp(n);
        Processes procs = modes.contains("processes") ? new Processes(n, threads) : null;
        Map<String, double[]> millis = new LinkedHashMap<>();
        Map<String, double[]> cpuMillis = new LinkedHashMap<>(); // CPU time of the counting threads: > wall means parallel
        for (String m : modes) millis.put(m, new double[reps]);
        for (String m : modes) cpuMillis.put(m, new double[reps]);
        List<Object> gilBefore = GilStats.snapshot();
        for (int r = 0; r < reps; r++) {
            for (String m : modes) {
                long cpu = 0;
                long start = System.nanoTime();
                switch (m) {
                    case "sequential":
                        long cpu0 = threadCpuNanos();
                        CountdownWork.countdown(n);
                        cpu = threadCpuNanos() - cpu0;
                        break;
                    case "threads": cpu = runThreads(n, threads); break;
                    default: cpu = procs.go(); break;
                }
                millis.get(m)[r] = (System.nanoTime() - start) / 1e6;
                cpuMillis.get(m)[r] = cpu / 1e6;
            }
        }
        if (procs != null) procs.close();

        double seq = millis.containsKey("sequential") ? Stats.median(millis.get("sequential")) : Double.NaN;
        Table t = new Table("mode", "wall ms (median of " + reps + ")", "min–max", "ratio vs sequential", "CPU ms of the counting threads (or processes)");
        List<Object> kv = new ArrayList<>(List.of("n", n, "threads", threads, "reps", reps));
        for (Map.Entry<String, double[]> e : millis.entrySet()) {
            double med = Stats.median(e.getValue());
            double min = Double.MAX_VALUE, max = 0;
            for (double x : e.getValue()) { min = Math.min(min, x); max = Math.max(max, x); }
            t.row(e.getKey(), Stats.f("%.0f", med), Stats.f("%.0f–%.0f", min, max),
                    Double.isNaN(seq) ? "-" : Stats.f("%.2f", med / seq),
                    Stats.f("%.0f", Stats.median(cpuMillis.get(e.getKey()))));
            kv.add(e.getKey() + "_ms");
            kv.add(Stats.f("%.1f", med));
            if (!Double.isNaN(seq) && !e.getKey().equals("sequential")) {
                kv.add(e.getKey() + "_ratio");
                kv.add(Stats.f("%.3f", med / seq));
            }
        }
        if (procs != null) {
            t.row("(processes: JVM start-up + warm-up, once)", Stats.f("%.0f", procs.startupMillis), "", "", "");
            kv.add("process_startup_ms");
            kv.add(Stats.f("%.0f", procs.startupMillis));
        }
        for (String m : new String[] {"sequential", "threads", "processes"}) {
            if (!millis.containsKey(m)) continue;
            // CPU time over wall time: about 1 for one busy thread or serialized threads, up to T when
            // parallel, below 1 when other processes took the CPU. Unlike wall ratios it does not care
            // whether another process stole the CPU meanwhile.
            double[] par = new double[reps];
            for (int r = 0; r < reps; r++) par[r] = cpuMillis.get(m)[r] / millis.get(m)[r];
            kv.add(m + "_cpu_ms");
            kv.add(Stats.f("%.1f", Stats.median(cpuMillis.get(m))));
            kv.add(m + "_parallelism");
            kv.add(Stats.f("%.3f", Stats.median(par)));
        }
        kv.addAll(GilStats.delta(gilBefore, GilStats.snapshot()));
        t.print();
        Result.print("countdown", kv.toArray());
    }

    private static long threadCpuNanos() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /**
     * Compiles CountdownWork before anything is timed, as a user warms a function up: calls on this one
     * thread. The threaded runs that follow are not deoptimised by their first drop request: the agent
     * primes the JIT's profile of the checkpoint's slow path (GilLock#primeJit).
     */
    static void warmUp(long n) {
        long chunk = Math.max(1, Math.min(n, 10_000_000L) / 50);
        long until = System.nanoTime() + 800_000_000L;
        int calls = 0;
        do {
            CountdownWork.countdown(chunk);
            calls++;
        } while (calls < 20 || System.nanoTime() < until);
    }

    /** Counts n down over the threads; returns the CPU nanoseconds they used. */
    static long runThreads(long n, int threads) throws InterruptedException {
        List<Thread> ts = new ArrayList<>();
        java.util.concurrent.atomic.AtomicLong cpu = new java.util.concurrent.atomic.AtomicLong();
        for (int i = 0; i < threads; i++) {
            long share = n / threads + (i < n % threads ? 1 : 0);
            Thread t = new Thread(() -> {
                long c0 = threadCpuNanos();
                CountdownWork.countdown(share);
                cpu.addAndGet(threadCpuNanos() - c0);
            }, "countdown-" + i);
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) t.join();
        return cpu.get();
    }

    /** A child process: warm up, say "ready", then count its share on every "go" line until EOF. */
    private static void child(long share) throws IOException {
        long until = System.nanoTime() + 400_000_000L;
        long chunk = Math.max(1, Math.min(share, 10_000_000L) / 50);
        do {
            CountdownWork.countdown(chunk);
        } while (System.nanoTime() < until);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        System.out.flush();
        for (String line; (line = in.readLine()) != null; ) {
            if (!line.equals("go")) continue;
            long c0 = threadCpuNanos();
            long x = CountdownWork.countdown(share);
            System.out.println("done " + (threadCpuNanos() - c0) + (x == 42 ? " !" : ""));
            System.out.flush();
        }
    }

    /** T warm child JVMs (with this JVM's agent, so each has its own GIL), released together. */
    private static final class Processes implements AutoCloseable {
        final List<Process> ps = new ArrayList<>();
        final List<Writer> ins = new ArrayList<>();
        final List<BufferedReader> outs = new ArrayList<>();
        final double startupMillis;

        Processes(long n, int processes) throws IOException {
            long start = System.nanoTime();
            for (int i = 0; i < processes; i++) {
                long share = n / processes + (i < n % processes ? 1 : 0);
                Process p = new ProcessBuilder(Jvm.command(Jvm.agentArgument(), Countdown.class, "--child",
                        Long.toString(share))).start();
                Jvm.forwardStderr(p);
                ps.add(p);
                ins.add(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
                outs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            }
            for (BufferedReader r : outs) expect(r, "ready");
            startupMillis = (System.nanoTime() - start) / 1e6;
        }

        /** Releases every child once; returns the CPU nanoseconds their counting took. */
        long go() throws IOException {
            for (Writer w : ins) {
                w.write("go\n");
                w.flush();
            }
            long cpu = 0;
            for (BufferedReader r : outs) cpu += Long.parseLong(expect(r, "done").split(" ")[1]);
            return cpu;
        }

        private static String expect(BufferedReader r, String prefix) throws IOException {
            String line = r.readLine();
            if (line == null || !line.startsWith(prefix)) {
                throw new IllegalStateException("child process: expected '" + prefix + "', got " + line);
            }
            return line;
        }

        @Override
        public void close() throws Exception {
            for (Writer w : ins) w.close();
            for (Process p : ps) {
                int code = p.waitFor();
                if (code != 0) throw new IllegalStateException("child process exited with " + code);
            }
        }
    }

    private Countdown() {
    }
}
