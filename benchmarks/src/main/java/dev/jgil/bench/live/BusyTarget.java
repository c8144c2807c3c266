package dev.jgil.bench.live;

import com.acme.livebench.BusyWork;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * A JVM for {@code jgil top} to watch: N CPU-bound workers ({@code busy-worker-<i>}) call the designated
 * {@link BusyWork#crunch} forever. Run it with the agent, e.g.
 * <pre>
 * java -javaagent:agent/target/jgil-agent.jar=include=com.acme.livebench.BusyWork,report=off,summary=off,hlog=off \
 *      -cp benchmarks/target/classes dev.jgil.bench.live.BusyTarget 2 print
 * </pre>
 * (the class path must not be the shaded benchmarks.jar: it holds a second copy of the agent's classes).
 *
 * <p>Arguments: {@code [workers=2] [print]}. Prints {@code READY <pid>} once the workers run; with
 * {@code print}, then one line per second {@code work/s=<calls> cpu=<worker cores>}. Commands on stdin:
 * <ul>
 *   <li>{@code sample}: prints {@code sample <nanoTime> <calls so far> <worker CPU ns so far>} — a harness
 *       takes two samples and divides (what {@link LiveTopBench} does);</li>
 *   <li>{@code quit}: stops and exits 0 (so the agent closes its recording normally). End of stdin too.</li>
 * </ul>
 */
public final class BusyTarget {
    static volatile boolean running = true;
    static volatile long sink;
    static final LongAdder CALLS = new LongAdder();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        boolean print = args.length > 1 && args[1].equals("print");
        Thread[] workers = new Thread[n];
        for (int i = 0; i < n; i++) {
            long seed = 88172645463325252L + i;
            workers[i] = new Thread(() -> {
                long x = seed;
                while (running) {
                    x = BusyWork.crunch(x);
                    CALLS.increment();
                }
                sink = x;
            }, "busy-worker-" + i);
            workers[i].setDaemon(true);
            workers[i].start();
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        if (print) {
            Thread p = new Thread(() -> {
                long calls = CALLS.sum(), cpu = cpu(mx, workers), t = System.nanoTime();
                while (running) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    long c1 = CALLS.sum(), cpu1 = cpu(mx, workers), t1 = System.nanoTime();
                    double s = (t1 - t) / 1e9;
                    System.out.printf(java.util.Locale.ROOT, "work/s=%.0f cpu=%.2f%n", (c1 - calls) / s, (cpu1 - cpu) / 1e9 / s);
                    calls = c1;
                    cpu = cpu1;
                    t = t1;
                }
            }, "busy-printer");
            p.setDaemon(true);
            p.start();
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("sample")) {
                long t = System.nanoTime();
                System.out.println("sample " + t + " " + CALLS.sum() + " " + cpu(mx, workers));
                System.out.flush();
            } else if (line.equals("quit")) {
                break;
            }
        }
        running = false;
        for (Thread t : workers) t.join(10_000);
    }

    private static long cpu(ThreadMXBean mx, Thread[] workers) {
        long sum = 0;
        for (Thread w : workers) sum += Math.max(0, mx.getThreadCpuTime(w.getId()));
        return sum;
    }

    private BusyTarget() {
    }
}
