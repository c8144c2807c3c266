package dev.jgil.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts threads inside designated sections. Under a serializing policy the count must never exceed
 * one, and every thread inside must be the token's owner.
 */
final class MutualExclusionOracle {
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger maxInside = new AtomicInteger();
    private final AtomicInteger notOwner = new AtomicInteger();
    private final GilLock lock;

    MutualExclusionOracle(GilLock lock) {
        this.lock = lock;
    }

    void in() {
        int now = inside.incrementAndGet();
        maxInside.accumulateAndGet(now, Math::max);
        if (lock.policy().serializes() && !lock.isHeldByCurrentThread()) notOwner.incrementAndGet();
    }

    void out() {
        if (lock.policy().serializes() && !lock.isHeldByCurrentThread()) notOwner.incrementAndGet();
        inside.decrementAndGet();
    }

    int maxInside() {
        return maxInside.get();
    }

    int timesSeenInsideWithoutToken() {
        return notOwner.get();
    }
}
