package dev.jgil.report.predict;

import java.util.ArrayList;
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
 *       the program wait for each other (queues, locks: the waker is late under the GIL, so the sleeper is too), nor for
 *       time-bounded runs (a fixed duration does less work instead of taking longer) — there the prediction is the time
 *       of the recorded work, and {@link Zones} says so, unless the time-bounded threads are named ({@code --time-bound}):
 *       such a thread repeats its recorded sequence for as long as another thread still has work to replay, and stops
 *       when they are done (as at a deadline or a stop flag). Two such waits are modelled ({@link Progress}): the join (a
 *       thread whose gap ended right after other threads' last segments waits for them to end) and the start (a thread
 *       begins once the thread that started it got to that point of its own run).</li>
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
 *   <li><b>Groups.</b> Each lock of {@link Trace#gils} (the default GIL and every {@code group.NAME=} the recording had, or
 *       fewer when {@code --groups} merges them) is simulated as above, on its own, with the same policy and interval;
 *       a segment needs the lock of its group. A thread holds one lock at a time: a call from one group's code into
 *       another's is replayed as a hand-over to the inner group's lock and back ({@link TraceReader}), where the
 *       runtime keeps the outer lock while it takes the inner one — the model is optimistic for a thread that waits
 *       for the outer group meanwhile ({@link Zones} says how much time such calls took). Threads running under
 *       different locks share the cores as under {@code off}.</li>
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
    /** A time-bounded thread whose round takes less than this is not repeated (see {@link #roundNanos}). */
    private static final double MIN_ROUND_NANOS = 1_000;

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
    private final double[] gapEnd, gapReady, remaining, holdStart, endAt;
    private final boolean[] afterBlocking;
    /** Time-bounded threads past their first round of the recorded sequence (not reported to {@link Progress}). */
    private final boolean[] repeating;
    private int timeBoundLeft;
    private final Tally tally;
    private final Progress progress;
    private final Agenda agenda;

    // ---- lock state, one per lock of trace.gils ----
    private double now;
    private final SimulatedLock[] locks;

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
        demand = d.perSegment(tt, policy == Policy.OFF);
        phase = new int[n];
        seg = new int[n];
        gapEnd = new double[n];
        gapReady = new double[n];
        agenda = new Agenda(gapEnd);
        progress = new Progress(trace, tt);
        remaining = new double[n];
        holdStart = new double[n];
        endAt = new double[n];
        afterBlocking = new boolean[n];
        repeating = new boolean[n];
        tally = new Tally(n, intervalNanos);
        for (int t = 0; t < n; t++) {
            phase[t] = GAP;
            gapEnd[t] = tt[t].start[0] - trace.start;
            gapReady[t] = gapEnd[t];
            agenda.gap(t);
            if (trace.timeBound[t]) timeBoundLeft++;
        }
        locks = new SimulatedLock[trace.gils.size()];
        for (int g = 0; g < locks.length; g++) locks[g] = new SimulatedLock();
    }

    /** Simulates {@code trace} under {@code policy}. */
    public static Prediction run(Trace trace, Policy policy, long intervalNanos, long handOffNanos) {
        return new Simulator(trace, policy, intervalNanos, handOffNanos).simulate();
    }

    /** The lock thread {@code t}'s current segment needs. */
    private int gilOf(int t) {
        return tt[t].gil[seg[t]];
    }

    private Prediction simulate() {
        int done = 0;
        while (done < n) {
            double next = nextEventTime();
            if (next == INF) throw new IllegalStateException("simulation stalled at " + now + " ns (a bug)");
            advance(next);
            for (SimulatedLock l : locks) {
                int t = l.tokenArrived(now + EPS);
                if (t >= 0) take(t);
                t = l.woken(now + EPS);
                if (t >= 0 && l.owner < 0 && l.transitTo < 0 && phase[t] == WAIT) take(t);
            }
            for (int t : agenda.runningSorted()) {
                if (remaining[t] <= EPS) {
                    segmentEnd(t);
                    if (phase[t] == DONE) done++;
                }
            }
            arrivals();
            if (timeBoundLeft > 0 && !othersHaveWork()) {
                done += stopTimeBound();
                arrivals(); // threads that joined them go on
            }
            for (int g = 0; g < locks.length; g++) {
                if (locks[g].timerAt <= now + EPS) timerFired(g);
            }
        }
        return result();
    }

    /** Arrivals, until none: an arrival or an end can let a thread go that waited for another ({@link Progress}). */
    private void arrivals() {
        for (boolean arrived = true; arrived; ) {
            arrived = false;
            for (int t : agenda.due(now + EPS, gapReady)) {
                if (waitsForOthers(t)) {
                    if (gapEnd[t] == INF) agenda.waitForOthers(t);
                    else agenda.gap(t);
                    continue;
                }
                arrive(t);
                arrived = true;
            }
        }
    }

    private double nextEventTime() {
        double next = INF;
        for (SimulatedLock l : locks) next = Math.min(next, Math.min(l.transitAt, Math.min(l.wakeAt, l.timerAt)));
        next = Math.min(next, agenda.nextGapEnd());
        double r = rate();
        for (int i = 0; i < agenda.runningCount(); i++) next = Math.min(next, now + remaining[agenda.running(i)] / r);
        return Math.max(next, now);
    }

    /** Speed of a thread in a segment: the threads in segments share the cores (one per lock at most under a lock). */
    private double rate() {
        int running = agenda.runningCount();
        return speed.rate(policy == Policy.OFF ? running : Math.max(1, running));
    }

    private void advance(double to) {
        double r = rate(), dt = to - now;
        for (int i = 0; i < agenda.runningCount(); i++) remaining[agenda.running(i)] -= r * dt;
        now = to;
    }

    /**
     * Whether thread {@code t}, its recorded gap over, still waits for threads it joined or for the thread that started
     * it ({@link Progress}): then its gap ends when they got far enough (unknown yet: it is looked at again later).
     */
    private boolean waitsForOthers(int t) {
        double ready = progress.readyAt(t, seg[t]);
        if (Double.isNaN(ready)) {
            gapEnd[t] = INF;
            return true;
        }
        if (ready <= now + EPS) return false;
        gapEnd[t] = ready;
        return true;
    }

    private void setPhase(int t, int p) {
        if (p == RUN) agenda.run(t);
        else agenda.stop(t);
        phase[t] = p;
    }

    private void arrive(int t) {
        int i = seg[t], g = gilOf(t);
        SimulatedLock l = locks[g];
        if (!repeating[t]) progress.arrived(t, i, now);
        remaining[t] = demand[t][i];
        afterBlocking[t] = i > 0 && tt[t].blockingAfter[i - 1];
        if (policy == Policy.OFF) {
            setPhase(t, RUN);
            holdStart[t] = now; // only a time-bounded thread's is counted (the others' is their demand)
            return;
        }
        List<Integer> queue = l.queue;
        if (l.owner < 0 && l.transitTo < 0 && (policy.barging() || queue.isEmpty())) {
            take(t);
            return;
        }
        setPhase(t, WAIT);
        tally.startWaiting(t, now);
        if (policy == Policy.PRIORITY && afterBlocking[t]) {
            queue.add(0, t);
            if (l.owner >= 0) forcedDrop(l.owner);
        } else {
            queue.add(t);
        }
        restartTimerIfHeadChanged(g);
    }

    private void take(int t) {
        int g = gilOf(t);
        SimulatedLock l = locks[g];
        if (phase[t] == WAIT) {
            tally.waited(t, now, afterBlocking[t]);
            l.queue.remove(Integer.valueOf(t));
        }
        l.owner = t;
        setPhase(t, RUN);
        holdStart[t] = now;
        if (l.lastOwner != t) l.switchNumber++;
        l.lastOwner = t;
        restartTimerIfHeadChanged(g);
    }

    /** The owner gives the token of its current segment's lock up (its hold ends now). */
    private void endHold(int t) {
        tally.held(t, now - holdStart[t], now);
        locks[gilOf(t)].owner = -1;
    }

    private void segmentEnd(int t) {
        boolean blocking = tt[t].blockingAfter[seg[t]];
        int g = gilOf(t);
        SimulatedLock l = locks[g];
        if (policy != Policy.OFF) endHold(t);
        else if (trace.timeBound[t]) tally.held(t, now - holdStart[t], now);
        int i = ++seg[t];
        boolean again = i == tt[t].segments() && trace.timeBound[t] && roundNanos(t) >= MIN_ROUND_NANOS;
        if (!repeating[t] && !again) progress.ended(t, i - 1, now);
        if (again) { // a fixed time: round again, after its first gap between segments (none: at once)
            repeating[t] = true;
            seg[t] = i = 0;
        }
        if (i == tt[t].segments()) {
            setPhase(t, DONE);
            endAt[t] = now;
        } else {
            setPhase(t, GAP);
            gapEnd[t] = now + (i > 0 ? tt[t].start[i] - tt[t].end(i - 1) : tt[t].segments() > 1 ? tt[t].start[1] - tt[t].end(0) : 0);
            gapReady[t] = gapEnd[t];
            agenda.gap(t);
        }
        List<Integer> queue = l.queue;
        if (policy == Policy.OFF || queue.isEmpty()) return;
        if (policy == Policy.TICKS || policy == Policy.SWITCH && !blocking) {
            l.wakeTarget = queue.get(0); // freed: the head wakes, unless someone barges in first
            l.wakeAt = now + handOff;
        } else {
            handTo(g, next(g));
        }
    }

    /** A drop request honoured at the owner's next checkpoint, which the model takes to be now. */
    private void forcedDrop(int o) {
        int g = gilOf(o);
        SimulatedLock l = locks[g];
        endHold(o);
        tally.forcedDrop(o);
        int to = next(g);
        setPhase(o, WAIT);
        tally.startWaiting(o, now);
        afterBlocking[o] = false;
        handTo(g, to);
        l.queue.add(o);
        restartTimerIfHeadChanged(g);
        if (l.timerOwner == o) {
            // Forced switching: the dropper competes again only once another thread took the token, so its interval
            // starts at that switch (else its first timeout would see the switch and wait a second interval).
            l.timerAt = l.transitAt + interval;
            l.timerSwitch = l.switchNumber + 1;
        }
    }

    private void handTo(int g, int t) {
        SimulatedLock l = locks[g];
        l.queue.remove(Integer.valueOf(t));
        l.transitTo = t;
        l.transitAt = now + handOff;
        // It stays WAIT (its wait runs until the token arrives), out of the queue so nobody picks it twice.
        restartTimerIfHeadChanged(g);
    }

    /** Who gets a handed token of lock {@code g}. */
    private int next(int g) {
        List<Integer> queue = locks[g].queue;
        if (policy != Policy.BFS) return queue.get(0);
        int best = queue.get(0);
        double bestRecent = INF;
        for (int t : queue) {
            double r = tally.recentHeld(t, now);
            if (r < bestRecent) {
                bestRecent = r;
                best = t;
            }
        }
        return best;
    }

    private void restartTimerIfHeadChanged(int g) {
        SimulatedLock l = locks[g];
        List<Integer> queue = l.queue;
        int head = queue.isEmpty() || !policy.requestsDrops() ? -1 : queue.get(0);
        if (head == l.timerOwner) return;
        l.timerOwner = head;
        l.timerAt = head < 0 ? INF : now + interval;
        l.timerSwitch = l.switchNumber;
    }

    private void timerFired(int g) {
        SimulatedLock l = locks[g];
        if (l.timerOwner < 0) {
            l.timerAt = INF;
            return;
        }
        long seen = l.timerSwitch;
        l.timerSwitch = l.switchNumber;
        l.timerAt = now + interval;
        if (l.owner >= 0 && l.switchNumber == seen) forcedDrop(l.owner);
    }

    /**
     * How long one round of time-bounded thread {@code t}'s sequence takes at least: its demand and its gaps, the one
     * before the next round included. A round of (almost) nothing is not repeated, or simulated time would stand still.
     */
    private double roundNanos(int t) {
        Trace.ThreadTrace x = tt[t];
        double r = Tally.sum(demand[t]) + (x.lastEnd() - x.start[0] - x.recordedBusy());
        return r + (x.segments() > 1 ? x.start[1] - x.end(0) : 0);
    }

    /** Whether a thread that is not time-bounded still has work to replay (not done, not waiting for other threads). */
    private boolean othersHaveWork() {
        for (int t = 0; t < n; t++) {
            if (!trace.timeBound[t] && phase[t] != DONE && !(phase[t] == GAP && gapEnd[t] == INF)) return true;
        }
        return false;
    }

    /** The time-bounded threads stop where they are, as at their deadline; returns how many. */
    private int stopTimeBound() {
        int stopped = 0;
        for (int t = 0; t < n; t++) {
            if (!trace.timeBound[t] || phase[t] == DONE) continue;
            if (phase[t] == RUN && policy != Policy.OFF) endHold(t);
            else if (phase[t] == RUN) tally.held(t, now - holdStart[t], now);
            if (phase[t] == WAIT) tally.waited(t, now, afterBlocking[t]);
            agenda.cancel(t);
            setPhase(t, DONE);
            endAt[t] = now;
            progress.stopped(t, now);
            stopped++;
        }
        for (int g = 0; g < locks.length; g++) {
            locks[g].forget(trace.timeBound);
            restartTimerIfHeadChanged(g);
        }
        timeBoundLeft = 0;
        return stopped;
    }

    private Prediction result() {
        List<Prediction.ThreadResult> rows = new ArrayList<>(n);
        double lastEnd = 0, firstStart = INF;
        for (int t = 0; t < n; t++) {
            firstStart = Math.min(firstStart, tt[t].start[0] - trace.start);
            lastEnd = Math.max(lastEnd, endAt[t]);
            double first = progress.firstArrival(t); // a thread that waited for its starter begins later than recorded
            double d = Tally.sum(demand[t]);
            rows.add(tally.row(tt[t], t, d, policy == Policy.OFF && !trace.timeBound[t] ? d : Double.NaN, endAt[t] - first, trace.timeBound[t]));
        }
        double tail = trace.end - trace.lastSegmentEnd();
        long recordedSpan = trace.lastSegmentEnd() - trace.start - (long) firstStart;
        return new Prediction(policy, interval, handOff, trace.cores, trace.wallNanos(), lastEnd + tail, recordedSpan,
                lastEnd - firstStart, speed.capacity, rows, trace.gils);
    }
}
