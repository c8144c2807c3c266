package com.acme.apps.cpu;

import com.acme.apps.Probe;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Runs the same CPU-bound work on {@code threads} threads, first one after the other, then all at once,
 * and prints the speed-up (sequential time / parallel time) and the oracle's verdict.
 * Arguments: {@code threads=2 ms=300 [wait]}; with {@code wait} it prints {@code READY <pid>} after
 * warming up and waits for a line on stdin (the test attaches the agent meanwhile).
 */
public final class CpuApp {
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        int threads = 2;
        long targetMs = 300;
        boolean wait = false;
        for (String a : args) {
            if (a.startsWith("threads=")) threads = Integer.parseInt(a.substring(8));
            else if (a.startsWith("ms=")) targetMs = Long.parseLong(a.substring(3));
            else if (a.equals("wait")) wait = true;
        }
        int rounds = calibrate(targetMs);
        if (wait) {
            System.out.println("heldBeforeAttach=" + heldInWork());
            System.out.println("READY " + ProcessHandle.current().pid());
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            Probe.refresh();
            // Retransformation threw the compiled code away: warm the woven code up before timing it,
            // or the sequential phase runs interpreted and the comparison means nothing.
            long warmEnd = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < warmEnd) sink = Work.crunch(4);
        }
        System.out.println("agent=" + Probe.agent());
        Section.reset();
        long seq = timeSequential(threads, rounds);
        long par = timeParallel(threads, rounds);
        System.out.println("rounds=" + rounds);
        System.out.println("seqMs=" + seq / 1_000_000);
        System.out.println("parMs=" + par / 1_000_000);
        System.out.printf("speedup=%.3f%n", (double) seq / par);
        System.out.println("maxInside=" + Section.MAX_INSIDE.get());
        System.out.println("heldChecks=" + Section.CHECKS.get());
        System.out.println("notHeld=" + Section.NOT_HELD.get());
    }

    private static boolean heldInWork() {
        Section.reset();
        Work.crunch(1);
        return Section.NOT_HELD.get() == 0;
    }

    /**
     * Rounds for about targetMs of single-threaded work. Warms the JIT up first and takes the fastest
     * of three timings, so that one preemption on a busy machine cannot shrink the workload.
     */
    private static int calibrate(long targetMs) {
        long warmEnd = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < warmEnd) sink = Work.crunch(4);
        int r = 4;
        for (;;) {
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                sink = Work.crunch(r);
                best = Math.min(best, System.nanoTime() - t0);
            }
            if (best >= 30_000_000L || r >= (1 << 24)) return (int) Math.max(1, r * (targetMs * 1_000_000L) / best);
            r *= 2;
        }
    }

    private static long timeSequential(int threads, int rounds) throws InterruptedException {
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> sink = Work.crunch(rounds), "seq-" + i);
            t.start();
            t.join();
        }
        return System.nanoTime() - t0;
    }

    private static long timeParallel(int threads, int rounds) throws InterruptedException {
        Thread[] ts = new Thread[threads];
        java.util.concurrent.atomic.AtomicLong cpu = new java.util.concurrent.atomic.AtomicLong();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < threads; i++) {
            ts[i] = new Thread(() -> {
                long c0 = mx.getCurrentThreadCpuTime();
                sink = Work.crunch(rounds);
                cpu.addAndGet(mx.getCurrentThreadCpuTime() - c0);
            }, "par-" + i);
        }
        long t0 = System.nanoTime();
        for (Thread t : ts) t.start();
        for (Thread t : ts) t.join();
        long wall = System.nanoTime() - t0;
        // CPU seconds per wall second of the parallel phase: ~1 when serialized, ~threads when not,
        // whatever else the machine runs (a loaded machine distorts the wall-clock speed-up instead).
        System.out.printf(java.util.Locale.ROOT, "parallelism=%.3f%n", (double) cpu.get() / wall);
        return wall;
    }
}
