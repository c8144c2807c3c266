package dev.jgil.recording;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One statistics interval's per-thread step: each thread's counters minus their values at the previous
 * harvest, summed over the threads for {@code jgil.Statistics} and turned into {@code jgil.ThreadStatistics}
 * events. Stats thread only, under the harvest's monitor; filled by the harvest and by sweeps between
 * harvests (threads that ended), emitted once at the interval's end.
 *
 * <p>Every thread's counts are in the sums. A thread gets an event of its own while alive, and for its
 * last interval if it had one before; a thread that ended before any event of its own (a thread per
 * task, typically) is summed into one event per name of its interval ({@link EndedThreads#key}: per
 * name pattern once a numbered name has many siblings), whose {@code threads} field says how many
 * threads it stands for. So the events per interval are bounded by the live threads plus the names,
 * not by how many threads a program starts.
 */
final class ThreadDeltas {
    /** Ended threads' rows in one interval beyond which they share one row. */
    static final int MAX_ENDED_ROWS = 256;
    static final String OTHER_ENDED = "(other ended threads)";

    long acquisitions, contended, waitNanos, holdNanos, heldExactNanos;
    /** The interval's waits and holds, all threads. */
    final Histogram waits = new Histogram(ThreadRecord.SIGNIFICANT_DIGITS);
    final Histogram holds = new Histogram(ThreadRecord.SIGNIFICANT_DIGITS);
    private final List<Activity> own = new ArrayList<>();
    /** For the events of rows with one wait (a thread per task): no histogram made per row. */
    private static final Histogram ONE_VALUE = ThreadRecord.newPackedHistogram();
    /** A one-value histogram's encoding by the value's bucket; at most 4,096 (about 0.5 MB). */
    private static final Map<Long, String> ONE_VALUE_ENCODED = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > 4096;
        }
    };
    private final Map<String, Activity> ended = new LinkedHashMap<>();

    /** One event's numerators: one thread, or the ended threads of one name. */
    private static final class Activity {
        /** The thread of an own event; null for a row of ended threads. */
        final ThreadRecord record;
        /** The row's name (ended threads), else null. */
        final String name;
        /** Whether {@link #record}'s thread has ended: its sums go to the ended threads once this interval is done. */
        boolean retire;
        int threads;
        long acq, cont, wait, hold, heldCum, waitCum, s, hs, ws, os, rs;
        /** This row's waits in the interval: one value inline, a histogram from the second on. */
        long oneWait = -1;
        Histogram waitHistogram;

        Activity(ThreadRecord record, String name) {
            this.record = record;
            this.name = name;
        }

        void addWait(long v) {
            if (waitHistogram == null && oneWait < 0) {
                oneWait = v;
                return;
            }
            histogram().recordValue(v);
        }

        void addWaits(Histogram h) {
            histogram().add(h);
        }

        /** The waits as a histogram (made for the single inline value when needed), or null when none. */
        Histogram waits() {
            return waitHistogram == null && oneWait < 0 ? null : histogram();
        }

        private Histogram histogram() {
            if (waitHistogram == null) {
                waitHistogram = ThreadRecord.newPackedHistogram();
                if (oneWait >= 0) waitHistogram.recordValue(oneWait);
            }
            return waitHistogram;
        }
    }

    /**
     * Adds one thread's activity since the last harvest (or sweep).
     *
     * @param ended whether the thread has ended: checked BEFORE this call reads its counters, so that
     *              they are final (a thread's last action happens-before another sees it not alive)
     * @param names the key of a row of ended threads
     */
    void add(ThreadRecord r, long now, boolean ended, EndedThreads names) {
        // Sums first (they read closed-before-open), then histograms: a release racing this harvest
        // lands in both or, for the histogram, in the next interval.
        long heldCum = r.heldCumulativeNanos(now);
        long waitCum = r.waitCumulativeNanos(now);
        long closedWait = r.closedWaitNanos;
        long closedHold = r.closedHoldNanos.get();
        // The first wait/hold is a value (no histogram made for it: a thread per task has one at most);
        // the recorders hold the rest.
        long fw = r.takeFirstWait(), fh = r.takeFirstHold();
        Histogram w = ThreadRecord.interval(r.waits);
        Histogram h = ThreadRecord.interval(r.holds);
        if (fw >= 0) waits.recordValue(fw);
        if (w != null) {
            waits.add(w);
            if (r.allWaits == null) r.allWaits = ThreadRecord.newPackedHistogram();
            r.allWaits.add(w);
        }
        if (fh >= 0) holds.recordValue(fh);
        if (h != null) holds.add(h);

        long a = r.state.acquisitions(), c = r.state.contendedAcquisitions();
        long dAcq = Math.max(0, a - r.lastAcquisitions), dCont = Math.max(0, c - r.lastContendedAcquisitions);
        r.lastAcquisitions = a;
        r.lastContendedAcquisitions = c;
        long dWait = closedWait - r.lastClosedWaitNanos, dHold = closedHold - r.lastClosedHoldNanos;
        r.lastClosedWaitNanos = closedWait;
        r.lastClosedHoldNanos = closedHold;
        long dHeldCum = heldCum - r.lastHeldCumulativeNanos, dWaitCum = waitCum - r.lastWaitCumulativeNanos;
        r.lastHeldCumulativeNanos = heldCum;
        r.lastWaitCumulativeNanos = waitCum;
        long s = r.samples, hs = r.heldSamples, ws = r.waitSamples, os = r.outsideSamples, rs = r.releasedSamples;
        long dS = s - r.lastSamples, dHs = hs - r.lastHeldSamples, dWs = ws - r.lastWaitSamples,
                dOs = os - r.lastOutsideSamples, dRs = rs - r.lastReleasedSamples;
        r.lastSamples = s;
        r.lastHeldSamples = hs;
        r.lastWaitSamples = ws;
        r.lastOutsideSamples = os;
        r.lastReleasedSamples = rs;

        acquisitions += dAcq;
        contended += dCont;
        waitNanos += dWait;
        holdNanos += dHold;
        heldExactNanos += dHeldCum;
        r.totalSamples += dS;

        if (!(dAcq > 0 || dS > 0 || dWaitCum > 0 || dHeldCum > 0)) {
            // Nothing since its last event: an ended thread's sums are final now.
            if (ended && r.reported) names.retire(r);
            return;
        }
        Activity act;
        if (ended && !r.reported) {
            String key = names.key(r.thread.getName());
            act = this.ended.get(key);
            if (act == null) {
                if (this.ended.size() >= MAX_ENDED_ROWS) key = OTHER_ENDED;
                act = this.ended.computeIfAbsent(key, k -> new Activity(null, k));
            }
        } else {
            act = new Activity(r, null);
            act.retire = ended;
            own.add(act);
            r.reported = true;
        }
        act.threads++;
        act.acq += dAcq;
        act.cont += dCont;
        act.wait += dWait;
        act.hold += dHold;
        act.heldCum += dHeldCum;
        act.waitCum += dWaitCum;
        act.s += dS;
        act.hs += dHs;
        act.ws += dWs;
        act.os += dOs;
        act.rs += dRs;
        if (fw >= 0) act.addWait(fw);
        if (w != null) act.addWaits(w);
    }

    /**
     * Ends the interval: computes each row's fractions once (the events carry them, the exit summary sums them as
     * fraction × interval, exactly as the report does), moves ended threads into {@code names}, and commits the
     * events one by one (not collected first: a harvest can have tens of thousands of live threads).
     */
    void finish(long intervalNanos, long intervalTicks, boolean exact, EndedThreads names, String group) {
        boolean enabled = new ThreadStatisticsEvent().isEnabled();
        for (Activity a : own) {
            // A thread's sampled fractions are of the INTERVAL (see Harvest): capped at 1 for the ticks that land
            // between the two reads.
            long ticks = Math.max(intervalTicks, a.s);
            double held = exact ? Harvest.ratio(a.heldCum, intervalNanos) : Harvest.ratio(a.hs, ticks);
            double wait = Harvest.ratio(a.waitCum, intervalNanos);
            ThreadRecord r = a.record;
            r.heldWeightedNanos += held * intervalNanos;
            r.waitWeightedNanos += wait * intervalNanos;
            if (a.retire) names.retire(r);
            if (!enabled) continue;
            ThreadStatisticsEvent e = new ThreadStatisticsEvent();
            Thread t = r.thread;
            e.thread = t;
            e.threadName = t.getName();
            e.threadId = t.getId();
            e.alive = !a.retire && t.isAlive();
            e.threads = 1;
            e.heldFraction = held;
            e.waitFraction = wait;
            e.heldFractionSampled = Harvest.ratio(a.hs, ticks);
            e.waitFractionSampled = Harvest.ratio(a.ws, ticks);
            e.outsideFraction = Harvest.ratio(a.os, ticks);
            e.releasedFraction = Harvest.ratio(a.rs, ticks);
            fill(e, a, intervalNanos, exact);
            e.group = group;
            e.commit();
        }
        for (Activity a : ended.values()) {
            // Sums over the threads, each a fraction of the interval: held stays <= 1 (one holder at a time); wait
            // and outside can exceed 1 (several threads at once), as in the report's groups.
            double held = exact ? share(a.heldCum, intervalNanos) : share(a.hs, intervalTicks);
            double wait = share(a.waitCum, intervalNanos);
            names.add(a.name, a.threads, a.acq, a.cont, a.s, held * intervalNanos, wait * intervalNanos, a.waits());
            if (!enabled) continue;
            ThreadStatisticsEvent e = new ThreadStatisticsEvent();
            // No thread (it has ended): the name (or pattern) and how many threads the row stands for.
            e.threadName = a.name;
            e.threadId = 0;
            e.alive = false;
            e.threads = a.threads;
            e.heldFraction = held;
            e.waitFraction = wait;
            e.heldFractionSampled = share(a.hs, intervalTicks);
            e.waitFractionSampled = share(a.ws, intervalTicks);
            e.outsideFraction = share(a.os, intervalTicks);
            e.releasedFraction = share(a.rs, intervalTicks);
            fill(e, a, intervalNanos, exact);
            e.group = group;
            e.commit();
        }
    }

    private static void fill(ThreadStatisticsEvent e, Activity a, long intervalNanos, boolean exact) {
        e.intervalNanos = intervalNanos;
        e.exact = exact;
        e.samples = a.s;
        e.acquisitions = a.acq;
        e.contendedAcquisitions = a.cont;
        e.waitNanos = a.wait;
        e.holdNanos = a.hold;
        if (a.waitHistogram == null && a.oneWait >= 0) {
            // One wait (a thread per task): its percentiles are the value's bucket, its histogram is the same string
            // for every value of that bucket. Cached, because each encoding runs a Deflater (native set-up): at
            // 70,000 threads in one harvest that was seconds of the stats thread, and the dead threads' records
            // waited for it (issue 13).
            synchronized (ONE_VALUE_ENCODED) {
                long bucket = ONE_VALUE.highestEquivalentValue(a.oneWait);
                e.waitP99Nanos = e.waitMaxNanos = bucket;
                String enc = ONE_VALUE_ENCODED.get(bucket);
                if (enc == null) {
                    ONE_VALUE.reset();
                    ONE_VALUE.recordValue(a.oneWait);
                    enc = Harvest.encode(ONE_VALUE);
                    ONE_VALUE_ENCODED.put(bucket, enc);
                }
                e.waitHistogram = enc;
            }
            return;
        }
        Histogram w = a.waits();
        if (w != null && w.getTotalCount() > 0) {
            e.waitP99Nanos = w.getValueAtPercentile(99);
            e.waitMaxNanos = w.getMaxValue();
            e.waitHistogram = Harvest.encode(w);
        }
    }

    private static double share(long part, long whole) {
        return whole <= 0 || part <= 0 ? 0 : (double) part / whole;
    }
}
