package dev.jgil.recording;

import dev.jgil.runtime.ThreadState;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
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
 */
final class ThreadRecord {
    static final int SIGNIFICANT_DIGITS = 3;

    final ThreadState state;
    final Thread thread;

    /** Contended waits, ns; writer: this thread. Packed: memory grows with the buckets in use. */
    final SingleWriterRecorder waits = new SingleWriterRecorder(SIGNIFICANT_DIGITS, true);
    /** Timed holds ended by this thread, ns; writer: this thread. */
    final SingleWriterRecorder holds = new SingleWriterRecorder(SIGNIFICANT_DIGITS, true);

    // ---- detail events in flight (JFR durations are begin()..end(), so they're opened early) ----
    /** Opened at waitStarted, committed at acquired; this thread only. */
    ContendedAcquireEvent pendingWait;
    /** Opened at a timed acquisition, committed at release (by this thread or the watchdog). */
    volatile HoldEvent pendingHold;

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
    /** Every contended wait of the recording, for the exit summary's percentiles. */
    final Histogram allWaits = new Histogram(SIGNIFICANT_DIGITS);

    ThreadRecord(ThreadState state) {
        this.state = state;
        this.thread = state.thread;
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
