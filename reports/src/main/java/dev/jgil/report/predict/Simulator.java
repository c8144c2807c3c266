package dev.jgil.report.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A discrete-event simulation of the GIL, replaying a {@code policy=off} recording. <b>The model, all its assumptions
 * in one place:</b>
 * <ol>
 *   <li><b>Threads replay their own sequence.</b> Each thread is, in recorded order: a stretch outside designated code
 *       or released around a blocking call (a <em>gap</em>), then a designated <em>segment</em> that needs the token,
 *       and so on. Gaps keep their recorded length and the first segment of a thread becomes ready at its recorded
 *       time: the model assumes blocking calls, code outside the designation and thread starts take as long under the
 *       GIL as without it. That holds for I/O to other processes, sleeps and timers; it does not hold when threads of
 *       the program wait for each other (queues, locks, joins: the waker is late under the GIL, so the sleeper is
 *       too), nor for time-bounded runs (a fixed duration does less work instead of taking longer) — there the
 *       prediction is the time of the recorded work, and {@link Zones} says so.</li>
 *   <li><b>A segment's demand</b> is the CPU time its thread used in it (recorded with every segment). Its time off the
 *       CPU is not demand: waiting for a core (under the lock one thread computes), blocked on a monitor another
 *       designated thread held (gone under the lock), blocked in a call the lock does not release around (the lock's
 *       watchdog hands the token off a blocked owner). Without CPU times (older recordings, synthetic traces) a segment
 *       is worth its length at the speed its thread had: with {@code n} threads inside designated code each got
 *       {@code min(1, K / n)} of a core, {@code K} as below. Under {@code off} every segment keeps that length-based
 *       worth, so {@code off} replays the recording.</li>
 *   <li><b>Cores.</b> {@code K} is the cores the program had to itself: all of them less what other processes used
 *       ({@link Demand}: the recording's {@code jdk.CPULoad}; estimated from the segments' CPU shares without it).
 *       Under a serializing policy one thread runs designated code, at {@code min(1, K)}; under {@code off} the
 *       {@code n} threads in segments run at {@code min(1, K / n)} each. {@code K} is assumed not to change under the
 *       lock, and the gaps are assumed not to compete with the designated thread for it.</li>
 *   <li><b>The lock</b> (as {@code dev.jgil.runtime.GilLock}): a free token is taken at once by an arriving thread
 *       ({@code switch}, {@code ticks}: even past queued waiters, barging; {@code fifo}, {@code priority},
 *       {@code bfs}: only when nobody waits). Waiters queue in arrival order. Only the head waiter keeps time: every
 *       {@code interval} it checks whether the owner changed since it last looked; if not, it asks for a drop
 *       ({@code ticks} never asks). The owner drops <em>at once</em> (its next checkpoint is assumed immediate: loops
 *       and calls in designated code check), queues again at the tail and the token goes to the next thread; the
 *       dropper's own interval starts when that thread has the token (forced switching).
 *       A token handed to a waiter (forced drop; a release with waiters under {@code fifo}, {@code priority},
 *       {@code bfs}; a blocking release under {@code switch}, which is the convoy) arrives after the hand-off
 *       latency. A release at exit under {@code switch} and every release under {@code ticks} frees the token and
 *       wakes the head, which takes it one hand-off latency later unless an arriving thread took it first.</li>
 *   <li><b>Who is next:</b> the head of the queue; under {@code priority} a thread back from a blocking call goes to
 *       the front and the owner drops for it at once; under {@code bfs} the waiter with the least recent token time
 *       (held time decayed with a time constant of ten intervals).</li>
 *   <li><b>Not modelled:</b> the cost of an uncontended acquisition, the battle's wasted wake-ups under
 *       {@code ticks}, the watchdog, checkpoint gaps longer than an interval, and any change of JIT or cache
 *       behaviour under the lock.</li>
 * </ol>
 * Time runs from the recording's start; the predicted wall time is the recorded one with its designated part replaced:
 * {@code (last simulated segment end − start) + (recorded end − last recorded segment end)}.
 */
public final class Simulator {
    private static final int GAP = 0, WAIT = 1, RUN = 2, DONE = 3;
    private static final double EPS = 1e-3; // ns: below clock resolution, absorbs rounding of remaining demand
    private static final double INF = Double.POSITIVE_INFINITY;

    private final Trace trace;
    private final Policy policy;
    private final long interval;
    private final long handOff;
    private final int n;
    private final double[][] demand;
    private final Demand speed;
    private final Trace.ThreadTrace[] tt;

    // ---- per-thread state ----
    private final int[] phase, seg;
    private final double[] gapEnd, remaining, waitStart, holdStart, wait, held, endAt, recent, recentAt, afterBlockingWait;
    private final boolean[] afterBlocking;
    private final int[] forcedDrops, afterBlockingWaits;
    private final List<List<Double>> waits = new ArrayList<>();

