package dev.jgil.recording;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One harvest's per-thread step: each thread's counters minus their values at the previous harvest,
 * summed over the threads for {@code jgil.Statistics} and turned into one {@code jgil.ThreadStatistics}
 * event per thread that did anything in the interval. Stats thread only, under the harvest's monitor.
 */
final class ThreadDeltas {
    private final long intervalNanos;
    private final long intervalTicks;
    private final boolean exact;

    long acquisitions, contended, waitNanos, holdNanos, heldExactNanos;
    final List<ThreadStatisticsEvent> events = new ArrayList<>();

    ThreadDeltas(long intervalNanos, long intervalTicks, boolean exact) {
        this.intervalNanos = intervalNanos;
        this.intervalTicks = intervalTicks;
        this.exact = exact;
    }

    /** Adds one thread's interval; its interval histograms go into {@code waits} and {@code holds}. */
    void add(ThreadRecord r, long now, Histogram waits, Histogram holds) {
        // Sums first (they read closed-before-open), then histograms: a release racing this harvest
        // lands in both or, for the histogram, in the next interval.
        long heldCum = r.heldCumulativeNanos(now);
        long waitCum = r.waitCumulativeNanos(now);
        long closedWait = r.closedWaitNanos;
        long closedHold = r.closedHoldNanos.get();
        Histogram w = r.waits.getIntervalHistogram();
        Histogram h = r.holds.getIntervalHistogram();
        waits.add(w);
        holds.add(h);
        r.allWaits.add(w);

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

        if (dAcq > 0 || dS > 0 || dWaitCum > 0 || dHeldCum > 0) {
            long ticks = Math.max(intervalTicks, dS);
            double heldFraction = exact ? Harvest.ratio(dHeldCum, intervalNanos) : Harvest.ratio(dHs, ticks);
            double waitFraction = Harvest.ratio(dWaitCum, intervalNanos);
            r.heldWeightedNanos += heldFraction * intervalNanos;
            r.waitWeightedNanos += waitFraction * intervalNanos;
            ThreadStatisticsEvent e = new ThreadStatisticsEvent();
            if (e.isEnabled()) {
                e.thread = r.thread;
                e.threadName = r.thread.getName();
                e.threadId = r.thread.getId();
                e.alive = r.thread.isAlive();
                e.intervalNanos = intervalNanos;
                e.exact = exact;
                e.heldFraction = heldFraction;
                e.waitFraction = waitFraction;
                e.heldFractionSampled = Harvest.ratio(dHs, ticks);
                e.waitFractionSampled = Harvest.ratio(dWs, ticks);
                e.outsideFraction = Harvest.ratio(dOs, ticks);
                e.releasedFraction = Harvest.ratio(dRs, ticks);
                e.samples = dS;
                e.acquisitions = dAcq;
                e.contendedAcquisitions = dCont;
                e.waitNanos = dWait;
                e.holdNanos = dHold;
                if (w.getTotalCount() > 0) {
                    e.waitP99Nanos = w.getValueAtPercentile(99);
                    e.waitMaxNanos = w.getMaxValue();
                    e.waitHistogram = Harvest.encode(w);
                }
                events.add(e);
            }
        }
    }
}
