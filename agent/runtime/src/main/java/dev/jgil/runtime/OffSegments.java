package dev.jgil.runtime;

/**
 * Segment tracing under {@code off} with trace accounting: what {@code jgil predict} replays. Under {@code off}
 * nobody owns the token, so holds tell nothing. These edges mark, per thread, where a serializing lock would acquire
 * (outermost entry; first checkpoint, enter or exit after a blocking release) and release (outermost exit; blocking
 * release) the token. They cost nothing unless {@code off} and trace accounting are both on (see GilLock's notes).
 */
final class OffSegments {
    private OffSegments() {
    }

    static void start(GilLock lock, ThreadState s, AcquireCause cause) {
        s.offSegmentStartNanos = System.nanoTime();
        GilListener l = lock.listener;
        if (l == null) return;
        try {
            l.offSegmentStarted(s, cause);
        } catch (Throwable t) {
            lock.listenerErrors.incrementAndGet();
        }
    }

    private static void end(GilLock lock, ThreadState s, ReleaseCause cause) {
        long start = s.offSegmentStartNanos;
        s.offSegmentStartNanos = 0;
        GilListener l = lock.listener;
        if (l == null || start == 0) return;
        s.releasing = true; // a listener that parks must not end the segment twice
        try {
            l.offSegmentEnded(s, cause, start, System.nanoTime());
        } catch (Throwable t) {
            lock.listenerErrors.incrementAndGet();
        } finally {
            s.releasing = false;
        }
    }

    static void blocking(GilLock lock, boolean fileIo) {
        // Only a thread inside designated code has a segment to end, and it made its state on entry: look in the cache
        // and never make one here (every parking or file-reading thread of the JVM passes by, class loaders included,
        // and making states from inside a class-file transform broke it). A thread whose slot is taken by a colliding
        // thread keeps its segment open across this call: its demand is over-counted, the model says so.
        Thread me = Thread.currentThread();
        ThreadState s = lock.byId[(int) me.getId() & (GilLock.BY_ID_SLOTS - 1)];
        if (s == null || s.thread != me) return;
        if (s.offSegmentStartNanos == 0 || s.releasing || s.depth <= 0) return;
        if (fileIo && ClassLoading.onStack()) return;
        end(lock, s, ReleaseCause.BLOCKING);
        s.offReleased = true;
        GilLock.OFF_RELEASED.getAndAdd(lock, 1);
    }

    static void resume(GilLock lock, ThreadState s) {
        s.offReleased = false;
        GilLock.OFF_RELEASED.getAndAdd(lock, -1);
        if (lock.traceAccounting) start(lock, s, AcquireCause.REACQUIRE);
    }

    static void exit(GilLock lock, ThreadState s) {
        if (s.offReleased) {
            s.offReleased = false;
            GilLock.OFF_RELEASED.getAndAdd(lock, -1);
        }
        if (s.offSegmentStartNanos != 0) end(lock, s, ReleaseCause.EXIT);
    }
}