    // ---- lock state ----
    private double now;
    private int owner = -1;
    private int transitTo = -1;
    private double transitAt = INF;
    private int wakeTarget = -1;
    private double wakeAt = INF;
    private final List<Integer> queue = new ArrayList<>();
    private int timerOwner = -1;
    private double timerAt = INF;
    private long timerSwitch;
    private long switchNumber;
    private int lastOwner = -1;

    private Simulator(Trace trace, Policy policy, long intervalNanos, long handOffNanos) {
        if (intervalNanos <= 0) throw new IllegalArgumentException("interval: " + intervalNanos);
        this.trace = trace;
        this.policy = policy;
        this.interval = intervalNanos;
        this.handOff = Math.max(0, handOffNanos);
        this.tt = trace.threads.toArray(new Trace.ThreadTrace[0]);
        this.n = tt.length;
        Demand d = new Demand(trace);
        this.speed = d;
        demand = new double[n][];
        for (int t = 0; t < n; t++) {
            demand[t] = new double[tt[t].segments()];
            for (int i = 0; i < demand[t].length; i++) {
                long cpu = tt[t].cpu[i];
                demand[t][i] = policy == Policy.OFF || cpu < 0 ? d.of(tt[t].start[i], tt[t].end(i)) : Math.min(cpu, tt[t].length[i]);
            }
        }
        phase = new int[n];
        seg = new int[n];
        gapEnd = new double[n];
        remaining = new double[n];
        waitStart = new double[n];
        holdStart = new double[n];
        wait = new double[n];
        held = new double[n];
        endAt = new double[n];
        recent = new double[n];
        recentAt = new double[n];
        afterBlockingWait = new double[n];
        afterBlocking = new boolean[n];
        forcedDrops = new int[n];
        afterBlockingWaits = new int[n];
        for (int t = 0; t < n; t++) {
            waits.add(new ArrayList<>());
            phase[t] = GAP;
            gapEnd[t] = tt[t].start[0] - trace.start;
        }
    }

    /** Simulates {@code trace} under {@code policy}. */
    public static Prediction run(Trace trace, Policy policy, long intervalNanos, long handOffNanos) {
        return new Simulator(trace, policy, intervalNanos, handOffNanos).simulate();
    }

    private Prediction simulate() {
        int done = 0;
        while (done < n) {
            double next = nextEventTime();
            if (next == INF) throw new IllegalStateException("simulation stalled at " + now + " ns (a bug)");
            advance(next);
            if (transitTo >= 0 && transitAt <= now + EPS) {
                int t = transitTo;
                transitTo = -1;
                transitAt = INF;
                take(t);
            }
            if (wakeTarget >= 0 && wakeAt <= now + EPS) {
                int t = wakeTarget;
                wakeTarget = -1;
                wakeAt = INF;
                if (owner < 0 && transitTo < 0 && phase[t] == WAIT) take(t);
            }
            for (int t = 0; t < n; t++) {
                if (phase[t] == RUN && remaining[t] <= EPS) {
                    segmentEnd(t);
                    if (phase[t] == DONE) done++;
                }
            }
            for (int t = 0; t < n; t++) {
                if (phase[t] == GAP && gapEnd[t] <= now + EPS) arrive(t);
            }
            if (timerAt <= now + EPS) timerFired();
        }
        return result();
    }

    private double nextEventTime() {
        double next = Math.min(transitAt, Math.min(wakeAt, timerAt));
        double r = rate();
        for (int t = 0; t < n; t++) {
            if (phase[t] == GAP) next = Math.min(next, gapEnd[t]);
            else if (phase[t] == RUN) next = Math.min(next, now + remaining[t] / r);
        }
        return Math.max(next, now);
    }

    /** Speed of a thread in a segment: one designated thread runs under a lock, all of them under off. */
    private double rate() {
        if (policy != Policy.OFF) return speed.rate(1);
        int running = 0;
        for (int t = 0; t < n; t++) if (phase[t] == RUN) running++;
        return speed.rate(running);
    }

    private void advance(double to) {
        double r = rate(), dt = to - now;
        for (int t = 0; t < n; t++) if (phase[t] == RUN) remaining[t] -= r * dt;
        now = to;
    }

    private void arrive(int t) {
        int i = seg[t];
        remaining[t] = demand[t][i];
        afterBlocking[t] = i > 0 && tt[t].blockingAfter[i - 1];
        if (policy == Policy.OFF) {
            phase[t] = RUN;
            return;
        }
        if (owner < 0 && transitTo < 0 && (policy.barging() || queue.isEmpty())) {
            take(t);
            return;
        }
        phase[t] = WAIT;
        waitStart[t] = now;
        if (policy == Policy.PRIORITY && afterBlocking[t]) {
            queue.add(0, t);
            if (owner >= 0) forcedDrop(owner);
        } else {
            queue.add(t);
        }
        restartTimerIfHeadChanged();
    }

