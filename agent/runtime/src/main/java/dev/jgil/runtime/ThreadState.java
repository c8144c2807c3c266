package dev.jgil.runtime;

/**
 * What the GIL knows about one thread. Created on the thread's first designated call and kept for
 * its life.
 *
 * <p>Single-writer discipline: every plain field is written only by the thread itself (or, for the
 * hold fields, by whoever holds the token on its behalf — the watchdog during a hand-off). Samplers
 * read them racily; a torn or stale read costs one sample, never correctness.
 */
public final class ThreadState {
    /** The thread this state belongs to (platform or virtual). */
    public final Thread thread;

    /** The kernel's thread id (Linux), or -1: lets the watchdog ask whether a RUNNABLE owner sleeps in a syscall. */
    int tid = -1;

    /** Static initializers of designated classes running on this thread: no forced drop while > 0. */
    int clinitDepth;

    /**
     * Until then (System.nanoTime) no forced drop: the watchdog handed this thread the token because the owner was
     * BLOCKED on a monitor this thread probably holds (WatchdogHandOffs#fromBlockedOwner). 0: none. Written before the
     * hand-off publishes the token; cleared when this thread releases it.
     */
    long dropGraceUntilNanos;

    /** Nesting depth of designated code on this thread; 0 means outside. Kept across releases. */
    int depth;

    /** Checkpoints passed since the last tick drop ({@code ticks} policy only). */
    int ticks;

    /**
     * {@code System.nanoTime()} when the current hold began, or 0 when it was not timed (an uncontended
     * acquisition under default accounting: timing it would cost two clock reads per hold).
     */
    long holdStartNanos;

    /**
     * Segment tracing under {@code off} with trace accounting (OffSegments): {@code System.nanoTime()} when
     * the current stretch of designated code that would need the token began, 0 when none is open.
     */
    long offSegmentStartNanos;

    /** Under {@code off} with trace accounting: inside designated code, but released around a blocking call. */
    boolean offReleased;

    /** True while the lock notifies its listener of this thread's release (see Release.release). */
    boolean releasing;

    /** True while this thread sits in the lock's wait queue; cleared by whoever dequeues it. */
    volatile boolean queued;

    /** True while this thread waits for the token (for samplers). */
    volatile boolean waiting;

    /**
     * Forced-drop phase (see ForcedSwitching.forcedSwitch): 0 none; 1 dropped, waiting for another thread to
     * take the token; 2 woken by that thread, not competing yet; 3 handed the token while waking.
     * Changed by CAS (GilLock.DROP_PHASE).
     */
    volatile int dropPhase;

    /**
     * True while this thread waits for the token it lost inside designated code (cause not ENTRY): it may hold a
     * monitor of that code (WatchdogHandOffs#fromBlockedOwner). Only the waiter sets and clears it.
     */
    volatile boolean midCall;

    /** True while this thread waits with a priority request (see GilPolicy#preempts); it clears it itself. */
    volatile boolean preempting;
    /** During a priority hold: the owner that dropped for it, which gets the token back when the hold ends (written under the token). */
    ThreadState lender;

    /** True while this thread spins for the token before parking (preemptive policies): it is awake. */
    volatile boolean spinning;

    // --- bfs: recent GIL time and virtual deadline (see BfsPolicy); written under the token or while waiting ---
    /** When the current hold began, for the recent GIL time; 0 when not metered. */
    long meterStartNanos;
    /** GIL time, decayed, as of {@link #recentGilAtNanos}. */
    long recentGilNanos;
    long recentGilAtNanos;
    /** The virtual deadline set when this thread last started competing for the token. */
    volatile long deadlineNanos;

    // --- statistics, single writer (this thread) ---
    long acquisitions;
    long contendedAcquisitions;
    long waitNanosTotal;
    long maxWaitNanos;

    /**
     * What {@link FastOff#enter} returns for a nested entry (no thread, never owns the token): its exit leaves the
     * depth alone. {@link GilLock#exit} treats it as the nested exit of the calling thread.
     */
    static final ThreadState NESTED = new ThreadState((Thread) null);

    ThreadState(Thread thread) {
        this.thread = thread;
        this.virtual = thread != null && thread.getClass().getName().equals("java.lang.VirtualThread");
        this.receiver = null;
    }

    /** A hand-off placeholder for {@code receiver} (see {@link #receiver}). */
    private ThreadState(ThreadState receiver) {
        this.thread = null;
        this.virtual = false;
        this.receiver = receiver;
    }

    /**
     * Not null only in a hand-off placeholder: the token stands on it while the thread it was handed to has not
     * claimed it yet (GilLock's notes: claimed hand-offs). The placeholder has no thread and never runs.
     */
    final ThreadState receiver;

    /** Placeholder only: {@code System.nanoTime()} of the hand-off; written by the giver before it publishes the token. */
    long handedNanos;

    /** This thread's placeholder, made by the first claimable hand-off to it (by the giver, holding the token). */
    private ThreadState placeholder;

    /** This thread's placeholder, stamped with the hand-off's time; the caller holds the token and publishes it next. */
    ThreadState handedAt(long now) {
        ThreadState p = placeholder;
        if (p == null) placeholder = p = new ThreadState(this);
        p.handedNanos = now;
        return p;
    }

    /**
     * A virtual thread: it never spins for the token (a spinning virtual thread keeps its carrier, and with
     * thousands of waiters the carriers spin while the owner, or the waiter handed the token, waits for one).
     */
    final boolean virtual;

    /**
     * Moves before each hold this thread takes by its own CAS (written before the CAS publishes {@code owner}): the
     * watchdog reads it with the owner it inspects and again after its CAS of the token, and gives the token back if
     * the hold changed meanwhile (the same state, a newer hold). Plain: only this thread writes it.
     */
    long holdSeq;

    /**
     * The switch number the last hand-off to this thread moved to (GilLock's notes: timekeeping), so the acquisition
     * it completes does not move it a second time. Never reset: while it equals the current number nobody else held
     * the token since, and skipping is right. Written by the giver before the volatile store of {@code owner}, read by
     * this thread after it saw {@code owner == this}.
     */
    long handedSwitchNumber = -1;

    /** Nesting depth of designated code (0 = outside). Racy when read from another thread. */
    public int depth() {
        return depth;
    }

    public boolean isWaiting() {
        return waiting;
    }

    public long acquisitions() {
        return acquisitions;
    }

    public long contendedAcquisitions() {
        return contendedAcquisitions;
    }

    /** Total time spent waiting for the token in contended acquisitions, exact. */
    public long waitNanosTotal() {
        return waitNanosTotal;
    }

    public long maxWaitNanos() {
        return maxWaitNanos;
    }

    @Override
    public String toString() {
        if (receiver != null) return "ThreadState[handed to " + receiver.thread.getName() + ", unclaimed]";
        return "ThreadState[" + thread.getName() + ", depth=" + depth + "]";
    }
}
