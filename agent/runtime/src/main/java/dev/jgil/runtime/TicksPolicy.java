package dev.jgil.runtime;

/**
 * CPython &le; 3.1 ("old GIL"): every {@code checkinterval} checkpoints the owner releases and
 * immediately tries to take the token again. Waiters are woken but, on a multicore machine, the
 * releaser usually wins the race before they are even scheduled: the GIL battle.
 */
final class TicksPolicy extends GilPolicy {
    @Override
    public String name() {
        return "ticks";
    }

    @Override
    boolean fastCheckpoints() {
        return false;
    }

    @Override
    boolean requestsDrops() {
        return false;
    }

    @Override
    void onOwnerCheckpoint(GilLock lock, ThreadState owner) {
        if (++owner.ticks >= lock.checkInterval()) {
            owner.ticks = 0;
            ForcedSwitching.tickDrop(lock, owner);
        }
    }
}
