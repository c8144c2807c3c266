package dev.jgil.runtime;

/**
 * A lock's internal state in one line, for hang diagnostics (a thread dump cannot show who holds the token or who is
 * queued): the owner and what it is doing, the queue's length with its first entries and every stale one, the counters
 * of the unusual hand-offs. Read racily: a snapshot to read, not a consistent cut.
 */
final class LockState {
    private LockState() {
    }

    static String describe(GilLock lock) {
        ThreadState o = lock.owner;
        StringBuilder q = new StringBuilder();
        int queued = 0;
        for (ThreadState w : lock.queue) {
            // the first few, and every stale entry with its place (virtual threads have no names: ids)
            if (queued < 8 || !w.queued) q.append(queued).append(':').append(nameOf(w)).append(w.queued ? "" : "(stale)").append(' ');
            queued++;
        }
        Thread fast = lock.runFast;
        return "GilLock[policy=" + lock.policy + ", owner=" + (o == null ? "none" : o == GilLock.WATCHDOG ? "WATCHDOG"
                : o.receiver != null ? "handed to " + nameOf(o.receiver) + " (unclaimed)"
                : nameOf(o) + "/" + o.thread.getState() + (o.waiting ? "/waiting" : "") + (o.queued ? "/queued" : ""))
                + ", runFast=" + (fast == null ? "null" : fast.getName())
                + ", waiters=" + lock.waiters + ", queue(" + queued + ")=[" + q.toString().trim() + "], switchNumber="
                + lock.switchNumber + ", lapsedHandOffs=" + lock.lapsedHandOffs + ", watchdogHandOffs=" + lock.watchdogHandOffs
                + ", nativeBlockedHandOffs=" + lock.nativeBlockedHandOffs + ", deferredClinitDrops=" + lock.deferredClinitDrops
                + ", deferredMonitorDrops=" + lock.deferredMonitorDrops + "]";
    }

    private static String nameOf(ThreadState s) {
        Thread t = s.thread;
        return t == null ? "?" : t.getName().isEmpty() ? "#" + t.getId() : t.getName();
    }
}
