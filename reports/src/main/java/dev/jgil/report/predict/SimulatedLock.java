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
