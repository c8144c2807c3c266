package dev.jgil.runtime;

/**
 * {@code switch} plus priority requests, the fix Dave Beazley proposed for the convoy effect (bpo-7946)
 * and CPython never merged: a thread coming back from a blocking call ({@link AcquireCause#REACQUIRE}:
 * after a blocking release or a watchdog hand-off) asks the owner to drop at its next checkpoint instead
 * of waiting out a switch interval, and the release hands the token to it ahead of every other waiter.
 * Threads that never block keep {@code switch}'s rules among themselves: the head waiter asks for a drop
 * after one interval, the dropper waits until another thread took the token.
 */
final class PriorityPolicy extends GilPolicy {
    @Override
    public String name() {
        return "priority";
    }

    @Override
    boolean preemptive() {
        return true;
    }

    /*
     * handsOffOnBlocking() stays false: a release for a blocking call frees the token (the owner that just
     * made way for a priority hold is spinning and takes it back), where switch hands it to a queued waiter
     * that may still be parked, and would have to wake before a priority request could reach it.
     */

    @Override
    boolean preempts(GilLock lock, ThreadState w, AcquireCause cause, ThreadState owner) {
        return cause == AcquireCause.REACQUIRE;
    }

    /** The longest-waiting priority requester, if any; otherwise {@code switch}'s way. */
    @Override
    ThreadState nextOwner(GilLock lock, boolean blocking) {
        for (ThreadState w : lock.queue) {
            if (w.preempting) return w;
        }
        return null;
    }

    @Override
    void onOwnerCheckpoint(GilLock lock, ThreadState owner) {
        // Made way for a priority requester: the release hands it the token, so the dropper cannot win it back
        // and need not wait (it spins for the token instead). Otherwise switch's forced switching.
        ForcedSwitching.forcedSwitch(lock, owner, nextOwner(lock, false) == null);
    }
}
