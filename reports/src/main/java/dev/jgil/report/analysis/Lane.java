package dev.jgil.report.analysis;

import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.ThreadInfo;
import org.HdrHistogram.Histogram;

/** One thread's row in the per-thread table and lane in the timeline. */
public final class Lane {
    public final int index;
    public final int jvm;
    public final JvmRecording recording;
    public final ThreadInfo thread;
    /**
     * Every contended wait of this thread: the jgil.ThreadStatistics histograms, or — for recordings that predate
     * them — the detail events when those hold every wait. Null when it never waited, or when the waits are not
     * known completely ({@link #waitsKnown}): percentiles of thresholded detail events would be biased upwards.
     */
    Histogram waits;
    /** Whether the waits above are complete (the per-thread wait percentiles are then shown; otherwise "-"). */
    boolean waitsKnown;

    Lane(int index, int jvm, JvmRecording recording, ThreadInfo thread) {
        this.index = index;
        this.jvm = jvm;
        this.recording = recording;
        this.thread = thread;
    }

    /** This thread's waits (see the field); null when none or unknown. */
    public Histogram waits() {
        return waits;
    }

    public boolean waitsKnown() {
        return waitsKnown;
    }
}
