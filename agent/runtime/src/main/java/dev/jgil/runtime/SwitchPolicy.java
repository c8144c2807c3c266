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

    @Override
    void onOwnerCheckpoint(GilLock lock, ThreadState owner) {
        lock.forcedSwitch(owner, true);
    }
}
