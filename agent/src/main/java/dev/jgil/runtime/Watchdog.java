package dev.jgil.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands the token off when its owner is blocked or dead and somebody waits. It is what makes monitors
 * ({@code synchronized}) and any blocking path the explicit releases miss deadlock-free.
 *
 * <p>Costs nothing while nobody waits: the thread is started by the first waiter and parks untimed
 * whenever the wait queue is empty; the waiter that makes the count go 0 → 1 unparks it. While
 * someone waits it polls about once per switch interval (clamped to 200 µs … 10 ms).
 */
final class Watchdog implements Runnable {
    private static final long MIN_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final GilLock lock;
    private volatile Thread thread;
    private volatile boolean closed;

    Watchdog(GilLock lock) {
        this.lock = lock;
    }

    /** Called by the waiter that made the waiter count 1. */
    void wake() {
        Thread t = thread;
        if (t == null) t = start();
        if (t != null) LockSupport.unpark(t);
    }

    private synchronized Thread start() {
        if (thread == null && !closed) {
            Thread t = new Thread(this, "jgil-watchdog");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            thread = t;
            t.start();
        }
        return thread;
    }

    @Override
    public void run() {
        while (!closed) {
            if (lock.waiterCount() == 0) {
                LockSupport.park(this); // until the next first waiter
                continue;
            }
            try {
                if (!lock.handOffFromBlockedOwner()) watchForStall();
            } catch (Throwable t) {
                // never die: a dead watchdog turns a blocked owner into a hung application
            }
            long poll = Math.max(MIN_POLL_NANOS, Math.min(MAX_POLL_NANOS, lock.intervalNanos()));
            LockSupport.parkNanos(this, poll);
        }
    }

    /** At least this long without any acquisition while someone waits makes a RUNNABLE owner "stalled". */
    static final long MIN_STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private Thread stallOwner;
    private long stallSwitchNumber;
    private long stallSince;

    /**
     * A RUNNABLE owner that lets nobody in for max(100 ms, 20 intervals) is stuck somewhere
     * Thread.getState() does not show (class initialization, native code): see
     * {@link GilLock#handOffFromStalledOwner}. Any acquisition, by anyone, restarts the clock; a
     * CPU-bound owner under every serializing policy drops within an interval or a check interval.
     */
    private void watchForStall() {
        Thread o = lock.ownerThread();
        long sn = lock.switchNumber();
        long now = System.nanoTime();
        if (o == null || o != stallOwner || sn != stallSwitchNumber) {
            stallOwner = o;
            stallSwitchNumber = sn;
            stallSince = now;
            return;
        }
        long stall = Math.max(MIN_STALL_NANOS, 20 * lock.intervalNanos());
        if (now - stallSince >= stall && lock.handOffFromStalledOwner(o)) stallOwner = null;
    }

    void close() {
        closed = true;
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }
}
