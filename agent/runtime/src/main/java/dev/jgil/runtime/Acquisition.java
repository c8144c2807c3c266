package dev.jgil.runtime;

import static dev.jgil.runtime.GilLock.OWNER;
import static dev.jgil.runtime.GilLock.RUN_FAST;
import static dev.jgil.runtime.GilLock.SWITCH_NUMBER;
import static dev.jgil.runtime.GilLock.WAITERS;
import static dev.jgil.runtime.GilLock.WATCHDOG;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Taking the token: the slow paths of {@link GilLock#enter}, {@link GilLock#exit} and
 * {@link GilLock#checkpoint}, the uncontended CAS, and the wait in the queue (the head waiter's
 * timekeeping and drop requests). The rules are GilLock's notes; the state is GilLock's fields.
 */
final class Acquisition {
    /** Non-head waiters are woken explicitly; this bound only limits the damage of a missed wake-up. */
    private static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long the head waiter watches one owner before it wakes the watchdog (capped by the interval). */
    private static final long WATCHDOG_NOTICE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /**
     * How long a claimable hand-off waits for its receiver before a thread that comes for the token may take it
     * (GilLock's notes: claimed hand-offs). About one wake-up of a parked thread on an idle machine, with margin.
     */
    static final long CLAIM_GRACE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private Acquisition() {
    }

    static ThreadState enterSlow(GilLock lock, ThreadState s) {
        if (lock.policy.serializes()) {
            try {
                acquire(lock, s, s.depth == 0 ? AcquireCause.ENTRY : AcquireCause.REACQUIRE);
            } catch (Throwable t) {
                // e.g. StackOverflowError deep in a recursion: never keep a token the exit advice won't return
                if (s.depth == 0 && lock.owner == s) Release.release(lock, s, ReleaseCause.EXIT);
                throw t;
            }
        }
        if (s.depth < 0) s.depth = 0;
        s.depth++;
        return s;
    }

    static void nestedExitSlow(GilLock lock, ThreadState s) {
        if (lock.policy.serializes()) acquire(lock, s, AcquireCause.REACQUIRE);
    }

    static void checkpointSlow(GilLock lock) {
        GilPolicy p = lock.policy;
        if (!p.serializes()) {
            ThreadState s = lock.stateOf(Thread.currentThread());
            if (s.offReleased && s.depth > 0) OffSegments.resume(lock, s);
            return;
        }
        Thread me = Thread.currentThread();
        ThreadState o = lock.owner;
        if (o != null && o.thread == me) {
            p.onOwnerCheckpoint(lock, o);
            return;
        }
        ThreadState s = lock.stateOf(me);
        if (s.depth > 0) acquire(lock, s, AcquireCause.REACQUIRE); // lazy re-acquire after blocking/hand-off
    }

    static void acquire(GilLock lock, ThreadState s, AcquireCause cause) {
        // A listener that blocks during an acquisition notice gives the token away again (blocking
        // calls release it); we must not return to designated code without it.
        do {
            acquireOnce(lock, s, cause);
        } while (lock.owner != s && lock.policy.serializes());
    }

    private static void acquireOnce(GilLock lock, ThreadState s, AcquireCause cause) {
        ThreadState held = lock.owner;
        if (held == s) return;
        if (held != null && held.receiver == s) { // handed to us while we woke from a forced drop: claim it
            if (OWNER.compareAndSet(lock, held, s)) {
                s.dropPhase = 0;
                acquiredUncontended(lock, s, cause, lock.policy, false);
                return;
            }
            s.dropPhase = 0; // the hand-off lapsed: compete as usual
        }
        GilPolicy p = lock.policy;
        // CAS is a full fence: nothing in the hold can float above it, and the new holdSeq is published with it.
        if (lock.owner == null && (p.barging() || lock.waiters == 0)) {
            s.holdSeq++;
            if (OWNER.compareAndSet(lock, null, s)) {
                acquiredUncontended(lock, s, cause, p, true);
                return;
            }
        }
        waitForToken(lock, s, cause);
    }

    /** {@code seqPublished}: our CAS took the token with a new {@link ThreadState#holdSeq} (the hot path). */
    private static void acquiredUncontended(GilLock lock, ThreadState s, AcquireCause cause, GilPolicy p, boolean seqPublished) {
        s.acquisitions++;
        if (lock.lastOwner != s) {
            lock.switches++;
            // As CPython's take_gil: the number moves only when the holder changes. A thread that leaves
            // designated code and re-enters it re-takes the token without a switch, and the head waiter's
            // interval keeps running, so it still asks for a drop after one interval. Only the owner
            // writes it (or the giver of a hand-off: then it moved already); waiters merely need to see it
            // change eventually.
            moveSwitchNumber(lock, s);
        }
        if (lock.forcedDropper != null) ForcedSwitching.wakeForcedDropper(lock, s);
        if (lock.traceAccounting) {
            long now = System.nanoTime();
            s.holdStartNanos = now;
            GilListener l = lock.listener;
            if (l != null) ListenerCalls.acquired(lock, l, s, cause, now, now, null, 0);
        } else {
            s.holdStartNanos = 0;
        }
        // A waiter clears runFast by CAS on the same field, so the two are totally ordered; if its CAS loses
        // this race it simply asks again one interval later. The watchdog's CAS of the token: it tells this hold
        // from the one it inspected by holdSeq (a release store is enough here, no fence on the hot path);
        // a hold it was handed needs armRunFast's check.
        if (p.fastCheckpoints()) {
            if (seqPublished) RUN_FAST.setRelease(lock, s.thread);
            else armRunFast(lock, s);
        }
        if (lock.extras != 0) ForcedSwitching.holdStarted(lock, s, false);
    }

    /** Moves the switch number for the new owner {@code s}, unless the hand-off that gave it the token did and nobody since. */
    private static void moveSwitchNumber(GilLock lock, ThreadState s) {
        long sn = lock.switchNumber;
        if (s.handedSwitchNumber != sn) SWITCH_NUMBER.setRelease(lock, sn + 1);
    }

    /**
     * Arms the eval breaker for the owner {@code s}, unless the watchdog took the token meanwhile (GilLock's notes: the
     * eval breaker). The watchdog may CAS the token from {@code s} to WATCHDOG between {@code s}'s acquisition and this
     * store (it inspected an earlier hold of the same state: the hold changed, the state did not), and clears
     * {@code runFast} only after its CAS; Dekker: the volatile store, then the read of {@code owner}, against the
     * watchdog's CAS of {@code owner}, then its CAS of {@code runFast} — one of the two sees the other.
     */
    static void armRunFast(GilLock lock, ThreadState s) {
        RUN_FAST.setVolatile(lock, s.thread);
        if (lock.owner != s) RUN_FAST.compareAndSet(lock, s.thread, null);
    }

    private static void waitForToken(GilLock lock, ThreadState s, AcquireCause cause) {
        // Never wait holding a later group's lock (GilGroups' notes: the order that rules out deadlock).
        if (GilGroups.locks != null) GilGroups.releaseLater(lock);
        final long waitStart = System.nanoTime();
        final ThreadState blockedBy = holder(lock.owner);
        final int waitersAtStart = (int) WAITERS.getAndAdd(lock, 1) + 1;
        GilListener l = lock.listener;
        if (l != null) ListenerCalls.waitStarted(lock, l, s, cause, waitStart);
        lock.policy.waitStarted(lock, s, waitStart);
        s.waiting = true;
        if (cause != AcquireCause.ENTRY) {
            s.midCall = true;
            GilLock.MID_CALL_WAITERS.getAndAdd(lock, 1);
        }
        s.queued = true;
        lock.queue.offer(s); // a CAS: published before our read of `owner` below (Dekker with release)
        // A forced dropper is queued now: releases hand it the token the usual way (3 = handed already).
        if (s.dropPhase != 0 && !GilLock.DROP_PHASE.compareAndSet(s, 2, 0)) GilLock.DROP_PHASE.compareAndSet(s, 1, 0);
        boolean got = false;
        boolean interrupted = false;
        long stretchSwitch = -1; // head timekeeping: the switch number we are timing, and since when
        long stretchStart = 0;
        ThreadState stretchOwner = null;
        ThreadState preempted = null; // the owner this waiter asked to drop at once (a priority request)
        long spin = s.virtual ? 0 : lock.policy.spinNanos(lock);
        long spinUntil = spin > 0 ? waitStart + spin : 0;
        if (spinUntil != 0) startSpinning(lock, s);
        try {
            for (;;) {
                GilPolicy p = lock.policy;
                if (!p.serializes()) break; // switched to off while we waited
                ThreadState o = lock.owner;
                if (o == s) { // handed to us (fifo, or the watchdog gave it back)
                    got = true;
                    break;
                }
                if (o != null && o.receiver != null) { // a claimable hand-off (GilLock's notes: claimed hand-offs)
                    if (o.receiver == s) {
                        if (OWNER.compareAndSet(lock, o, s)) {
                            got = true;
                            break;
                        }
                        continue; // it lapsed to a thread that came meanwhile: queue again
                    }
                    // Only `switch` makes them, and it barges: any thread that comes for the token may take it.
                    long left = o.handedNanos + claimGraceNanos(lock) - System.nanoTime();
                    if (left <= 0) {
                        if (OWNER.compareAndSet(lock, o, s)) {
                            lock.lapsedHandOffs++; // holding the token now
                            got = true;
                            break;
                        }
                        continue; // claimed, or taken by another: look again
                    }
                    if (lock.queue.peek() == s && stretchSwitch != lock.switchNumber) {
                        // the receiver's stretch starts at the hand-off for the head's timekeeping, as before claims
                        stretchSwitch = lock.switchNumber;
                        stretchStart = System.nanoTime();
                        stretchOwner = o.receiver;
                    }
                    LockSupport.parkNanos(lock, left);
                    if (Thread.interrupted()) interrupted = true;
                    continue;
                }
                if (!s.queued) { // dequeued by a hand-off that was then taken back: queue again
                    s.queued = true;
                    lock.queue.offer(s);
                    continue;
                }
                if (o == null && (p.barging() || lock.queue.peek() == s)) {
                    if (OWNER.compareAndSet(lock, null, s)) {
                        got = true;
                        break;
                    }
                    continue; // someone else won it: look again
                }
                if (o != null && o != WATCHDOG && o != preempted && p.preempts(lock, s, cause, o)) {
                    preempted = o;
                    ForcedSwitching.requestPreemption(lock, s, o);
                }
                if (spinUntil != 0) {
                    if (spinUntil - System.nanoTime() > 0) {
                        Thread.onSpinWait();
                        continue;
                    }
                    spinUntil = 0;
                    stopSpinning(lock, s); // a hand-off to us now unparks us (its unpark makes our park return)
                }
                if (lock.queue.peek() != s) { // only the head keeps time; the others sleep until woken
                    stretchSwitch = -1;
                    stretchOwner = null;
                    // A priority requester looks again after a notice period: a new owner that took a free
                    // token meanwhile was not asked.
                    LockSupport.parkNanos(lock, preempted == null ? IDLE_PARK_NANOS : Math.min(lock.intervalNanos, WATCHDOG_NOTICE_NANOS));
                } else {
                    long interval = lock.intervalNanos;
                    long notice = Math.min(interval, WATCHDOG_NOTICE_NANOS);
                    long sn = lock.switchNumber;
                    ThreadState timed = lock.owner;
                    // A new owner: its stretch starts now (a re-take by the same one is no switch). Under a
                    // preemptive policy an owner back after a priority hold keeps its stretch, or threads that
                    // block often would restart it forever and the other waiters would never get a turn.
                    if (sn != stretchSwitch && !(p.preemptive() && timed == stretchOwner && timed != null)) {
                        stretchStart = System.nanoTime();
                        stretchOwner = timed;
                    }
                    stretchSwitch = sn;
                    LockSupport.parkNanos(lock, notice);
                    ThreadState now = lock.owner;
                    if ((lock.switchNumber == sn || p.preemptive() && now == stretchOwner)
                            && now != null && now != s && now != WATCHDOG && now.receiver == null) {
                        long held = System.nanoTime() - stretchStart;
                        // The same owner for a whole notice period: if it is blocked or dead, only the
                        // watchdog can help. Waking it here (not on every contended acquire) keeps it off
                        // the hand-off path; it goes back to sleep when nobody waits.
                        lock.watchdog.wake();
                        // CPython: ask for a drop only if nobody switched for a whole interval.
                        if (p.requestsDrops() && held >= interval) {
                            ForcedSwitching.requestDrop(lock, s, now);
                            stretchStart = System.nanoTime(); // ask again one interval later if ignored
                        }
                    }
                }
                if (Thread.interrupted()) interrupted = true; // keep it for the app, don't spin on it
            }
        } finally {
            if (s.queued) {
                s.queued = false;
                lock.queue.remove(s); // usually the head: O(1)
            }
            WAITERS.getAndAdd(lock, -1);
            s.waiting = false;
            if (s.midCall) {
                s.midCall = false;
                GilLock.MID_CALL_WAITERS.getAndAdd(lock, -1);
            }
            stopSpinning(lock, s);
            if (s.preempting) {
                s.preempting = false;
                GilLock.PREEMPTORS.getAndAdd(lock, -1);
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        if (got) acquiredContended(lock, s, cause, waitStart, blockedBy, waitersAtStart);
    }

    /** Only the waiter itself sets and clears its {@code spinning}, so the count moves once each way. */
    private static void startSpinning(GilLock lock, ThreadState s) {
        s.spinning = true;
        GilLock.SPINNERS.getAndAdd(lock, 1);
    }

    private static void stopSpinning(GilLock lock, ThreadState s) {
        if (s.spinning) {
            s.spinning = false;
            GilLock.SPINNERS.getAndAdd(lock, -1);
        }
    }

    /** The thread state a token stands for: a placeholder's receiver, else the state itself. */
    static ThreadState holder(ThreadState o) {
        return o == null || o.receiver == null ? o : o.receiver;
    }

    /** How long a claimable hand-off waits for its receiver: {@link #CLAIM_GRACE_NANOS}, at most a quarter interval. */
    static long claimGraceNanos(GilLock lock) {
        return Math.min(CLAIM_GRACE_NANOS, lock.intervalNanos / 4);
    }

    private static void acquiredContended(GilLock lock, ThreadState s, AcquireCause cause, long waitStart,
                                          ThreadState blockedBy, int waitersAtStart) {
        long now = System.nanoTime();
        long waited = now - waitStart;
        s.acquisitions++;
        s.contendedAcquisitions++;
        s.waitNanosTotal += waited;
        if (waited > s.maxWaitNanos) s.maxWaitNanos = waited;
        s.holdStartNanos = now; // a hold someone waited for is always timed
        if (lock.lastOwner != s) {
            lock.switches++;
            moveSwitchNumber(lock, s); // only on a change of holder (see acquiredUncontended)
        }
        if (lock.forcedDropper != null) ForcedSwitching.wakeForcedDropper(lock, s);
        GilPolicy p = lock.policy;
        // A contended acquisition resets any stale drop request (as CPython's take_gil does).
        if (p.fastCheckpoints()) armRunFast(lock, s);
        if (lock.extras != 0) ForcedSwitching.holdStarted(lock, s, true);
        if (p.requestsDrops()) {
            // Pass the timekeeping baton: the new head must start its interval now.
            ThreadState h = lock.queue.peek();
            if (h != null) LockSupport.unpark(h.thread);
        }
        GilListener l = lock.listener;
        if (l != null) ListenerCalls.acquired(lock, l, s, cause, waitStart, now, blockedBy, waitersAtStart);
    }
}
