package dev.jgil.runtime;

/**
 * CPython &ge; 3.2 ("new GIL"): the head waiter waits one switch interval; if the token is still held
 * and no switch happened meanwhile it sets a drop request; the owner drops at its next checkpoint and,
 * because it was asked, waits until <em>another</em> thread took the token (forced switching) before
 * competing again. Wakes one waiter; no FIFO promise.
 */
final class SwitchPolicy extends GilPolicy {
    @Override
    public String name() {
        return "switch";
    }

    /**
     * CPython's drop_gil before a system call frees the GIL and signals the waiting thread, which takes it
     * while the caller is in the system call; back from it, the caller finds the GIL held and waits a
     * whole interval (the convoy effect, bpo-7946). A parked JVM thread here usually wakes after a
     * loopback send/recv has returned (1-byte echo next to one CPU-bound thread, 2-core VM, JDK 17/25:
     * with the CPU-bound thread queued at the release, the caller got the token back first after 73-93 %
     * of the calls), so the token goes straight to the head waiter: the outcome CPython has when the
     * waiter is running by the time the call returns.
     * The same holds for the thread that was just forced to drop and is still waking (not queued yet):
     * with nobody queued, the token goes to it (see GilLock's notes, forced switching). The receiver must
     * claim it within a grace of about one quiet wake-up, or the thread back from its call takes it, as in
     * CPython when the signalled thread gets no core in time (GilLock's notes, claimed hand-offs).
     */
    @Override
    boolean handsOffOnBlocking() {
        return true;
    }

    @Override
    void onOwnerCheckpoint(GilLock lock, ThreadState owner) {
        ForcedSwitching.forcedSwitch(lock, owner, true);
    }
}
