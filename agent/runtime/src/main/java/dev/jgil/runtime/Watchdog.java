package dev.jgil.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands the token off when its owner is blocked or dead and somebody waits. It is what makes monitors
 * ({@code synchronized}) and any blocking path the explicit releases miss deadlock-free.
 *
 * <p>Costs nothing while nobody waits, and stays off the ordinary hand-off path: the head waiter
 * wakes it only after it watched the same owner for a notice period (min(interval, 5 ms)) without a
 * switch; the thread is started on first use and parks untimed whenever nobody waits. While someone
 * waits it polls about once per switch interval (clamped to 200 µs … 10 ms).
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

    /** Called by the head waiter when one owner kept the token for a whole notice period. */
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
                if (!WatchdogHandOffs.fromBlockedOwner(lock) && !WatchdogHandOffs.fromNativeBlockedOwner(lock)) {
                    watchForStall(poll());
                }
            } catch (Throwable t) {
                // never die: a dead watchdog turns a blocked owner into a hung application
            }
            LockSupport.parkNanos(this, poll());
        }
    }

    /** At least this long without any acquisition while someone waits makes a RUNNABLE owner a suspect. */
    static final long MIN_STALL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** CPU time the suspect may burn during the window and still count as stuck (clock granularity). */
    private static final long MAX_STUCK_CPU_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private Thread stallOwner;
    private long stallSwitchNumber;
    private long stallPolls;
    private long stallCpu;
    private long lastPoll;
    private java.lang.management.ThreadMXBean threads;
    private boolean noCpuTime;

    /**
     * A RUNNABLE owner that lets nobody in for max(1 s, 200 intervals) and burns no CPU meanwhile is
     * stuck somewhere Thread.getState() does not show (waiting for another thread's class
     * initialization, blocked in native code): see {@link WatchdogHandOffs#fromStalledOwner}.
     * <ul>
     *   <li>Any change of holder restarts the window (the switch number moves only then); an owner that
     *       keeps re-taking the token is running, which the CPU-time check below sees.</li>
     *   <li>The window is counted in evenly spaced polls, not wall time: a GC pause, or this thread
     *       being descheduled, must not add up to a stall.</li>
     *   <li>An owner whose CPU time advanced is running (maybe starved by a loaded machine, maybe in a
     *       long library call): it may be in the middle of designated code, so it is never touched.
     *       Without per-thread CPU time (virtual threads, no java.management) nothing is taken.</li>
     * </ul>
     */
    private void watchForStall(long pollNanos) {
        Thread o = lock.ownerThread();
        long sn = lock.switchNumber();
        long now = System.nanoTime();
        boolean evenlySpaced = now - lastPoll <= 4 * pollNanos;
        lastPoll = now;
        if (o == null || o != stallOwner || sn != stallSwitchNumber || !evenlySpaced) {
            stallOwner = o;
            stallSwitchNumber = sn;
            stallPolls = 0;
            stallCpu = o == null ? -1 : cpuTime(o);
            return;
        }
        stallPolls++;
        long window = Math.max(MIN_STALL_NANOS, 200 * lock.intervalNanos());
        if (stallPolls * pollNanos < window) return;
        long cpu = cpuTime(o);
        boolean stuck = stallCpu >= 0 && cpu >= 0 && cpu - stallCpu <= MAX_STUCK_CPU_NANOS;
        if (stuck && WatchdogHandOffs.fromStalledOwner(lock, o)) stallOwner = null;
        stallPolls = 0; // judge the next window afresh
        stallCpu = cpuTime(o);
    }

    /** The thread's CPU time, or -1 if unknown. Loads java.management only once a suspect appears. */
    private long cpuTime(Thread t) {
        if (noCpuTime) return -1;
        try {
            if (threads == null) threads = java.lang.management.ManagementFactory.getThreadMXBean();
            return threads.getThreadCpuTime(t.getId());
        } catch (Throwable e) {
            noCpuTime = true;
            return -1;
        }
    }

    private long poll() {
        return Math.max(MIN_POLL_NANOS, Math.min(MAX_POLL_NANOS, lock.intervalNanos()));
    }

    void close() {
        closed = true;
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }
}
