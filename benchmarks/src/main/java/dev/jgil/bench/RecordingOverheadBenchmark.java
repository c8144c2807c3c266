package dev.jgil.bench;

import dev.jgil.recording.GilRecording;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.ThreadState;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Throughput cost of recording on a designated-call-heavy workload: 4 threads calling a short
 * designated method (~1 us with checkpoints) with a little work outside, in-process on a GilLock.
 * Modes alternate run by run (off, default, trace) so drift on a shared machine hits all alike.
 *
 * <p>Run: {@code benchmarks/run recording-overhead [runs] [seconds]}. Not a unit test (minutes, noisy).
 */
public final class RecordingOverheadBenchmark {
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        Path dir = Files.createTempDirectory("jgil-bench");
        List<String> modes = List.of("off", "default", "trace");
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (String m : modes) results.put(m, new ArrayList<>());
        for (String m : modes) measure(m, dir, 0.5); // warm-up: JIT, JFR initialization
        for (int r = 0; r < runs; r++) {
            for (String m : modes) {
                double callsPerSecond = measure(m, dir, seconds);
                results.get(m).add(callsPerSecond);
                System.out.printf("run %d %-8s %,.0f calls/s%n", r, m, callsPerSecond);
            }
        }
        double offMedian = median(results.get("off"));
        System.out.printf("%n| mode | median calls/s | min – max | ratio to off |%n|---|---|---|---|%n");
        for (String m : modes) {
            List<Double> v = results.get(m);
            System.out.printf("| %s | %,.0f | %,.0f – %,.0f | %.3f |%n", m, median(v),
                    v.stream().mapToDouble(d -> d).min().orElse(0), v.stream().mapToDouble(d -> d).max().orElse(0),
                    median(v) / offMedian);
        }
    }

    static double measure(String mode, Path dir, double seconds) throws Exception {
        try (GilLock lock = new GilLock()) {
            GilRecording rec = null;
            if (!mode.equals("off")) {
                AgentOptions o = new AgentOptions().set("jfr", dir.resolve(mode + ".jfr").toString())
                        .set("hlog", dir.resolve(mode + ".hlog").toString()).set("jfr.settings", mode);
                o.summaryStream = new PrintStream(OutputStream.nullOutputStream());
                o.shutdownHook = false;
                rec = GilRecording.start(lock, o);
            }
            LongAdder calls = new LongAdder();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> {
                    long x = 1, n = 0;
                    while (!stop.get()) {
                        ThreadState s = lock.enter();
                        try {
                            for (int k = 0; k < 20; k++) { // ~1 us of "interpreted" work with back-edge checkpoints
                                x = x * 6364136223846793005L + 1442695040888963407L;
                                lock.checkpoint();
                            }
                        } finally {
                            lock.exit(s);
                        }
                        for (int k = 0; k < 20; k++) x = x * 31 + k; // a little outside designated code
                        n++;
                    }
                    calls.add(n);
                    sink += x;
                }, "bench-" + i);
                threads.add(t);
            }
            long start = System.nanoTime();
            for (Thread t : threads) t.start();
            Thread.sleep((long) (seconds * 1000));
            stop.set(true);
            for (Thread t : threads) t.join();
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (rec != null) rec.stop();
            return calls.sum() / elapsed;
        }
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(d -> d).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
