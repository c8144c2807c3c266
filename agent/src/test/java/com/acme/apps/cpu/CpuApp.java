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

    /** Rounds for about targetMs of single-threaded work (also warms the JIT up). */
    private static int calibrate(long targetMs) {
        int r = 4;
        for (;;) {
            long t0 = System.nanoTime();
            sink = Work.crunch(r);
            long t = System.nanoTime() - t0;
            if (t >= 60_000_000L || r >= (1 << 24)) {
                return (int) Math.max(1, r * (targetMs * 1_000_000L) / t);
            }
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
        for (int i = 0; i < threads; i++) ts[i] = new Thread(() -> sink = Work.crunch(rounds), "par-" + i);
        long t0 = System.nanoTime();
        for (Thread t : ts) t.start();
        for (Thread t : ts) t.join();
        return System.nanoTime() - t0;
    }
}
