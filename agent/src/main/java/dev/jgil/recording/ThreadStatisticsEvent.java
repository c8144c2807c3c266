package dev.jgil.recording;

import dev.jgil.schema.Schema;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** Per-thread GIL statistics for one stats interval, committed by the stats thread. */
@Name(Schema.THREAD_STATISTICS)
@Label("GIL Thread Statistics")
@Description("How one thread spent a statistics interval: holding the GIL, waiting for it, outside "
        + "designated code, or inside it with the GIL released")
@Category({Schema.CATEGORY, Schema.CATEGORY_STATISTICS})
@StackTrace(false)
final class ThreadStatisticsEvent extends jdk.jfr.Event {
    @Name(Schema.ThreadStatistics.THREAD)
    @Label("Thread")
    @Description("The thread described (the event thread is jgil's stats thread)")
    Thread thread;

    // JFR writes a Thread field of a thread that has terminated as null (its last interval is harvested
    // after it died), so the identity is repeated in plain fields.
    @Name(Schema.ThreadStatistics.THREAD_NAME)
    @Label("Thread Name")
    @Description("The thread's name (also set when the thread field is empty because the thread has ended)")
    String threadName;

    @Name(Schema.ThreadStatistics.THREAD_ID)
    @Label("Thread Id")
    @Description("The thread's Java id (Thread.getId())")
    long threadId;

    @Name(Schema.ThreadStatistics.ALIVE)
    @Label("Alive")
    @Description("Whether the thread was alive at the end of the interval")
    boolean alive;

    @Name(Schema.ThreadStatistics.THREADS)
    @Label("Threads")
    @Description("How many threads this event stands for: 1 for a thread of its own; N for the threads of this "
            + "name (or name pattern, with # for the number) that ended in the interval before any event of their own")
    long threads;

    @Name(Schema.ThreadStatistics.INTERVAL_NANOS)
    @Label("Interval")
    @Description("Length of the interval the fractions refer to; the event is committed at its end")
    @Timespan(Timespan.NANOSECONDS)
    long intervalNanos;

    @Name(Schema.ThreadStatistics.EXACT)
    @Label("Exact Accounting")
    @Description("True under trace accounting: the held fraction is an exact sum of hold times")
    boolean exact;

    @Name(Schema.ThreadStatistics.HELD_FRACTION)
    @Label("Held")
    @Description("Fraction of the interval this thread held the GIL (exact under trace accounting, sampled otherwise)")
    @Percentage
    double heldFraction;

    @Name(Schema.ThreadStatistics.WAIT_FRACTION)
    @Label("Waiting")
    @Description("Fraction of the interval this thread waited for the GIL (exact: waits are always timed)")
    @Percentage
    double waitFraction;

    @Name(Schema.ThreadStatistics.HELD_FRACTION_SAMPLED)
    @Label("Held (Sampled)")
    @Description("The sampler's estimate of the held fraction (to check sampling against trace accounting)")
    @Percentage
    double heldFractionSampled;

    @Name(Schema.ThreadStatistics.WAIT_FRACTION_SAMPLED)
    @Label("Waiting (Sampled)")
    @Description("The sampler's estimate of the waiting fraction")
    @Percentage
    double waitFractionSampled;

    @Name(Schema.ThreadStatistics.OUTSIDE_FRACTION)
    @Label("Outside")
    @Description("Fraction of the interval this thread ran outside designated code (sampled)")
    @Percentage
    double outsideFraction;

    @Name(Schema.ThreadStatistics.RELEASED_FRACTION)
    @Label("Released")
    @Description("Fraction of the interval inside designated code without the GIL, e.g. around a blocking call (sampled)")
    @Percentage
    double releasedFraction;

    @Name(Schema.ThreadStatistics.SAMPLES)
    @Label("Samples")
    @Description("Sampler ticks that saw this thread")
    long samples;

    @Name(Schema.ThreadStatistics.ACQUISITIONS)
    @Label("Acquisitions")
    @Description("GIL acquisitions by this thread in the interval")
    long acquisitions;

    @Name(Schema.ThreadStatistics.CONTENDED_ACQUISITIONS)
    @Label("Contended Acquisitions")
    @Description("Acquisitions by this thread that had to wait")
    long contendedAcquisitions;

    @Name(Schema.ThreadStatistics.WAIT_NANOS)
    @Label("Wait Time")
    @Description("Sum of this thread's contended waits that ended in the interval")
    @Timespan(Timespan.NANOSECONDS)
    long waitNanos;

    @Name(Schema.ThreadStatistics.HOLD_NANOS)
    @Label("Timed Hold Time")
    @Description("Sum of this thread's timed holds that ended in the interval")
    @Timespan(Timespan.NANOSECONDS)
    long holdNanos;

    @Name(Schema.ThreadStatistics.WAIT_P99_NANOS)
    @Label("Wait p99")
    @Description("99th percentile of this thread's contended waits that ended in the interval (0 when none)")
    @Timespan(Timespan.NANOSECONDS)
    long waitP99Nanos;

    @Name(Schema.ThreadStatistics.WAIT_MAX_NANOS)
    @Label("Longest Wait")
    @Description("Longest of this thread's contended waits that ended in the interval (0 when none)")
    @Timespan(Timespan.NANOSECONDS)
    long waitMaxNanos;

    // The complete distribution of the interval's waits: per-thread percentiles over a whole recording are only
    // true when computed from these (the ContendedAcquire events keep waits above their threshold only).
    @Name(Schema.ThreadStatistics.WAIT_HISTOGRAM)
    @Label("Wait Histogram")
    @Description("This thread's contended waits that ended in the interval (ns): HdrHistogram compressed, base64; empty when none")
    String waitHistogram;

    @Name(Schema.GROUP)
    @Label("Group")
    @Description("The GIL this thread's statistics are about: default (the process-wide GIL) or the name of a group.NAME= option; a thread using two GILs has one event per GIL")
    String group;
}
