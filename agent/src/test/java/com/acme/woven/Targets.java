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

    /** A getter: 4 bytes of bytecode, inlined by the JIT everywhere unless weaving bloats it. */
    public static int tiny() {
        return counter;
    }

    /** NEW and calls of core JDK classes that are initialized before designated code runs: no checkpoint. */
    public static int coreAllocations(int x) {
        Object o = new Object();
        return new StringBuilder().append(x).append(o == null).toString().length();
    }

    /** NEW (may wait for an initializer), constructor call and method call of a non-core class: 3 checkpoints. */
    public static int foreignAllocation(int x) {
        return new java.util.concurrent.atomic.AtomicInteger(x).get();
    }

    /** A designated constructor of this class re-acquires in its own exit: no checkpoint after NEW nor after it. */
    public static boolean selfConstruction() {
        return new Targets(false).heldInConstructor;
    }

    /** A private method behind a method reference: called from a JDK-generated class, so it keeps its bracket. */
    private static boolean referenced() {
        return Gil.lock().isHeldByCurrentThread();
    }

    public static BooleanSupplier methodRef() {
        return Targets::referenced;
    }

    /** Annotated: frameworks call such private methods reflectively, so it keeps its bracket. */
    @Deprecated
    private static int annotated() {
        return counter;
    }

    public static int callsAnnotated() {
        return annotated();
    }

    /** Synchronized: entering it may block on the monitor, so it keeps its bracket. */
    private static synchronized int synchronizedHelper() {
        return counter;
    }

    public static int callsSynchronizedHelper() {
        return synchronizedHelper();
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
