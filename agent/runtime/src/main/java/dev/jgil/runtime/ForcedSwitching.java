package dev.jgil.runtime;

import static dev.jgil.runtime.GilLock.DROP_PHASE;
import static dev.jgil.runtime.GilLock.RUN_FAST;
import static dev.jgil.runtime.GilLock.WOKEN_DROPPER;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Making the owner drop: a waiter's drop request (CPython's gil_drop_request), the owner's forced drop
 * at its next checkpoint and its wait until another thread took the token (FORCE_SWITCHING), the waking
 * of that dropper and the hand-off to it while it wakes, the tick drops of {@code ticks}, and the
 * deferral of every drop inside a static initializer. The rules are GilLock's notes (forced switching,
 * no drop inside a static initializer); the state is GilLock's fields.
 */
final class ForcedSwitching {
    private ForcedSwitching() {
    }

    /**
     * A waiter asks the owner {@code o} to drop: the owner's next checkpoint misses the fast path.
     * Returns whether this call cleared the eval breaker.
     */
    static boolean requestDrop(GilLock lock, ThreadState requester, ThreadState o) {
        long now = System.nanoTime();
        lock.dropRequests.incrementAndGet();
        lock.dropRequester = requester;
        lock.dropRequestNanos = now;
        boolean cleared = RUN_FAST.compareAndSet(lock, o.thread, null);
        ListenerCalls.switchRequested(lock, requester, o, now);
        return cleared;
    }

    /**
     * A priority request (GilLock's notes): a drop request made at once, which must not be lost. A new owner
     * arms its eval breaker with a release store after it took the token; a request in between finds
     * runFast still null and would be overwritten (harmless for the interval's request, asked again one
     * interval later; here it would cost the interval the request exists to save). So the requester counts
     * itself in {@code preemptors} first (a full fence), and every new owner under a preemptive policy reads
     * the count after arming (Dekker, see {@link #holdStarted}): one of the two clears the breaker.
     */
    static void requestPreemption(GilLock lock, ThreadState requester, ThreadState o) {
        if (!requester.preempting) {
            requester.preempting = true;
            GilLock.PREEMPTORS.getAndAdd(lock, 1);
        }
        requestDrop(lock, requester, o);
    }

    /**
     * A hold begins under a policy beyond CPython's (the new owner's thread, after arming its breaker):
     * {@code bfs} meters it; under a preemptive policy a waiting priority requester clears the breaker again.
     * {@code contended}: the new owner waited, so its deadline is set already.
     */
    static void holdStarted(GilLock lock, ThreadState s, boolean contended) {
        int x = lock.extras;
        if ((x & GilLock.METERING) != 0) BfsPolicy.holdStarted(lock, s, System.nanoTime(), contended);
        if ((x & GilLock.PREEMPTIVE) != 0) {
            VarHandle.fullFence(); // the arming store before the read of the count
            if (lock.preemptors != 0 && lock.policy.requesterOutranks(lock, s)) RUN_FAST.compareAndSet(lock, s.thread, null);
        }
    }

