package dev.jgil.runtime;

/**
 * No serialization. The runtime still tracks who is inside designated code (depth), so a recording
 * can tell how much overlap a global lock <em>would</em> have serialized.
 */
final class OffPolicy extends GilPolicy {
    @Override
    public String name() {
        return "off";
    }

    @Override
    boolean serializes() {
        return false;
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
        // never owned under off
    }
}
