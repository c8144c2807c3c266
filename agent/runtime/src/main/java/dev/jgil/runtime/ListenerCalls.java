package dev.jgil.runtime;

/**
 * Every call from the lock into its {@link GilListener}: a listener never throws into the program (its
 * errors are counted in {@link GilCounters#listenerErrors()}). Static, taking the lock, so the JIT
 * inlines them into the slow paths that call them.
 */
final class ListenerCalls {
    private ListenerCalls() {
    }

    static void threadStarted(GilLock lock, GilListener l, ThreadState s) {
        try {
            l.threadStarted(s);
        } catch (Throwable t) {
            lock.listenerErrors.incrementAndGet();
        }
    }

    static void waitStarted(GilLock lock, GilListener l, ThreadState s, AcquireCause cause, long waitStart) {
        try {
            l.waitStarted(s, cause, waitStart);
        } catch (Throwable t) {
            lock.listenerErrors.incrementAndGet();
        }
    }

    static void acquired(GilLock lock, GilListener l, ThreadState s, AcquireCause cause, long waitStart, long now,
                         ThreadState blockedBy, int waitersAtStart) {
        try {
            l.acquired(s, cause, waitStart, now, blockedBy == GilLock.WATCHDOG ? null : blockedBy, waitersAtStart);
        } catch (Throwable t) {
            lock.listenerErrors.incrementAndGet();
        }
    }

    static void released(GilLock lock, ThreadState s, ReleaseCause cause, long holdStart, long releasedNanos) {
        GilListener l = lock.listener;
        if (l != null) {
            try {
                l.released(s, cause, holdStart, releasedNanos);
            } catch (Throwable t) {
                lock.listenerErrors.incrementAndGet();
            }
        }
    }

    static void switchRequested(GilLock lock, ThreadState requester, ThreadState owner, long now) {
        GilListener l = lock.listener;
        if (l != null) {
            try {
                l.switchRequested(requester, owner, now);
            } catch (Throwable t) {
                lock.listenerErrors.incrementAndGet();
            }
        }
    }

    static void dropped(GilLock lock, ThreadState owner, ThreadState requester, long requestNanos) {
        GilListener l = lock.listener;
        if (l != null) {
            try {
                l.dropped(owner, requester, requestNanos, System.nanoTime());
            } catch (Throwable t) {
                lock.listenerErrors.incrementAndGet();
            }
        }
    }
}
