package dev.jgil.runtime;

/**
 * A {@link GilLock}'s settings: the policy and what it implies, the switch and check intervals, trace accounting,
 * the listener, and the swap of {@link Gil}'s hot-path bodies ({@link FastOff}). A superclass, like
 * {@link GilCounters}, so that the hot path reads them as the lock's own fields. Changes that must reach the token's
 * state (the policy, trace accounting) are made by GilLock's setters.
 */
public abstract class GilSettings extends GilCounters {
    public static final long DEFAULT_INTERVAL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(5);
    public static final int DEFAULT_CHECK_INTERVAL = 100;

    // ---- configuration (read on slow paths) ----
    volatile GilPolicy policy;
    /**
     * {@code policy.serializes()}, as a field the checkpoint reads inline: under {@code off} nobody owns
     * the token, so every checkpoint misses {@code runFast}; without this it would call the slow path on
     * every loop back-edge (measured: about half the per-core throughput of {@code switch}). Written after
     * {@code policy}: a stale {@code true} only sends a thread to the slow path, which reads the policy
     * itself; a stale {@code false} lasts until the volatile store is seen, like a stale runFast.
     */
    volatile boolean serializing;
    /** Beyond CPython's rules (0 under its policies), read where a hold begins and ends: METERING, PREEMPTIVE. */
    volatile int extras;
    static final int METERING = 1;
    static final int PREEMPTIVE = 2;
    volatile long intervalNanos = DEFAULT_INTERVAL_NANOS;
    volatile int checkInterval = DEFAULT_CHECK_INTERVAL;
    volatile boolean traceAccounting;
    volatile GilListener listener;

    // ---- the swap of Gil's hot-path bodies (see FastOff) ----
    final Object fastOffMonitor = new Object();
    volatile FastOff.Swap fastOffSwap;
    volatile boolean fastOffBodies;

    // ---- which GIL this is (see GilGroups) ----
    /** {@code default} for the process-wide GIL, else the {@code group.NAME=} option's name. Set once, before use. */
    volatile String group = GilGroups.DEFAULT;
    /** Acquisition order among the groups' locks: 0 for the default GIL, then 1, 2... in option order. */
    volatile int order;

    GilSettings() {
    }

    /** This GIL's group name ({@code default} for the process-wide one). */
    public String group() {
        return group;
    }

    /** Its place in the acquisition order (see GilGroups): a thread never waits for it holding a later one. */
    public int order() {
        return order;
    }

    public long intervalNanos() {
        return intervalNanos;
    }

    /** The switch interval (CPython's {@code sys.setswitchinterval}); at least 1 µs. */
    public void setIntervalNanos(long nanos) {
        if (nanos < 1_000) throw new IllegalArgumentException("interval must be at least 1us, got " + nanos + "ns");
        this.intervalNanos = nanos;
    }

    public int checkInterval() {
        return checkInterval;
    }

    /** Checkpoints between drops under {@code ticks} (CPython's {@code sys.setcheckinterval}). */
    public void setCheckInterval(int checkpoints) {
        if (checkpoints < 1) throw new IllegalArgumentException("checkinterval must be >= 1, got " + checkpoints);
        this.checkInterval = checkpoints;
    }

    public boolean traceAccounting() {
        return traceAccounting;
    }

    /** Whether Gil's hot path is {@link FastOff}'s (policy off, untraced, agent present). */
    public boolean fastOffBodies() {
        return fastOffBodies;
    }

    public void setListener(GilListener l) {
        this.listener = l;
    }

    /** The listener set by {@link #setListener}, or null. */
    public GilListener listener() {
        return listener;
    }
}
