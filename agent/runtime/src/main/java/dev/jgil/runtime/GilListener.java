package dev.jgil.runtime;

/**
 * Observer of the lock's slow paths (the recording implements it). Never called on the uncontended
 * path under default accounting; called for every hold under trace accounting. Implementations must
 * be fast, must not block and must not throw (exceptions are swallowed and counted).
 */
public interface GilListener {
    /**
     * A thread used the lock for the first time (its state was just made), on that thread, before its
     * first acquisition. Lets a recorder know every thread, however short its life, without scanning.
     */
    default void threadStarted(ThreadState thread) {
    }

    /**
     * A thread starts waiting for the token (contended path only, on the waiting thread, before it
     * parks). Lets a recorder open a duration event at the true start of the wait; the matching
     * {@link #acquired} carries the same {@code waitStartNanos}. A wait can end without an
     * {@code acquired} call when the policy is switched to {@code off} meanwhile.
     */
    default void waitStarted(ThreadState thread, AcquireCause cause, long waitStartNanos) {
    }

    /**
     * A thread got the token.
     *
     * @param waitStartNanos     when it started waiting ({@code == acquiredNanos} if it did not wait)
     * @param acquiredNanos      when it got the token
     * @param blockedBy          the owner when the wait began ("who blocked me"), null if uncontended
     * @param waitersAtStart     threads waiting when this wait began (including this one), 0 if uncontended
     */
    void acquired(ThreadState thread, AcquireCause cause, long waitStartNanos, long acquiredNanos,
                  ThreadState blockedBy, int waitersAtStart);

    /** A timed hold ended ({@code holdStartNanos} is never 0 here). */
    void released(ThreadState thread, ReleaseCause cause, long holdStartNanos, long releasedNanos);

    /** A waiter asked the owner to drop the token. {@code droppedNanos} is filled in by {@link #dropped}. */
    void switchRequested(ThreadState requester, ThreadState owner, long requestNanos);

    /** The owner honoured the last drop request. */
    void dropped(ThreadState owner, ThreadState requester, long requestNanos, long droppedNanos);

    /**
     * Under {@code off} with trace accounting: a stretch of designated code that a serializing policy would run under
     * the token begins now, on this thread ({@code ENTRY}: outermost entry; {@code REACQUIRE}: first checkpoint, enter
     * or exit in designated code after a blocking release — where a serializing lock would take the token back).
     */
    default void offSegmentStarted(ThreadState thread, AcquireCause cause) {
    }

    /**
     * Under {@code off} with trace accounting: that stretch ended ({@code EXIT} or {@code BLOCKING}), on this thread.
     * {@code jgil predict} replays these under a simulated lock.
     */
    default void offSegmentEnded(ThreadState thread, ReleaseCause cause, long startNanos, long endNanos) {
    }
}
