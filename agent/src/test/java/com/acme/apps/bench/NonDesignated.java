package com.acme.apps.bench;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.SynchronousQueue;

/**
 * Code that is not designated, for the cost jgil puts on the JDK methods every thread runs (the
 * blocking-call releases in LockSupport.park, Thread.join, Object.wait...). {@link Marker} is the only
 * designated class: touching it first makes the agent weave it, and with it the JDK releases, as in any
 * program with some designated code. Arguments: {@code pingpong|forkjoin|threads seconds}; prints
 * {@code opsPerSecond=} of the best of the timed rounds after a warm-up of equal length.
 */
public final class NonDesignated {
    private NonDesignated() {
    }

    public static void main(String[] args) throws Exception {
        Marker.touch();
        String what = args[0];
        double seconds = Double.parseDouble(args[1]);
        round(what, seconds); // warm-up: compiled code, as the timed rounds
        double best = 0;
        for (int i = 0; i < 3; i++) best = Math.max(best, round(what, seconds / 3));
        System.out.println("opsPerSecond=" + best);
    }

    static double round(String what, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long t0 = System.nanoTime();
        long ops = 0;
        while (System.nanoTime() < end) ops += batch(what);
        return ops / ((System.nanoTime() - t0) / 1e9);
    }

    static long batch(String what) throws Exception {
        switch (what) {
            case "pingpong": return pingPong(2_000);
            case "forkjoin": return ForkJoinPool.commonPool().invoke(new Sum(0, 1 << 16));
            case "threads": return startJoin(20);
            default: throw new IllegalArgumentException(what);
        }
    }

    /** Two threads hand an object back and forth through two SynchronousQueues: every hand-off parks. */
    static long pingPong(int n) throws InterruptedException {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        Thread other = new Thread(() -> {
            try {
                for (int i = 0; i < n; i++) pong.put(ping.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        other.start();
        for (int i = 0; i < n; i++) {
            ping.put(i);
            pong.take();
        }
        other.join();
        return n;
    }

    static long startJoin(int n) throws InterruptedException {
        Thread[] ts = new Thread[n];
        for (int i = 0; i < n; i++) {
            ts[i] = new Thread(() -> { });
            ts[i].start();
        }
        for (Thread t : ts) t.join();
        return n;
    }

    /** A fork/join fan-out down to leaves of 256: returns the number of leaves (the ops). */
    static final class Sum extends RecursiveTask<Long> {
        private final int from;
        private final int to;

        Sum(int from, int to) {
            this.from = from;
            this.to = to;
        }

        @Override
        protected Long compute() {
            if (to - from <= 256) return 1L;
            int mid = (from + to) >>> 1;
            Sum left = new Sum(from, mid);
            left.fork();
            return new Sum(mid, to).compute() + left.join();
        }
    }

    /** The one designated class. */
    static final class Marker {
        private Marker() {
        }

        static void touch() {
        }
    }
}
