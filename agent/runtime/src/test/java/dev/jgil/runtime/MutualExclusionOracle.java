package dev.jgil.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts threads inside designated sections. Under a serializing policy the count must never exceed
 * one, and every thread inside must be the token's owner.
 *
 * <p>While the watchdog decides (the token parked on {@code WATCHDOG}, GilLock's notes, "the token"), the
 * owner it may take the token from can still be running designated code it entered before phase 1; nobody
 * else can take the token meanwhile, and a running owner gets it back. So a thread seeing {@code WATCHDOG}
 * waits for the verdict: given back, it owns the token; passed on while it is inside, that is a violation.
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
        if (lock.policy().serializes() && !ownsAfterVerdict()) notOwner.incrementAndGet();
    }

    void out() {
        if (lock.policy().serializes() && !ownsAfterVerdict()) notOwner.incrementAndGet();
        inside.decrementAndGet();
    }

    private boolean ownsAfterVerdict() {
        ThreadState o;
        while ((o = lock.owner) == GilLock.WATCHDOG) Thread.onSpinWait(); // microseconds: two /proc reads
        return o != null && o.thread == Thread.currentThread();
    }

    int maxInside() {
        return maxInside.get();
    }

    int timesSeenInsideWithoutToken() {
        return notOwner.get();
    }
}
