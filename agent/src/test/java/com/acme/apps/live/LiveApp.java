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
 *   <li>{@code quit}: stops and exits 0.</li>
 * </ul>
 * Prints {@code READY <pid>} once the workers run.
 */
public final class LiveApp {
    static volatile boolean running = true;
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        Thread[] workers = new Thread[2];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Thread(() -> {
                while (running) sink = Work.crunch(1);
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
            } else if (line.equals("quit")) {
                break;
            }
        }
        running = false;
        for (Thread t : workers) t.join(10_000);
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
