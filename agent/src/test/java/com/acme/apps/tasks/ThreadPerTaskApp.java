package com.acme.apps.tasks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread per task, as users write it: {@code n} short-lived threads, each calls the designated {@link Task#call}
 * once. Arguments: {@code platform|virtual n [inFlight]}: platform threads named {@code task-<i>} with at most
 * {@code inFlight} (default 200) alive at once and no reference kept; or virtual threads from
 * {@code Executors.newVirtualThreadPerTaskExecutor()} (JDK 21+, found reflectively so this compiles for 17).
 * Prints {@code calls=N heapAfterGcBytes=H} (heap used after System.gc(), once the agent had a stats period to
 * clean up) and ends normally, so the shutdown hook writes the recording.
 */
public final class ThreadPerTaskApp {
    static final AtomicLong SINK = new AtomicLong();

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        if (mode.equals("platform")) platform(n, inFlight);
        else if (mode.equals("virtual")) virtual(n);
        else throw new IllegalArgumentException(mode);
        Thread.sleep(Long.getLong("settleMs", 1500)); // a stats period: the agent cleans up after dead threads by then
        System.out.println("calls=" + n + " heapAfterGcBytes=" + heapAfterGc());
    }

    static void platform(int n, int inFlight) throws InterruptedException {
        Semaphore slots = new Semaphore(inFlight);
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            slots.acquire();
            int k = i;
            new Thread(() -> {
                try {
                    SINK.addAndGet(Task.call(k));
                } finally {
                    done.countDown();
                    slots.release();
                }
            }, "task-" + i).start();
        }
        done.await();
    }

    static void virtual(int n) throws Exception {
        ExecutorService ex = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        for (int i = 0; i < n; i++) {
            int k = i;
            ex.execute(() -> SINK.addAndGet(Task.call(k)));
        }
        ex.shutdown();
        if (!ex.awaitTermination(5, TimeUnit.MINUTES)) throw new IllegalStateException("tasks did not finish");
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
