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
        x = java.util.Objects.hashCode(x); // Object parameter: not inert (Integer.valueOf is)
        x = java.util.Objects.hashCode(x);
        x = java.util.Objects.hashCode(x);
        return x;
    }

    /** Inert JDK calls (cannot lose the token) and exact calls to designated methods of this class: no checkpoint. */
    public static int noCheckpointCalls(int x) {
        x = Math.abs(x);
        x = Integer.parseInt(Integer.toString(x));
        x += selfStatic(x);
        return x;
    }

    private static int selfStatic(int x) {
        return x + 1;
    }

    /** Drops the token inside a designated callee; the callee's exit must take it back for the caller. */
    public static boolean heldAfterCalleeReleased() {
        releaseInside();
        return Gil.lock().isHeldByCurrentThread();
    }

    private static void releaseInside() {
        Gil.releaseForBlocking();
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
