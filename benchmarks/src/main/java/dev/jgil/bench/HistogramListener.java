package dev.jgil.bench;

import dev.jgil.runtime.AcquireCause;
import dev.jgil.runtime.GilListener;
import dev.jgil.runtime.ReleaseCause;
import dev.jgil.runtime.ThreadState;
import org.HdrHistogram.Histogram;

/**
 * A minimal trace-accounting consumer: records each hold's duration into a single-writer
 * {@link Histogram}, exactly the work the baseline of {@link TraceAccountingEnterExitBenchmark} does
 * with {@code Histogram.recordValue}. Other callbacks do nothing.
 */
final class HistogramListener implements GilListener {
    private final Histogram holds;

    HistogramListener(Histogram holds) {
        this.holds = holds;
    }

    @Override
    public void acquired(ThreadState thread, AcquireCause cause, long waitStartNanos, long acquiredNanos,
                         ThreadState blockedBy, int waitersAtStart) {
        // nothing: the hold is recorded on release
    }

    @Override
    public void released(ThreadState thread, ReleaseCause cause, long holdStartNanos, long releasedNanos) {
        holds.recordValue(releasedNanos - holdStartNanos);
    }

    @Override
    public void switchRequested(ThreadState requester, ThreadState owner, long requestNanos) {
    }

    @Override
    public void dropped(ThreadState owner, ThreadState requester, long requestNanos, long droppedNanos) {
    }
}
