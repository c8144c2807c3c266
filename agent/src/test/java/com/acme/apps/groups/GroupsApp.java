package com.acme.apps.groups;

import com.acme.apps.Probe;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two CPU-bound "libraries", {@link Alpha} and {@link Beta}, on one thread each: in two GIL groups they should run in
 * parallel, in one group take turns. Arguments: {@code ms=300} (work per thread), {@code alphaGroup=alpha
 * betaGroup=beta} (the group whose lock each one's oracle expects held), {@code mode=parallel|cross}. {@code cross}:
 * one thread runs Alpha calling into Beta, the other Beta calling into Alpha, at once (opposite directions).
 * Prints {@code key=value} lines: speed-up and parallelism, each oracle's maximum of threads inside, checks and checks
 * without its group's lock held, and the maximum of threads inside either oracle at once.
 */
public final class GroupsApp {
    static final Oracle ALPHA = new Oracle();
    static final Oracle BETA = new Oracle();
    /** Threads inside either oracle at once: 2 only if the two groups really run in parallel. */
    static final AtomicInteger BOTH_INSIDE = new AtomicInteger();
    static final AtomicInteger BOTH_MAX = new AtomicInteger();
    static volatile long sink;
    static String alphaGroup = "alpha";
    static String betaGroup = "beta";

    public static void main(String[] args) throws Exception {
        long ms = 300;
        String mode = "parallel";
        for (String a : args) {
            if (a.startsWith("ms=")) ms = Long.parseLong(a.substring(3));
            else if (a.startsWith("alphaGroup=")) alphaGroup = a.substring(11);
            else if (a.startsWith("betaGroup=")) betaGroup = a.substring(10);
            else if (a.startsWith("mode=")) mode = a.substring(5);
        }
        System.out.println("agent=" + Probe.agent());
        int rounds = calibrate(ms);
        reset();
        if (mode.equals("cross")) {
            int r = Math.max(1, rounds / 4);
            long t0 = System.nanoTime();
            run(() -> sink = Alpha.callBeta(r), () -> sink = Beta.callAlpha(r));
            System.out.println("crossMs=" + (System.nanoTime() - t0) / 1_000_000);
        } else {
            long t0 = System.nanoTime();
            run(() -> sink = Alpha.crunch(rounds));
            run(() -> sink = Beta.crunch(rounds));
            long seq = System.nanoTime() - t0;
            long t1 = System.nanoTime();
            long cpu = run(() -> sink = Alpha.crunch(rounds), () -> sink = Beta.crunch(rounds));
            long par = System.nanoTime() - t1;
            System.out.printf(Locale.ROOT, "speedup=%.3f%n", (double) seq / par);
            System.out.printf(Locale.ROOT, "parallelism=%.3f%n", (double) cpu / par);
        }
        ALPHA.print("alpha");
        BETA.print("beta");
        System.out.println("bothMaxInside=" + BOTH_MAX.get());
    }

    static long spin(long x, int n) {
        for (int i = 0; i < n; i++) { // back-edge checkpoints
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    private static void reset() {
        ALPHA.reset();
        BETA.reset();
        BOTH_MAX.set(0);
    }

    /** Runs the tasks on a thread each and returns their CPU time. */
    private static long run(Runnable... tasks) throws InterruptedException {
        AtomicLong cpu = new AtomicLong();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Thread[] ts = new Thread[tasks.length];
        for (int i = 0; i < tasks.length; i++) {
            Runnable t = tasks[i];
            ts[i] = new Thread(() -> {
                long c0 = mx.getCurrentThreadCpuTime();
                t.run();
                cpu.addAndGet(mx.getCurrentThreadCpuTime() - c0);
            }, "worker-" + i);
        }
        for (Thread t : ts) t.start();
        for (Thread t : ts) t.join();
        return cpu.get();
    }

    private static int calibrate(long targetMs) {
        long warmEnd = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < warmEnd) sink = Alpha.crunch(4) + Beta.crunch(4) + Alpha.callBeta(1) + Beta.callAlpha(1);
        int r = 4;
        for (;;) {
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                sink = Alpha.crunch(r);
                best = Math.min(best, System.nanoTime() - t0);
            }
            if (best >= 30_000_000L || r >= (1 << 24)) return (int) Math.max(1, r * (targetMs * 1_000_000L) / best);
            r *= 2;
        }
    }

    /**
     * One library's mutual-exclusion oracle: called from its designated code, not designated itself, no checkpoint
     * inside, so under its group's lock no two threads are ever in here at once (see com.acme.apps.cpu.Section).
     */
    static final class Oracle {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger maxInside = new AtomicInteger();
        final AtomicLong checks = new AtomicLong();
        final AtomicLong notHeld = new AtomicLong();

        void exclusive(long seed, String library) {
            String group = library.equals("alpha") ? alphaGroup : betaGroup;
            checks.incrementAndGet();
            if (Probe.agent() && !Probe.heldIn(group)) notHeld.incrementAndGet();
            int n = inside.incrementAndGet();
            int b = BOTH_INSIDE.incrementAndGet();
            if (n > maxInside.get()) maxInside.accumulateAndGet(n, Math::max);
            if (b > BOTH_MAX.get()) BOTH_MAX.accumulateAndGet(b, Math::max);
            sink = spin(seed | 1, 1500);
            BOTH_INSIDE.decrementAndGet();
            inside.decrementAndGet();
        }

        void reset() {
            maxInside.set(0);
            checks.set(0);
            notHeld.set(0);
        }

        void print(String name) {
            System.out.println(name + "MaxInside=" + maxInside.get());
            System.out.println(name + "Checks=" + checks.get());
            System.out.println(name + "NotHeld=" + notHeld.get());
        }
    }
}