    private void take(int t) {
        if (phase[t] == WAIT) {
            double w = now - waitStart[t];
            wait[t] += w;
            waits.get(t).add(w);
            if (afterBlocking[t]) {
                afterBlockingWaits[t]++;
                afterBlockingWait[t] += w;
            }
            queue.remove(Integer.valueOf(t));
        }
        owner = t;
        phase[t] = RUN;
        holdStart[t] = now;
        if (lastOwner != t) switchNumber++;
        lastOwner = t;
        restartTimerIfHeadChanged();
    }

    /** The owner gives the token up (its hold ends now). */
    private void endHold(int t) {
        double h = now - holdStart[t];
        held[t] += h;
        double decay = Math.exp(-(now - recentAt[t]) / (10.0 * interval));
        recent[t] = recent[t] * decay + h;
        recentAt[t] = now;
        owner = -1;
    }

    private void segmentEnd(int t) {
        boolean blocking = tt[t].blockingAfter[seg[t]];
        if (policy != Policy.OFF) endHold(t);
        int i = ++seg[t];
        if (i == tt[t].segments()) {
            phase[t] = DONE;
            endAt[t] = now;
        } else {
            phase[t] = GAP;
            gapEnd[t] = now + (tt[t].start[i] - tt[t].end(i - 1));
        }
        if (policy == Policy.OFF || queue.isEmpty()) return;
        if (policy == Policy.TICKS || policy == Policy.SWITCH && !blocking) {
            wakeTarget = queue.get(0); // freed: the head wakes, unless someone barges in first
            wakeAt = now + handOff;
        } else {
            handTo(next());
        }
    }

    /** A drop request honoured at the owner's next checkpoint, which the model takes to be now. */
    private void forcedDrop(int o) {
        endHold(o);
        forcedDrops[o]++;
        int to = next();
        phase[o] = WAIT;
        waitStart[o] = now;
        afterBlocking[o] = false;
        handTo(to);
        queue.add(o);
        restartTimerIfHeadChanged();
        if (timerOwner == o) {
            // Forced switching: the dropper competes again only once another thread took the token, so its interval
            // starts at that switch (else its first timeout would see the switch and wait a second interval).
            timerAt = transitAt + interval;
            timerSwitch = switchNumber + 1;
        }
    }

    private void handTo(int t) {
        queue.remove(Integer.valueOf(t));
        transitTo = t;
        transitAt = now + handOff;
        // It stays WAIT (its wait runs until the token arrives), out of the queue so nobody picks it twice.
        restartTimerIfHeadChanged();
    }

    /** Who gets a handed token. */
    private int next() {
        if (policy != Policy.BFS) return queue.get(0);
        int best = queue.get(0);
        double bestRecent = INF;
        for (int t : queue) {
            double r = recent[t] * Math.exp(-(now - recentAt[t]) / (10.0 * interval));
            if (r < bestRecent) {
                bestRecent = r;
                best = t;
            }
        }
        return best;
    }

    private void restartTimerIfHeadChanged() {
        int head = queue.isEmpty() || !policy.requestsDrops() ? -1 : queue.get(0);
        if (head == timerOwner) return;
        timerOwner = head;
        timerAt = head < 0 ? INF : now + interval;
        timerSwitch = switchNumber;
    }

    private void timerFired() {
        if (timerOwner < 0) {
            timerAt = INF;
            return;
        }
        long seen = timerSwitch;
        timerSwitch = switchNumber;
        timerAt = now + interval;
        if (owner >= 0 && switchNumber == seen) forcedDrop(owner);
    }

    private Prediction result() {
        List<Prediction.ThreadResult> rows = new ArrayList<>(n);
        double lastEnd = 0, firstStart = INF;
        for (int t = 0; t < n; t++) {
            firstStart = Math.min(firstStart, tt[t].start[0] - trace.start);
            lastEnd = Math.max(lastEnd, endAt[t]);
            double first = tt[t].start[0] - trace.start;
            double[] w = new double[waits.get(t).size()];
            for (int k = 0; k < w.length; k++) w[k] = waits.get(t).get(k);
            rows.add(new Prediction.ThreadResult(tt[t].name, tt[t].segments(), tt[t].recordedBusy(), Arrays.stream(demand[t]).sum(),
                    wait[t], policy == Policy.OFF ? Arrays.stream(demand[t]).sum() : held[t], endAt[t] - first,
                    tt[t].lastEnd() - tt[t].start[0], w, afterBlockingWaits[t], afterBlockingWait[t], forcedDrops[t]));
        }
        double tail = trace.end - trace.lastSegmentEnd();
        long recordedSpan = trace.lastSegmentEnd() - trace.start - (long) firstStart;
        return new Prediction(policy, interval, handOff, trace.cores, trace.wallNanos(), lastEnd + tail, recordedSpan,
                lastEnd - firstStart, speed.capacity, rows);
    }
}
