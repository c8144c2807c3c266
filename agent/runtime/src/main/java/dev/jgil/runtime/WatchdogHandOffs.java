package dev.jgil.runtime;

import static dev.jgil.runtime.GilLock.OWNER;
import static dev.jgil.runtime.GilLock.RUN_FAST;
import static dev.jgil.runtime.GilLock.WATCHDOG;

import java.util.concurrent.locks.LockSupport;

/**
 * How the {@link Watchdog} takes the token from an owner that cannot give it: two phases, so that it never
 * takes it from a thread that computes (GilLock's notes, "the watchdog never takes the token from a thread
 * that computes"). Phase 1 stops the owner passing checkpoints (fast path off, then the token parked on
 * WATCHDOG by CAS); phase 2 checks the owner's state again and passes the token on or gives it back.
 */
final class WatchdogHandOffs {
    private WatchdogHandOffs() {
    }

    /**
     * Takes the token from its owner if somebody waits and the owner is blocked (BLOCKED, WAITING,
     * TIMED_WAITING) or dead. The owner re-acquires lazily when it runs designated code again.
     *
     * @return whether the token was taken
     */
    static boolean fromBlockedOwner(GilLock lock) {
        ThreadState o = lock.owner;
        // An owner still in waitForToken was just handed the token (fifo, or given back): it is parked
        // only until it notices, so it is about to run, not blocked. A claimable hand-off's placeholder
        // lapses by itself (GilLock's notes: claimed hand-offs).
        if (o == null || o == WATCHDOG || o.receiver != null || o.waiting || lock.waiters == 0) return false;
        long hold = o.holdSeq;
        if (!isBlockedOrDead(o.thread.getState())) return false;
        // Phase 1: stop o passing checkpoints (fast path off, then the token parked on WATCHDOG).
        RUN_FAST.compareAndSet(lock, o.thread, null);
        if (!OWNER.compareAndSet(lock, o, WATCHDOG)) return false;
        if (newerHold(lock, o, hold)) return false;
        // Phase 2: getState() was a snapshot; o may have woken and run on since. From now on it cannot
        // pass a checkpoint unnoticed, so if it is still blocked it cannot be inside designated code
        // past its last checkpoint: safe to hand the token on.
        Thread.State state = o.thread.getState();
        if (!isBlockedOrDead(state)) {
            lock.owner = o; // give it back; its next checkpoint sees runFast == null and switches normally
            LockSupport.unpark(o.thread);
            return false;
        }
        completeHandOff(lock, o, state == Thread.State.BLOCKED ? firstMidCallWaiter(lock) : null);
        return true;
    }

    /**
     * How long, in switch intervals, the thread handed the token as the monitor's likely holder is not made to drop it
     * (ForcedSwitching): dropped inside the monitor again, it gave the token to the next thread that blocks on it, one
     * watchdog notice each (fifo: 15-29 hand-offs for 40 such threads, bfs 34-40, in WatchdogTest's case). Bounded, so
     * that a holder that computes for long inside its monitor still lets the others run.
     */
    static final int MONITOR_GRACE_INTERVALS = 10;

    /**
     * The first queued waiter that lost the token inside designated code, or null. An owner BLOCKED entering a monitor
     * of designated code waits for a thread that took that monitor while it held the token and then lost the token
     * (a forced drop inside a synchronized method, or this same hand-off); that thread queues again for the token,
     * monitor held. Handed on the usual way, the token went to the queue's head, which blocked on the same monitor,
     * one watchdog notice each until the monitor's holder reached the head: 100,000 virtual threads running Jackson
     * (JDK 25: a virtual thread unmounts on a contended monitor) spent 90 s instead of 4 on 20,010 such hand-offs
     * (benchmarks/README.md). The thread that can release the monitor is among the waiters that lost the token
     * mid-call, never among those entering designated code afresh; the first of them goes first.
     */
    private static ThreadState firstMidCallWaiter(GilLock lock) {
        if (lock.midCallWaiters == 0) return null;
        for (ThreadState w : lock.queue) {
            if (w.midCall) return w;
        }
        return null;
    }

    /**
     * Takes the token from an owner that is RUNNABLE but has let nobody have it for a long time while
     * others wait (the watchdog decides what "long" is). Thread.getState() cannot see every way a
     * thread blocks: a thread waiting for another thread's class initialization, or blocked in native
     * code, reports RUNNABLE. The classic case: A runs a static initializer that calls designated code
     * and is asked to drop; B takes the token and touches the class, so B waits for A's initializer
     * while owning the token A needs. Designated code has a checkpoint after every instruction that can
     * wait for class initialization, so such an owner is at a checkpoint boundary. The watchdog only
     * calls this for an owner that burned no CPU for a long window (see Watchdog#watchForStall): a
     * running owner, however starved, may be in the middle of designated code and is never taken from.
     *
     * @param expected the owner's thread the watchdog saw stall
     * @return whether the token was taken
     */
    static boolean fromStalledOwner(GilLock lock, Thread expected) {
        ThreadState o = lock.owner;
        if (o == null || o == WATCHDOG || o.receiver != null || o.thread != expected || o.waiting || lock.waiters == 0) return false;
        long hold = o.holdSeq;
        if (o.thread.getState() != Thread.State.RUNNABLE) return false; // fromBlockedOwner's case
        RUN_FAST.compareAndSet(lock, o.thread, null);
        if (!OWNER.compareAndSet(lock, o, WATCHDOG)) return false;
        if (newerHold(lock, o, hold)) return false;
        lock.stalledOwnerHandOffs.incrementAndGet();
        completeHandOff(lock, o, null);
        return true;
    }

