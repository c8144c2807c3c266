package com.acme.woven;

import dev.jgil.runtime.Gil;

import java.util.function.BooleanSupplier;

/** Woven in-process by WeavingTest (designated as a whole class, except notMe). */
public class Targets {
    static final Object LOCK = new Object();
    static int counter;
    public final boolean heldInConstructor;

    public Targets(boolean fail) {
        heldInConstructor = held();
        if (fail) throw new IllegalStateException("constructor failed");
    }

    public Targets(int ignored) {
        this(false); // this(..) call: the bracket starts after it
    }

    public static boolean held() {
        return Gil.lock().isHeldByCurrentThread();
    }

    public static boolean notMe() {
        return Gil.lock().isHeldByCurrentThread();
    }

    public static int loop(int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += i * 31;
        }
        return s;
    }

    public static int threeCalls(int x) {
        x = Math.abs(x);
        x = Math.abs(x);
        x = Math.abs(x);
        return x;
    }

    public static void monitor() {
        synchronized (LOCK) {
            counter++;
        }
    }

    public static synchronized boolean synchronizedHeld() {
        return Gil.lock().isHeldByCurrentThread();
    }

    public static BooleanSupplier lambda() {
        return () -> Gil.lock().isHeldByCurrentThread();
    }

    public static void boom() {
        throw new IllegalArgumentException("boom");
    }

    public static int depthInside() {
        return Gil.lock().currentThreadState().depth();
    }

    public static int nestedDepth() {
        return depthInside();
    }
}
