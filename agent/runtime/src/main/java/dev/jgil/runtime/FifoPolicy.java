package dev.jgil.runtime;

/**
 * Fair comparison policy: drop requests as in {@code switch}, but every release hands the token
 * directly to the longest-waiting thread, and arrivals queue behind waiters (no barging).
 */
final class FifoPolicy extends GilPolicy {
    @Override
    public String name() {
        return "fifo";
    }

    @Override
    boolean barging() {
        return false;
    }

    @Override
    boolean directHandOff() {
        return true;
    }

    @Override
    void onOwnerCheckpoint(GilLock lock, ThreadState owner) {
        // The direct hand-off already guarantees someone else gets it: no need to wait for the switch.
        ForcedSwitching.forcedSwitch(lock, owner, false);
    }
}
