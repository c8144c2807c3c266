package dev.jgil.runtime;

/**
 * Earliest virtual deadline first, in the spirit of Con Kolivas' BFS scheduler and Nir Aides' BFS patch
 * for the GIL (bpo-7946, never merged): the token goes to the waiter that used the least GIL time
 * recently, so threads that mostly block (I/O, interactive) win without starving CPU-bound ones.
 *
 * <p>Each thread's <em>recent GIL time</em> is its hold time, decayed with a half-life of
 * {@link #HALF_LIFE_INTERVALS} switch intervals. A thread that starts competing (it waits, or takes a free
 * token) gets the virtual deadline <em>now + {@link #WEIGHT} &times; its recent GIL time</em>:
 * <ul>
 *   <li>a forced drop hands the token to the waiter with the earliest deadline (among the first
 *       {@link #WINDOW} in the queue); a release for a blocking call goes to a waiter still spinning (the owner
 *       that made way for the blocking thread's short hold), or is freed: handing it to a parked thread would
 *       cost a wake-up per call; an exit from designated code frees it and wakes the earliest deadline, and a
 *       thread that takes it back within an interval keeps its deadline ({@link #holdStarted});</li>
 *   <li>a waiter whose deadline is earlier than the owner's asks it to drop at its next checkpoint (a
 *       thread back from I/O has used almost nothing, so it preempts a CPU-bound owner at once);</li>
 *   <li>CPU-bound threads among themselves switch every interval as under {@code switch} (the head waiter
 *       asks), and with equal GIL time their deadlines are their arrival order: round robin.</li>
 * </ul>
 * No starvation: a waiter's deadline is fixed while it waits, and any thread that arrives after that
 * deadline has passed gets a later one, so the waiter is served after finitely many others.
 */
final class BfsPolicy extends GilPolicy {
    /**
     * The half-life of a thread's recent GIL time, in switch intervals (20 ms at the default 5 ms). Short: with
     * 20 intervals an echo client that had run alone (30 % of the GIL) kept a deadline 350 ms out for most
     * of a second beside fresh CPU-bound threads, and waited behind them (benchmarks/README.md).
     */
    static final int HALF_LIFE_INTERVALS = 4;
    /**
     * How much a thread's recent GIL time pushes its deadline back. A thread back from I/O goes first only if
     * a CPU-bound waiter's offset exceeds its wait for its turn: with n CPU-bound threads at 1/n of the GIL
     * each, the offset is WEIGHT &middot; 5.8 intervals / n and the wait about n - 1 intervals, so 8 holds up
     * to 7 CPU-bound threads (with 1, measured: their deadlines were passed and the I/O thread waited behind
     * them; see benchmarks/README.md).
     */
    static final int WEIGHT = 8;

    @Override
    public String name() {
        return "bfs";
    }

    @Override
    boolean preemptive() {
        return true;
    }

    @Override
    boolean metersHolds() {
        return true;
    }

    @Override
    void waitStarted(GilLock lock, ThreadState w, long now) {
        w.deadlineNanos = now + WEIGHT * recentGilTime(lock, w, now);
    }

    /**
     * An earlier deadline than the owner's, and a place among the first {@link #WINDOW} waiters, where the release
     * looks: a request from further back would hand the token to somebody else, and with ten thousand virtual threads
     * queued such requests cut every hold at its first checkpoint (a forced switch per hold, 45 per task).
     */
    @Override
    boolean preempts(GilLock lock, ThreadState w, AcquireCause cause, ThreadState owner) {
        return w.deadlineNanos - owner.deadlineNanos < 0 && inWindow(lock, w);
    }

    /**
     * A waiting requester makes the new owner drop only if its deadline is earlier: a requester keeps its flag for its
     * whole wait, and the owner the release picked (the earliest deadline) must not be cut short by a request that
     * was about its predecessor.
     */
    @Override
    boolean requesterOutranks(GilLock lock, ThreadState s) {
        int seen = 0;
        for (ThreadState w : lock.queue) {
            if (w.preempting && w.deadlineNanos - s.deadlineNanos < 0) return true;
            if (++seen == WINDOW) break;
        }
        return false;
    }

