package com.acme.apps.release;

import com.acme.apps.Probe;

/** Two threads in designated code spend most of their time in a release zone; prints the speed-up. */
public final class ReleaseApp {
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        int rounds = calibrate(300);
        Native.MAX_INSIDE.set(0);
        Native.HELD_INSIDE.set(0);
        Caller.NOT_HELD_AFTER.set(0);
        long t0 = System.nanoTime();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> sink = Caller.run(rounds));
            t.start();
            t.join();
        }
        long seq = System.nanoTime() - t0;
        Thread a = new Thread(() -> sink = Caller.run(rounds));
        Thread b = new Thread(() -> sink = Caller.run(rounds));
        t0 = System.nanoTime();
        a.start();
        b.start();
        a.join();
        b.join();
        long par = System.nanoTime() - t0;
        System.out.println("agent=" + Probe.agent());
        System.out.printf("speedup=%.3f%n", (double) seq / par);
        System.out.println("maxInsideRelease=" + Native.MAX_INSIDE.get());
        System.out.println("heldInsideRelease=" + Native.HELD_INSIDE.get());
        System.out.println("notHeldAfterRelease=" + Caller.NOT_HELD_AFTER.get());
    }

    private static int calibrate(long targetMs) {
        int r = 4;
        for (;;) {
            long t0 = System.nanoTime();
            sink = Caller.run(r);
            long t = System.nanoTime() - t0;
            if (t >= 60_000_000L || r >= (1 << 24)) return (int) Math.max(1, r * (targetMs * 1_000_000L) / t);
            r *= 2;
        }
    }
}
