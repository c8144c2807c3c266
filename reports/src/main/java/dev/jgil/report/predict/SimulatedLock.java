package dev.jgil.report.predict;

import java.util.ArrayList;
import java.util.List;

/** One lock of a {@link Simulator} run: its owner, its token in flight, the head waiter's timer, its waiters. */
final class SimulatedLock {
    static final double INF = Double.POSITIVE_INFINITY;

    int owner = -1, transitTo = -1, wakeTarget = -1, timerOwner = -1, lastOwner = -1;
    double transitAt = INF, wakeAt = INF, timerAt = INF;
    long timerSwitch, switchNumber;
    final List<Integer> queue = new ArrayList<>();

    /** The thread a handed token reached by {@code now} (it is no longer in flight), or -1. */
    int tokenArrived(double now) {
        if (transitTo < 0 || transitAt > now) return -1;
        int t = transitTo;
        transitTo = -1;
        transitAt = INF;
        return t;
    }

    /** The head woken by a release that is awake by {@code now} (it takes the token if nobody barged in), or -1. */
    int woken(double now) {
        if (wakeTarget < 0 || wakeAt > now) return -1;
        int t = wakeTarget;
        wakeTarget = -1;
        wakeAt = INF;
        return t;
    }

    /** Forgets the threads {@code gone} marks (stopped): out of the queue, no token on its way to them, none woken. */
    void forget(boolean[] gone) {
        queue.removeIf(t -> gone[t]);
        if (transitTo >= 0 && gone[transitTo]) {
            transitTo = -1;
            transitAt = INF;
        }
        if (wakeTarget >= 0 && gone[wakeTarget]) {
            wakeTarget = -1;
            wakeAt = INF;
        }
    }
}
