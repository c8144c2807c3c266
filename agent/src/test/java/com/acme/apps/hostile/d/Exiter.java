package com.acme.apps.hostile.d;

import com.acme.apps.hostile.Oracle;

/** Designated code that calls System.exit while other designated threads want the GIL. */
public final class Exiter {
    static volatile long sink;

    private Exiter() {
    }

    public static void spinForever() {
        long x = 1;
        for (;;) {
            x ^= x << 5;
            sink = x;
        }
    }

    public static void sleepForever() throws InterruptedException {
        for (;;) Thread.sleep(3);
    }

    /** Run by a shutdown hook: the hook thread needs the GIL while the exiting thread owns it. */
    public static void hook() {
        Oracle.check();
        System.out.println("hook=ran");
        System.out.flush();
    }

    public static void exit(int status) {
        long x = 0;
        for (int i = 0; i < 1_000_000; i++) x += i; // hold and contend for a while first
        sink = x;
        System.exit(status);
    }
}
