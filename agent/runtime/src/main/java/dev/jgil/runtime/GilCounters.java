package dev.jgil.runtime;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link GilLock} counts, and the getters the recording, the MBean and {@code jgil top} sample.
 * A superclass rather than a holder object so that the lock's slow paths increment their own fields, with
 * no extra load (the fields are the lock object's).
 *
 * <p>Counters written under the token are plain fields: successive owners are ordered by the token's
 * CAS/volatile store, so increments lose nothing. Counters written by threads that do not hold it (waiters,
 * the watchdog, failing listeners) are atomic. Readers sample all of them racily.
 */
public abstract class GilCounters {
    // ---- written under the token ----
    long switches;
    long forcedSwitches;
    long tickDrops;
    long tickDropsWonBack;
    long blockingReleases;
    long deferredClinitDrops;
    /** Drops deferred because the watchdog had just handed the owner the token as a monitor's likely holder. */
    long deferredMonitorDrops;
    long lapsedHandOffs;

    // ---- written without it ----
    final AtomicLong dropRequests = new AtomicLong();
    final AtomicLong watchdogHandOffs = new AtomicLong();
    final AtomicLong stalledOwnerHandOffs = new AtomicLong();
    final AtomicLong nativeBlockedHandOffs = new AtomicLong();
    final AtomicLong listenerErrors = new AtomicLong();

    /** Every thread that has used the lock and may still be alive; dead ones leave on their own. */
    final ThreadRegistry registry = new ThreadRegistry();

    GilCounters() {
    }

    /** Changes of holder (a re-take by the same thread is none). */
    public long switches() {
        return switches;
    }

    /** Drops at a waiter's request (CPython's gil_drop_request honoured). */
    public long forcedSwitches() {
        return forcedSwitches;
    }

    public long dropRequests() {
        return dropRequests.get();
    }

    public long tickDrops() {
        return tickDrops;
    }

    /** Tick drops after which the releaser took the token straight back (the GIL battle). */
    public long tickDropsWonBack() {
        return tickDropsWonBack;
    }

    public long blockingReleases() {
        return blockingReleases;
    }

    /** Drops asked for inside a static initializer and put off by one interval (see GilLock's notes). */
    public long deferredClinitDrops() {
        return deferredClinitDrops;
    }

    /**
     * Claimable hand-offs taken by a thread that came for the token before their receiver ran (GilLock's notes:
     * claimed hand-offs): how often a busy machine softened the convoy, as CPython's does.
     */
    public long lapsedHandOffs() {
        return lapsedHandOffs;
    }

    public long watchdogHandOffs() {
        return watchdogHandOffs.get();
    }

    /** Watchdog hand-offs (included in {@link #watchdogHandOffs}) from a RUNNABLE but stalled owner. */
    public long stalledOwnerHandOffs() {
        return stalledOwnerHandOffs.get();
    }

    /** Watchdog hand-offs (included in {@link #watchdogHandOffs}) from an owner asleep in a native call. */
    public long nativeBlockedHandOffs() {
        return nativeBlockedHandOffs.get();
    }

    public long listenerErrors() {
        return listenerErrors.get();
    }

    /** Threads in the registry, live or not yet pruned (bounded by about twice the live ones). */
    public int registeredThreads() {
        return registry.size();
    }

    /** Acquisitions by every thread since the lock was made, including threads that have ended. */
    public long acquisitions() {
        return registry.acquisitions();
    }

    /** Contended acquisitions by every thread since the lock was made, including threads that have ended. */
    public long contendedAcquisitions() {
        return registry.contendedAcquisitions();
    }
}
