package dev.jgil.runtime;

import static dev.jgil.runtime.GilLock.RUN_FAST;
import static dev.jgil.runtime.GilLock.SWITCH_NUMBER;
import static dev.jgil.runtime.GilLock.WATCHDOG;

import java.util.concurrent.locks.LockSupport;

/**
 * Giving the token up, and to whom: freed (the head waiter woken), straight to the head waiter, or to a
 * forced dropper still waking. The rules are GilLock's notes; the state is GilLock's fields.
 */
final class Release {
    private Release() {
    }

    /** Gives the token up; the caller owns it. */
    static void release(GilLock lock, ThreadState s, ReleaseCause cause) {
        long holdStart = s.holdStartNanos;
        if (holdStart != 0) {
            s.holdStartNanos = 0;
            // Notify while still owning, so a recorded hold ends where it really ends. A listener that
            // blocks would call releaseForBlocking (parks are advised): `releasing` makes that a no-op,
            // or the token would be released twice and the second release could wipe out a new owner.
            s.releasing = true;
            try {
                ListenerCalls.released(lock, s, cause, holdStart, System.nanoTime());
            } finally {
                s.releasing = false;
            }
        }
        if ((lock.extras & GilLock.METERING) != 0) BfsPolicy.holdEnded(lock, s, System.nanoTime());
        s.dropGraceUntilNanos = 0; // the grace ends with the hold it was given for
        lock.lastOwner = s;
        // Clear runFast before the token goes, or we could clobber the next owner's runFast.
        RUN_FAST.setRelease(lock, null);
        passToken(lock, cause);
    }

    /**
     * Gives the token (held by the caller, or parked on WATCHDOG) to the next thread per the policy.
     * A release for a blocking call ({@link ReleaseCause#BLOCKING}) may go to the head waiter (see
     * {@link GilPolicy#handsOffOnBlocking()}).
     */
    static void passToken(GilLock lock, ReleaseCause cause) {
        GilPolicy p = lock.policy;
        boolean blocking = cause == ReleaseCause.BLOCKING;
        boolean claimable = blocking && p.handsOffOnBlocking(); // GilLock's notes: claimed hand-offs
        if (lock.waiters != 0) {
            ThreadState next = p.nextOwner(lock, cause); // priority, bfs: a waiter of the policy's choice
            if (next != null && handTo(lock, next)) return;
            if (p.directHandOff() || claimable) {
                handToHead(lock, claimable);
                return;
            }
        }
        if (claimable && ForcedSwitching.handToWokenDropper(lock)) return;
        // Volatile store: on x86 a full fence, so the read of `waiters` below cannot move above it.
        // Dekker pairing with waitForToken (count myself, enqueue, then read owner): either the
        // waiter sees the free token or we see the waiter and wake the head.
        lock.owner = null;
        if (lock.waiters != 0) wakeWaiter(lock);
    }

    /**
     * {@code claimable}: the receiver must claim the token, and a thread that comes for it after the claim grace may
     * take it instead (GilLock's notes: claimed hand-offs).
     */
    private static void handToHead(GilLock lock, boolean claimable) {
        ThreadState h = lock.queue.poll();
        if (h == null) {
            lock.owner = null;
            if (lock.waiters != 0) wakeWaiter(lock);
            return;
        }
        h.queued = false; // before the token: the waiter reads `queued` after seeing owner == itself
        switchAtHandOff(lock, h);
        lock.owner = claimable ? h.handedAt(System.nanoTime()) : h;
        LockSupport.unpark(h.thread);
    }

    /** Hands the token to the queued waiter {@code w}; false if it is no longer queued. */
    static boolean handTo(GilLock lock, ThreadState w) {
        if (!lock.queue.remove(w)) return false; // it left the queue (policy off, or interrupted re-queueing)
        w.queued = false; // before the token, as in handToHead
        switchAtHandOff(lock, w);
        lock.owner = w;
        LockSupport.unpark(w.thread);
        return true;
    }

    /**
     * The holder changes now, not when the parked thread it goes to wakes (tens of microseconds later): the giver,
     * still owning the token, moves the switch number (GilLock's notes: timekeeping). A thread that starts waiting
     * after the hand-off then times the new holder's stretch from its start, as CPython's take_gil does; moved at the
     * wake-up instead, the change fell inside that waiter's first interval and it waited a second one.
     */
    static void switchAtHandOff(GilLock lock, ThreadState next) {
        if (lock.lastOwner == next) return; // no change of holder: the acquisition counts no switch either
        long sn = lock.switchNumber + 1;
        next.handedSwitchNumber = sn;
        SWITCH_NUMBER.setRelease(lock, sn);
    }

    /** Wakes the waiter the policy names for a freed token ({@link GilPolicy#toWake}: the head, or bfs's earliest deadline). */
    private static void wakeWaiter(GilLock lock) {
        ThreadState h = lock.policy.toWake(lock);
        if (h != null) LockSupport.unpark(h.thread);
    }

    static void exitDuringWatchdogDecision(GilLock lock, ThreadState s) {
        // The watchdog briefly holds WATCHDOG while it re-checks whether we are blocked; it either
        // takes the token from us or gives it back. Wait for the verdict (a few microseconds), then
        // return the token if it came back, or we'd own it outside designated code.
        for (int spins = 0; lock.owner == WATCHDOG; spins++) {
            if (spins < 100) Thread.onSpinWait();
            else Thread.yield();
        }
        if (lock.owner == s) release(lock, s, ReleaseCause.EXIT);
    }
}
