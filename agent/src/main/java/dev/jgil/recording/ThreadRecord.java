package dev.jgil.recording;

import dev.jgil.runtime.ThreadState;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The recording's per-thread state. Written by three kinds of threads, each field by one:
 * <ul>
 *   <li>the thread itself, in listener callbacks (waits, its own holds);</li>
 *   <li>the watchdog, for holds it ended by a hand-off (only the {@code AtomicLong}s and
 *       {@code openHoldStartNanos}; its histogram values go to a shared multi-writer recorder);</li>
 *   <li>the sampler (the {@code *Samples} counters);</li>
 * </ul>
 * and read by the stats thread at each harvest. The recorders are per thread so that recording a
 * value never contends with other GIL users.
 *
 * <p>One exists for every live thread that has used the lock (made when the lock tells the listener
 * of the thread), so it is small until the thread waits or is timed: the recorders and the histogram of
 * all waits are made on first use. The harvest drops it once the thread has ended and its last counts
 * are harvested.
 */
final class ThreadRecord {
    static final int SIGNIFICANT_DIGITS = 3;

    final ThreadState state;
    final Thread thread;

    /** Contended waits, ns; writer (and maker, on its first wait): this thread. Packed: memory grows with the buckets in use. */
    volatile SingleWriterRecorder waits;
    /** Timed holds ended by this thread, ns; writer (and maker): this thread. */
    volatile SingleWriterRecorder holds;

    // ---- detail events in flight (JFR durations are begin()..end(), so they're opened early) ----
    /** Opened at waitStarted, committed at acquired; this thread only. */
    ContendedAcquireEvent pendingWait;
    /** Opened at a timed acquisition, committed at release (by this thread or the watchdog). */
    volatile HoldEvent pendingHold;
    /** Under off with trace accounting: the open designated segment (this thread only). */
    SegmentEvent pendingSegment;
    /** Its thread's CPU time when that segment began (-1: unknown). */
    long segmentCpuStartNanos = -1;

    // ---- exact sums, cumulative. Open intervals let the stats thread split a long wait/hold across
    // stats intervals: cumulative(T) = closed + (T - openStart). Writers clear the open start BEFORE adding
    // to the closed sum, and the reader reads closed BEFORE open, so a harvest racing a release can only
    // miss the hold for one interval (the next picks it up), never count it twice. ----
    volatile long openWaitStartNanos;
    volatile long closedWaitNanos;
    volatile long openHoldStartNanos;
    final AtomicLong closedHoldNanos = new AtomicLong();

    // ---- sampler counters, cumulative; writer: the sampler ----
    volatile long samples;
    volatile long heldSamples;
    volatile long waitSamples;
    volatile long outsideSamples;
    volatile long releasedSamples;

    // ---- harvest baselines and totals; stats thread only (under the harvest lock) ----
    long lastAcquisitions;
    long lastContendedAcquisitions;
    long lastClosedWaitNanos;
    long lastClosedHoldNanos;
    long lastHeldCumulativeNanos;
    long lastWaitCumulativeNanos;
    long lastSamples;
    long lastHeldSamples;
    long lastWaitSamples;
    long lastOutsideSamples;
    long lastReleasedSamples;
    /** Counters at the recording's start (threads that used the lock before it); 0 for later threads. */
    long firstAcquisitions;
    long firstContendedAcquisitions;
    /** Sampler ticks that saw this thread over the whole recording (a thread never seen nor acquiring has no row). */
    long totalSamples;
    /** Σ heldFraction × interval and Σ waitFraction × interval of this thread's jgil.ThreadStatistics: the report's sums. */
    double heldWeightedNanos, waitWeightedNanos;
    /**
     * The contended waits of the recording after the first (which stays in firstWaitNanos), for the exit
     * summary's percentiles; null until the second. Packed: a non-packed histogram of a thread that once
     * waited seconds is ~150 KB.
     */
    Histogram allWaits;
    /** Whether a jgil.ThreadStatistics event of its own was committed for this thread (stats thread only). */
    boolean reported;

    ThreadRecord(ThreadState state) {
        this.state = state;
        this.thread = state.thread;
    }

    static Histogram newPackedHistogram() {
        return new PackedHistogram(SIGNIFICANT_DIGITS);
    }

    // The first wait and the first timed hold are kept inline: a thread per task waits at most once,
    // and a recorder costs about 1 KB. Written once by the thread (-1: none yet), read by the harvest.
    volatile long firstWaitNanos = -1;
    volatile long firstHoldNanos = -1;
    /** Whether the harvest has taken the first wait/hold (stats thread only). */
    boolean firstWaitHarvested, firstHoldHarvested;

    void recordWait(long nanos) {
        if (firstWaitNanos < 0) {
            firstWaitNanos = nanos;
            return;
        }
        SingleWriterRecorder w = waits;
        if (w == null) waits = w = new SingleWriterRecorder(SIGNIFICANT_DIGITS, true);
        w.recordValue(nanos);
    }

    void recordHold(long nanos) {
        if (firstHoldNanos < 0) {
            firstHoldNanos = nanos;
            return;
        }
        SingleWriterRecorder h = holds;
        if (h == null) holds = h = new SingleWriterRecorder(SIGNIFICANT_DIGITS, true);
        h.recordValue(nanos);
    }

    /** The first wait if the harvest has not taken it yet, else -1 (stats thread only). */
    long takeFirstWait() {
        if (firstWaitHarvested) return -1;
        long v = firstWaitNanos;
        if (v >= 0) firstWaitHarvested = true;
        return v;
    }

    /** The first timed hold if the harvest has not taken it yet, else -1 (stats thread only). */
    long takeFirstHold() {
        if (firstHoldHarvested) return -1;
        long v = firstHoldNanos;
        if (v >= 0) firstHoldHarvested = true;
        return v;
    }

    /** The recorder's values since the last call (the second value on), or null when none (stats thread only). */
    static Histogram interval(SingleWriterRecorder r) {
        if (r == null) return null;
        Histogram h = r.getIntervalHistogram();
        return h.getTotalCount() == 0 ? null : h;
    }

    /** Adds every wait of this thread harvested so far (the first, and the recorder's) to {@code into}. */
    void addAllWaitsTo(Histogram into) {
        if (firstWaitHarvested) into.recordValue(firstWaitNanos);
        if (allWaits != null) into.add(allWaits);
    }

    long heldCumulativeNanos(long nowNanos) {
        long closed = closedHoldNanos.get();
        long open = openHoldStartNanos;
        return closed + (open != 0 && nowNanos > open ? nowNanos - open : 0);
    }

    long waitCumulativeNanos(long nowNanos) {
        long closed = closedWaitNanos;
        long open = openWaitStartNanos;
        // A wait that ended without an acquisition (policy switched to off) leaves a stale start: only
        // count an open wait while the runtime says the thread still waits.
        return closed + (open != 0 && nowNanos > open && state.isWaiting() ? nowNanos - open : 0);
    }
}