    /**
     * Takes the token from a RUNNABLE owner that sits in a native call which sleeps in the kernel
     * (epoll_wait, accept, read, poll, a JNI library's futex or nanosleep): the JVM says "in native"
     * and the kernel says "S"/"D". Safe for designated code whatever the call: a thread in native runs
     * no designated bytecode, and when the native call returns into designated code the checkpoint
     * woven after every call makes it take the token back first (returning into JDK or undesignated
     * code needs no token). It is not taken from a thread computing in native code (kernel state R,
     * running or waiting for a core), so a JNI library under the GIL stays serialized while it computes.
     * Two phases as in {@link #fromBlockedOwner}: both facts are checked again after the token
     * is parked on WATCHDOG.
     *
     * @return whether the token was taken
     */
    static boolean fromNativeBlockedOwner(GilLock lock) {
        ThreadState o = lock.owner;
        if (o == null || o == WATCHDOG || o.receiver != null || o.waiting || lock.waiters == 0 || o.tid <= 0) return false;
        long hold = o.holdSeq;
        if (o.thread.getState() != Thread.State.RUNNABLE || !nativeBlocked(o)) return false;
        RUN_FAST.compareAndSet(lock, o.thread, null);
        if (!OWNER.compareAndSet(lock, o, WATCHDOG)) return false;
        if (newerHold(lock, o, hold)) return false;
        if (!nativeBlocked(o) || o.thread.getState() != Thread.State.RUNNABLE) {
            lock.owner = o; // it moved on: give it back; its next checkpoint sees runFast == null
            LockSupport.unpark(o.thread);
            return false;
        }
        lock.nativeBlockedHandOffs.incrementAndGet();
        completeHandOff(lock, o, null);
        return true;
    }

    /**
     * After the token is parked on WATCHDOG: whether it was taken from a newer hold of {@code o} than the one inspected
     * (the owner released and took the token back in between, its runFast armed after the first clear: its
     * checkpoints would pass while the token is handed on — seen: NativeHandOffTest on JDK 25). Then the token goes
     * back at once. Either way {@code runFast} is cleared again: a hold {@code o} was handed arms it after its own
     * check of {@code owner} (Acquisition.armRunFast, the other half of that Dekker pair).
     */
    private static boolean newerHold(GilLock lock, ThreadState o, long inspected) {
        RUN_FAST.compareAndSet(lock, o.thread, null);
        if (o.holdSeq == inspected) return false;
        lock.owner = o; // its next checkpoint sees runFast == null and switches normally
        LockSupport.unpark(o.thread);
        return true;
    }

    private static boolean nativeBlocked(ThreadState o) {
        return OsThreads.kernelSleeping(o.tid) && OsThreads.inNative(o.thread) && OsThreads.kernelSleeping(o.tid);
    }

    /** The token is parked on WATCHDOG, taken from {@code o}: pass it on, to {@code preferred} if it is still queued. */
    private static void completeHandOff(GilLock lock, ThreadState o, ThreadState preferred) {
        long holdStart = o.holdStartNanos;
        o.holdStartNanos = 0;
        lock.watchdogHandOffs.incrementAndGet();
        if ((lock.extras & GilLock.METERING) != 0) BfsPolicy.holdEnded(lock, o, System.nanoTime());
        lock.lastOwner = o;
        boolean handed = false;
        if (preferred != null) {
            // Before the token is published (handTo's volatile store of owner); taken back if it was not handed.
            preferred.dropGraceUntilNanos = System.nanoTime() + MONITOR_GRACE_INTERVALS * lock.intervalNanos;
            handed = Release.handTo(lock, preferred);
            if (!handed) preferred.dropGraceUntilNanos = 0;
        }
        if (!handed) Release.passToken(lock, ReleaseCause.WATCHDOG_HANDOFF);
        if (holdStart != 0) ListenerCalls.released(lock, o, ReleaseCause.WATCHDOG_HANDOFF, holdStart, System.nanoTime());
    }

    private static boolean isBlockedOrDead(Thread.State state) {
        switch (state) {
            case BLOCKED:
            case WAITING:
            case TIMED_WAITING:
            case TERMINATED:
                return true;
            default:
                return false;
        }
    }
}
