package com.acme.apps.live;

import com.acme.apps.cpu.Work;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A JVM to watch and steer: two CPU-bound workers ({@code live-worker-0/1}) run designated work
 * ({@code com.acme.apps.cpu.Work}) until told to quit. Commands on stdin, one per line:
 * <ul>
 *   <li>{@code meet}: two threads enter designated code ({@link Designated#meet}) and each waits,
 *       checkpoint-free, for the other to be inside too; prints {@code overlap=2} when they were inside
 *       at the same moment, {@code overlap=1} when the wait timed out (what the GIL forces);</li>
 *   <li>{@code rate <millis> <label>}: measures the workers over that long and prints
 *       {@code <label> rate=<crunch calls/s> cpu=<worker CPU seconds per wall second>} — throughput, and how many
 *       cores the workers actually got (what tells "serialized" from "starved by a busy machine");</li>
 *   <li>{@code quit}: stops and exits 0.</li>
 * </ul>
 * Prints {@code READY <pid>} once the workers run.
 */
public final class LiveApp {
    static volatile boolean running = true;
    static volatile long sink;
    static final java.util.concurrent.atomic.LongAdder CALLS = new java.util.concurrent.atomic.LongAdder();

    public static void main(String[] args) throws Exception {
        Thread[] workers = new Thread[2];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Thread(() -> {
                while (running) {
                    sink = Work.crunch(1);
                    CALLS.increment();
                }
            }, "live-worker-" + i);
            workers[i].setDaemon(true);
            workers[i].start();
        }
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("meet")) {
                System.out.println("overlap=" + meet());
                System.out.flush();
            } else if (line.startsWith("rate ")) {
                String[] words = line.split(" ");
                System.out.println(words[2] + " " + rate(workers, Long.parseLong(words[1])));
                System.out.flush();
            } else if (line.equals("quit")) {
                break;
            }
        }
        running = false;
        for (Thread t : workers) t.join(10_000);
    }

    private static String rate(Thread[] workers, long millis) throws InterruptedException {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long calls0 = CALLS.sum(), cpu0 = 0, t0 = System.nanoTime();
        for (Thread w : workers) cpu0 += mx.getThreadCpuTime(w.getId());
        Thread.sleep(millis);
        long calls1 = CALLS.sum(), cpu1 = 0, t1 = System.nanoTime();
        for (Thread w : workers) cpu1 += mx.getThreadCpuTime(w.getId());
        double seconds = (t1 - t0) / 1e9;
        return String.format(java.util.Locale.ROOT, "rate=%.0f cpu=%.3f", (calls1 - calls0) / seconds, (cpu1 - cpu0) / 1e9 / seconds);
    }

    private static int meet() throws InterruptedException {
        Overlap.reset();
        int[] seen = new int[2];
        Thread a = new Thread(() -> seen[0] = Designated.meet(), "meet-a");
        Thread b = new Thread(() -> seen[1] = Designated.meet(), "meet-b");
        a.start();
        b.start();
        a.join();
        b.join();
        return Math.max(seen[0], seen[1]);
    }

    private LiveApp() {
    }
}