    private static boolean inWindow(GilLock lock, ThreadState w) {
        int seen = 0;
        for (ThreadState q : lock.queue) {
            if (q == w) return true;
            if (++seen == WINDOW) break;
        }
        return false;
    }

    /**
     * How many waiters, from the head of the queue, a release compares. All of them made every release O(waiters):
     * ten thousand virtual threads queued behind a lock took 5-26 s instead of 0.6 s (a release scanned thousands of
     * entries while holding the token). The queue is in arrival order, and a later arrival's deadline is later
     * unless its recent GIL time is smaller, so the window only matters beyond this many waiters.
     */
    static final int WINDOW = 32;

    /**
     * A forced drop (or a watchdog hand-off) hands the token to the earliest deadline among the first {@link #WINDOW}
     * waiters. Still starvation-free: only waiters that
     * arrived before the head's deadline can have an earlier one, and there are finitely many of them.
     */
    @Override
    ThreadState nextOwner(GilLock lock, ReleaseCause cause) {
        if (cause == ReleaseCause.BLOCKING) return firstSpinning(lock);
        if (cause == ReleaseCause.EXIT) return null; // freed, and the earliest deadline woken: see holdStarted
        return earliestDeadline(lock);
    }

    /** A release that frees the token wakes the earliest deadline, not the head. */
    @Override
    ThreadState toWake(GilLock lock) {
        return earliestDeadline(lock);
    }

    private static ThreadState earliestDeadline(GilLock lock) {
        ThreadState best = null;
        int seen = 0;
        for (ThreadState w : lock.queue) {
            if (best == null || w.deadlineNanos - best.deadlineNanos < 0) best = w;
            if (++seen == WINDOW) break;
        }
        return best;
    }

    @Override
    void onOwnerCheckpoint(GilLock lock, ThreadState owner) {
        // The release hands the token to the earliest deadline, never back to the dropper (not queued).
        ForcedSwitching.forcedSwitch(lock, owner, false);
    }

    /**
     * A hold begins (on the new owner's thread, holding the token); {@code contended}: its deadline is set. A thread
     * that takes a free token within one interval of its last hold keeps its deadline: it never stopped competing.
     * Library code is entered and left many times an interval (a call per document, per statement); a fresh deadline
     * at each re-entry was later than every waiter's, so each re-entry was preempted at once and every exit handed
     * the token to a parked waiter — Lucene with 4 threads switched 7,000 times a second and ran 4x slower than
     * under {@code switch} (benchmarks/README.md). So an exit frees the token, as under {@code switch}, and the
     * head waiter's interval bounds how long such a thread keeps it.
     */
    static void holdStarted(GilLock lock, ThreadState s, long now, boolean contended) {
        s.meterStartNanos = now;
        if (!contended && (s.recentGilAtNanos == 0 || now - s.recentGilAtNanos >= lock.intervalNanos)) {
            s.deadlineNanos = now + WEIGHT * recentGilTime(lock, s, now);
        }
    }

    /** A hold ends (by the owner, or by the watchdog holding the token for it): add it to the recent GIL time. */
    static void holdEnded(GilLock lock, ThreadState s, long now) {
        long start = s.meterStartNanos;
        if (start == 0) return; // the hold began under another policy
        s.meterStartNanos = 0;
        s.recentGilNanos = recentGilTime(lock, s, now) + (now - start);
        s.recentGilAtNanos = now;
    }

    /** The thread's GIL time, decayed to {@code now}. */
    static long recentGilTime(GilLock lock, ThreadState s, long now) {
        long t = s.recentGilNanos;
        if (t == 0) return 0;
        double halfLives = (double) (now - s.recentGilAtNanos) / ((double) HALF_LIFE_INTERVALS * lock.intervalNanos);
        return halfLives <= 0 ? t : (long) (t * Math.pow(0.5, halfLives));
    }
}
