package dev.jgil.runtime;

/**
 * {@code switch} plus priority requests, the fix Dave Beazley proposed for the convoy effect (bpo-7946)
 * and CPython never merged: a thread coming back from a blocking call ({@link AcquireCause#REACQUIRE}:
 * after a blocking release or a watchdog hand-off) asks the owner to drop at its next checkpoint instead
 * of waiting out a switch interval, and the release hands the token to it ahead of every other waiter.
 * Threads that never block keep {@code switch}'s timing among themselves: the head waiter asks for a drop
 * after one interval, and the drop hands the token to it.
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
     * handsOffOnBlocking() stays false: a release for a blocking call hands the token to a waiter that is
     * still spinning (the owner that just made way for a priority hold), or frees it; switch hands it to the
     * head, which may be parked and would have to wake before a priority request could reach it.
     */

    @Override
    boolean preempts(GilLock lock, ThreadState w, AcquireCause cause, ThreadState owner) {
        return cause == AcquireCause.REACQUIRE;
    }

    /**
     * The longest-waiting priority requester, if any (it borrows the token: the owner that dropped for it is its
     * lender); else, when a priority hold ends, the lender, if it still spins for the token (without this the token would go to
     * whichever waiter spins, often the thread the lender had just taken over from, and CPU-bound threads would
     * lose their turns to trips to I/O); at a forced drop without either, the head waiter, handed the token
     * directly (freed, it would usually go to a thread back from I/O or to the spinning dropper before the parked
     * head woke, and the CPU-bound threads would stop taking turns); otherwise {@code switch}'s way.
     */
    @Override
    ThreadState nextOwner(GilLock lock, ReleaseCause cause) {
        ThreadState releaser = lock.lastOwner; // set before the token is passed
        ThreadState lender = releaser == null ? null : releaser.lender;
        if (lender != null) releaser.lender = null;
        ThreadState head = null;
        if (lock.preemptors != 0) { // else no scan: the queue may hold thousands of parked threads
            for (ThreadState w : lock.queue) {
                if (w.preempting) {
                    w.lender = lender != null ? lender : cause == ReleaseCause.FORCED_SWITCH ? releaser : null;
                    return w;
                }
                if (head == null) head = w;
            }
        } else {
            head = lock.queue.peek();
        }
        if (lender != null && lender.queued && lender.spinning) return lender; // awake: a parked one would hold the token while waking
        if (cause == ReleaseCause.FORCED_SWITCH) return head;
        return cause == ReleaseCause.BLOCKING ? firstSpinning(lock) : null;
    }

    @Override
    void onOwnerCheckpoint(GilLock lock, ThreadState owner) {
        // Every forced drop hands the token to another thread (nextOwner), so the dropper cannot win it straight
        // back and need not wait for it (it spins for the token instead).
        ForcedSwitching.forcedSwitch(lock, owner, false);
    }
}
