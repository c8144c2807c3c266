package dev.jgil.demo.nativezone;

import dev.jgil.demo.common.Args;
import dev.jgil.demo.common.GilStats;
import dev.jgil.demo.common.Jvm;
import dev.jgil.demo.common.Result;
import dev.jgil.demo.common.Stats;
import dev.jgil.demo.common.Table;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU-heavy work that drops the GIL, like {@code hashlib} in CPython: SHA-256 over large buffers
 * inside a release zone scales over threads even under the GIL; the very same work holding the GIL
 * does not. Designate {@code include=dev.jgil.demo.nativezone.NativeWork,
 * release=dev.jgil.demo.nativezone.ReleasedHash#*} (the {@code jgil} script does).
 */
public final class NativeZone {
    static final String SYNOPSIS = ""
            + "native: SHA-256 over large buffers inside a release zone (like hashlib dropping the GIL) vs the same work holding the GIL; sequential vs T threads.\n"
            + "  ./jgil demo native [--no-gil] [-- agent options] [--mb 512] [--chunk-kb 1024] [--threads 2] [--reps 3]";

    public static void main(String[] argv) throws Exception {
        Args a = new Args("native", SYNOPSIS)
                .flag("mb", "512", "megabytes hashed per run (split over the threads)")
                .flag("chunk-kb", "1024", "buffer size per digest call, KiB")
                .flag("threads", "2", "threads")
                .flag("reps", "3", "repetitions (median reported)")
                .parse(argv);
        long mb = a.count("mb", 1);
        int chunk = (int) Math.min(a.count("chunk-kb", 1), 1 << 20) * 1024;
        int threads = a.integer("threads", 1);
        int reps = a.integer("reps", 1);
        int calls = (int) Math.max(threads, mb * 1024 * 1024 / chunk);
        System.out.printf("native: SHA-256 over %d × %d KiB, sequential vs %d threads; %s%n", calls, chunk / 1024,
                threads, Jvm.banner());
        byte[] buf = new byte[chunk];
        new Random(7).nextBytes(buf);

        // warm-up both paths in both shapes
        for (int i = 0; i < 2; i++) {
            run(true, buf, Math.max(threads, calls / 8), 1);
            run(false, buf, Math.max(threads, calls / 8), 1);
            run(true, buf, Math.max(threads, calls / 8), threads);
            run(false, buf, Math.max(threads, calls / 8), threads);
        }
        String[] zones = {"released", "held"};
        double[][][] ms = new double[2][2][reps]; // zone, {sequential, threads}, rep
        double[][] parallelism = new double[2][reps]; // zone, rep: CPU ÷ wall of the threads run
        List<Object> gilBefore = GilStats.snapshot();
        for (int r = 0; r < reps; r++) {
            for (int z = 0; z < 2; z++) {
                ms[z][0][r] = run(z == 0, buf, calls, 1)[0];
                double[] wallCpu = run(z == 0, buf, calls, threads);
                ms[z][1][r] = wallCpu[0];
                parallelism[z][r] = wallCpu[1] / wallCpu[0];
            }
        }
        Table t = new Table("digest runs", "sequential ms", threads + " threads ms", "speed-up (sequential / threads)",
                "CPU ÷ wall of the threads");
        List<Object> kv = new ArrayList<>(List.of("threads", threads, "mb", mb, "chunk_kb", chunk / 1024));
        for (int z = 0; z < 2; z++) {
            double seq = Stats.median(ms[z][0]);
            double par = Stats.median(ms[z][1]);
            t.row(z == 0 ? "in a release zone (GIL dropped)" : "holding the GIL", Stats.f("%.0f", seq),
                    Stats.f("%.0f", par), Stats.f("%.2f×", seq / par), Stats.f("%.2f", Stats.median(parallelism[z])));
            kv.add(zones[z] + "_sequential_ms");
            kv.add(Stats.f("%.1f", seq));
            kv.add(zones[z] + "_threads_ms");
            kv.add(Stats.f("%.1f", par));
            kv.add(zones[z] + "_speedup");
            kv.add(Stats.f("%.3f", seq / par));
            kv.add(zones[z] + "_parallelism");
            kv.add(Stats.f("%.3f", Stats.median(parallelism[z])));
        }
        kv.addAll(GilStats.delta(gilBefore, GilStats.snapshot()));
        t.print();
        Result.print("native", kv.toArray());
    }

    /** Hashes `calls` buffers over `threads` threads; {wall, CPU of the threads} in milliseconds. */
    private static double[] run(boolean released, byte[] buf, int calls, int threads) throws InterruptedException {
        List<Thread> ts = new ArrayList<>();
        AtomicLong cpu = new AtomicLong();
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            int share = calls / threads + (i < calls % threads ? 1 : 0);
            Thread th = new Thread(() -> {
                long c0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                if (released) NativeWork.hashReleased(buf, buf.length, share);
                else NativeWork.hashHeld(buf, buf.length, share);
                cpu.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0);
            }, "hash-" + i);
            th.start();
            ts.add(th);
        }
        for (Thread th : ts) th.join();
        return new double[] {(System.nanoTime() - start) / 1e6, cpu.get() / 1e6};
    }

    private NativeZone() {
    }
}