    /**
     * Called by a policy at the owner's checkpoint after a drop request: drop the token and compete
     * again. With {@code waitForOther} (CPython's FORCE_SWITCHING) the dropper first waits until
     * another thread took it, or it would usually win it straight back.
     */
    static void forcedSwitch(GilLock lock, ThreadState o, boolean waitForOther) {
        if (dropDeferred(lock, o)) {
            if (lock.policy.fastCheckpoints()) Acquisition.armRunFast(lock, o);
            return;
        }
        if (lock.waiters == 0) { // stale request: nobody left to switch to
            if (lock.policy.fastCheckpoints()) Acquisition.armRunFast(lock, o);
            return;
        }
        ThreadState requester = lock.dropRequester;
        long requestNanos = lock.dropRequestNanos;
        lock.forcedSwitches++;
        long sn = lock.switchNumber;
        if (waitForOther) {
            o.dropPhase = 1;
            lock.forcedDropper = o;
        }
        Release.release(lock, o, ReleaseCause.FORCED_SWITCH);
        ListenerCalls.dropped(lock, o, requester, requestNanos);
        if (waitForOther) {
            boolean interrupted = false;
            while (lock.switchNumber == sn && lock.waiters != 0 && lock.policy.serializes()) {
                LockSupport.parkNanos(lock, lock.intervalNanos);
                if (Thread.interrupted()) interrupted = true;
            }
            if (lock.forcedDropper == o) lock.forcedDropper = null;
            // Awake on our own (a timeout, a permit left by an earlier unpark) just as another thread takes the
            // token: it decrements `waiters` before it marks us as waking, so we may leave unmarked, and a blocking
            // release before we are queued would free the token instead of handing it to us. Mark ourselves.
            if (DROP_PHASE.compareAndSet(o, 1, 2)) lock.wokenDropper = o;
            if (interrupted) Thread.currentThread().interrupt();
        }
        // dropPhase stays 1/2 until we are queued or hold the token: a blocking release meanwhile hands it
        // to us (phase 3; accounted in acquireOnce or waitForToken).
        Acquisition.acquire(lock, o, AcquireCause.AFTER_SWITCH);
        o.dropPhase = 0; // we own the token: nobody can hand it to us any more
        WOKEN_DROPPER.compareAndSet(lock, o, null);
    }

    /**
     * Whether the owner runs a designated static initializer, of this lock's classes or of another group's (a
     * group's initializer that calls default-GIL code must not drop the default GIL either: the next owner may need
     * that class).
     */
    private static boolean inClassInit(ThreadState o) {
        return o.clinitDepth > 0 || (GilGroups.locks != null && GilGroups.inClassInitElsewhere(o));
    }

    /**
     * Whether the owner keeps the token for now (counted; the head waiter asks again one interval later). Inside a
     * static initializer: the next owner could wait for this class's initialization while holding the token needed
     * to finish it (a 1 s stalled-owner stall per occurrence). In a monitor grace ({@link ThreadState#dropGraceUntilNanos}):
     * others are BLOCKED on a monitor this thread likely holds, and the token would go to one of them (fifo's head,
     * bfs's earliest deadline), which blocks again until the watchdog takes it back.
     */
    private static boolean dropDeferred(GilLock lock, ThreadState o) {
        if (inClassInit(o)) {
            lock.deferredClinitDrops++;
            return true;
        }
        long grace = o.dropGraceUntilNanos;
        if (grace != 0 && grace - System.nanoTime() > 0) {
            lock.deferredMonitorDrops++;
            return true;
        }
        return false;
    }

    /** {@code ticks}: release and immediately try to take it back, no forced switching. */
    static void tickDrop(GilLock lock, ThreadState o) {
        if (dropDeferred(lock, o)) return;
        lock.tickDrops++;
        long sn = lock.switchNumber;
        Release.release(lock, o, ReleaseCause.TICK);
        Acquisition.acquire(lock, o, AcquireCause.AFTER_SWITCH);
        if (lock.switchNumber == sn) lock.tickDropsWonBack++; // the number moves only when another thread holds it
    }

    /** A new owner wakes the forced dropper waiting for it (phase 1 -> 2: it may be handed the token). */
    static void wakeForcedDropper(GilLock lock, ThreadState newOwner) {
        ThreadState d = lock.forcedDropper;
        if (d != null && d != newOwner) {
            lock.forcedDropper = null;
            if (DROP_PHASE.compareAndSet(d, 1, 2)) lock.wokenDropper = d;
            LockSupport.unpark(d.thread);
        }
    }

    /** The caller owns the token and nobody is queued: give it to a forced dropper still waking, if any. */
    static boolean handToWokenDropper(GilLock lock) {
        ThreadState d = lock.wokenDropper;
        if (d == null) return false;
        WOKEN_DROPPER.compareAndSet(lock, d, null); // a hint only: never keep a dropper reachable
        if (!DROP_PHASE.compareAndSet(d, 2, 3)) return false; // it competes already, or left
        Release.switchAtHandOff(lock, d);
        lock.owner = d.handedAt(System.nanoTime()); // claimable, as a blocking release's hand-off to the head
        LockSupport.unpark(d.thread);
        return true;
    }
}
