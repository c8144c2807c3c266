package dev.jgil.runtime;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads that have used a lock and may still be alive, and the counts of those that have ended.
 *
 * <p>Dead threads leave without anybody asking: {@link #add} prunes whenever the set has doubled since
 * the last prune (amortized O(1) per new thread), so a program that starts a thread per task keeps about
 * twice its live threads here, not every thread it ever ran (it once kept all of them until someone
 * listed the states: 107 MB after 20,000 threads). A pruned thread's acquisitions move into lock-wide
 * sums, so {@link #acquisitions()} counts every thread, dead or alive, without a counter on the hot path.
 */
final class ThreadRegistry {
    private static final int PRUNE_MIN = 1024;

    private final Set<ThreadState> states = ConcurrentHashMap.newKeySet();
    /** Size at which the next new state prunes (2x the live states at the last prune). */
    private volatile int pruneAt = PRUNE_MIN;
    /** One pruner at a time; a new thread skips the prune when another is at it. */
    private final ReentrantLock pruning = new ReentrantLock();
    /** The final counts of the threads pruned so far; guarded by {@link #pruning}. */
    private long endedAcquisitions, endedContended;

    /** Registers a new thread's state (on that thread), pruning first when the set has doubled. */
    void add(ThreadState s, ThreadState owner) {
        states.add(s);
        if (states.size() >= pruneAt && pruning.tryLock()) {
            try {
                pruneLocked(owner, null);
            } finally {
                pruning.unlock();
            }
        }
    }

    /**
     * Drops the dead threads, adding the live ones to {@code liveOut} when given. The owner stays even
     * when dead: the watchdog still has to take the token from it.
     */
    void prune(ThreadState owner, List<ThreadState> liveOut) {
        pruning.lock();
        try {
            pruneLocked(owner, liveOut);
        } finally {
            pruning.unlock();
        }
    }

    private void pruneLocked(ThreadState owner, List<ThreadState> liveOut) {
        int live = 0;
        for (ThreadState s : states) {
            // isAlive() false happens-after the thread's last action (JLS 17.4.4): its counts are final.
            if (s.thread.isAlive() || s == owner) {
                live++;
                if (liveOut != null) liveOut.add(s);
            } else if (states.remove(s)) {
                endedAcquisitions += s.acquisitions;
                endedContended += s.contendedAcquisitions;
            }
        }
        pruneAt = Math.max(PRUNE_MIN, 2 * live);
    }

    /** Registered threads, live or not yet pruned (about twice the live ones at most). */
    int size() {
        return states.size();
    }

    /** Acquisitions by every thread, ended or alive. */
    long acquisitions() {
        pruning.lock(); // no thread moves from the set to the sums while they are added up
        try {
            long n = endedAcquisitions;
            for (ThreadState s : states) n += s.acquisitions;
            return n;
        } finally {
            pruning.unlock();
        }
    }

    /** Contended acquisitions by every thread, ended or alive. */
    long contendedAcquisitions() {
        pruning.lock();
        try {
            long n = endedContended;
            for (ThreadState s : states) n += s.contendedAcquisitions;
            return n;
        } finally {
            pruning.unlock();
        }
    }
}
