package dev.jgil.recording;

import dev.jgil.schema.Schema;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Whole-lock statistics for one stats interval. Committed by the stats thread every
 * {@code stats.period}; the {@code endChunk} period makes JFR ask for one more (partial) interval
 * when a chunk ends — including when the recording is stopped by JFR's own shutdown hook — so the
 * last interval is never lost. Duration: the interval.
 */
@Name(Schema.STATISTICS)
@Label("GIL Statistics")
@Description("GIL load over one statistics interval: held and wait fractions, counters and the "
        + "interval's exact wait/hold histograms (HdrHistogram, compressed, base64)")
@Category({Schema.CATEGORY, Schema.CATEGORY_STATISTICS})
@StackTrace(false)
@Period("endChunk")
final class StatisticsEvent extends jdk.jfr.Event {
    @Name(Schema.Statistics.INTERVAL_NANOS)
    @Label("Interval")
    @Description("Length of the interval the fractions refer to (System.nanoTime)")
    @Timespan(Timespan.NANOSECONDS)
    long intervalNanos;

    @Name(Schema.Statistics.EXACT)
    @Label("Exact Accounting")
    @Description("True under trace accounting: held fractions are exact sums of hold times; false: sampled")
    boolean exact;

    @Name(Schema.Statistics.HELD_FRACTION)
    @Label("Held")
    @Description("Fraction of the interval the GIL was held (exact under trace accounting, sampled otherwise)")
    @Percentage
    double heldFraction;

    @Name(Schema.Statistics.HELD_FRACTION_SAMPLED)
    @Label("Held (Sampled)")
    @Description("The sampler's estimate of the held fraction")
    @Percentage
    double heldFractionSampled;

    @Name(Schema.Statistics.HELD_FRACTION_ERROR)
    @Label("Held Sampling Error")
    @Description("Binomial standard error of the sampled held fraction, sqrt(p(1-p)/n)")
    @Percentage
    double heldFractionError;

    @Name(Schema.Statistics.WAIT_FRACTION)
    @Label("Wait")
    @Description("Fraction of the interval at least one thread waited for the GIL (sampled)")
    @Percentage
    double waitFraction;

    @Name(Schema.Statistics.WAIT_FRACTION_ERROR)
    @Label("Wait Sampling Error")
    @Description("Binomial standard error of the wait fraction, sqrt(p(1-p)/n)")
    @Percentage
    double waitFractionError;

    @Name(Schema.Statistics.SAMPLES)
    @Label("Samples")
    @Description("Sampler ticks in the interval")
    long samples;

    @Name(Schema.Statistics.HOLD_NANOS)
    @Label("Timed Hold Time")
    @Description("Sum of the timed holds that ended in the interval (all holds under trace accounting)")
    @Timespan(Timespan.NANOSECONDS)
    long holdNanos;

    @Name(Schema.Statistics.TIMED_HOLDS)
    @Label("Timed Holds")
    @Description("Timed holds that ended in the interval")
    long timedHolds;

    @Name(Schema.Statistics.WAIT_NANOS)
    @Label("Wait Time")
    @Description("Sum of the contended waits that ended in the interval")
    @Timespan(Timespan.NANOSECONDS)
    long waitNanos;

    @Name(Schema.Statistics.ACQUISITIONS)
    @Label("Acquisitions")
    @Description("GIL acquisitions in the interval")
    long acquisitions;

    @Name(Schema.Statistics.CONTENDED_ACQUISITIONS)
    @Label("Contended Acquisitions")
    @Description("Acquisitions that had to wait")
    long contendedAcquisitions;

    @Name(Schema.Statistics.SWITCHES)
    @Label("Switches")
    @Description("Times the GIL went to a different thread than its previous owner")
    long switches;

    @Name(Schema.Statistics.FORCED_SWITCHES)
    @Label("Forced Switches")
    @Description("Drops at a checkpoint because a waiter asked")
    long forcedSwitches;

    @Name(Schema.Statistics.DROP_REQUESTS)
    @Label("Drop Requests")
    @Description("Requests by a waiter that the owner drop the GIL")
    long dropRequests;

    @Name(Schema.Statistics.TICK_DROPS)
    @Label("Tick Drops")
    @Description("Drops every checkinterval checkpoints (ticks policy)")
    long tickDrops;

    @Name(Schema.Statistics.TICK_DROPS_WON_BACK)
    @Label("Tick Drops Won Back")
    @Description("Tick drops after which the dropper took the GIL straight back")
    long tickDropsWonBack;

    @Name(Schema.Statistics.BLOCKING_RELEASES)
    @Label("Blocking Releases")
    @Description("Releases before a blocking call")
    long blockingReleases;

    @Name(Schema.Statistics.WATCHDOG_HAND_OFFS)
    @Label("Watchdog Hand-offs")
    @Description("Times the watchdog took the GIL from a blocked or dead owner")
    long watchdogHandOffs;

    @Name(Schema.Statistics.LAPSED_HAND_OFFS)
    @Label("Lapsed Hand-offs")
    @Description("Hand-offs before a blocking call whose receiver did not run within the claim grace (200 us): the thread back from its call took the GIL, as the free GIL's race in CPython")
    long lapsedHandOffs;

    @Name(Schema.Statistics.LISTENER_ERRORS)
    @Label("Recording Errors")
    @Description("Exceptions thrown by the recording's listener and swallowed by the lock")
    long listenerErrors;

    @Name(Schema.Statistics.WAITERS_AVERAGE)
    @Label("Waiters Average")
    @Description("Mean number of threads waiting for the GIL (sampled)")
    double waitersAverage;

    @Name(Schema.Statistics.WAITERS_MAX)
    @Label("Waiters Max")
    @Description("Most threads seen waiting (samples and waiter counts at the start of each wait)")
    int waitersMax;

    @Name(Schema.Statistics.WAIT_HISTOGRAM)
    @Label("Wait Histogram")
    @Description("Contended waits ending in the interval, ns: HdrHistogram compressed form, base64")
    String waitHistogram;

    @Name(Schema.Statistics.HOLD_HISTOGRAM)
    @Label("Hold Histogram")
    @Description("Timed holds ending in the interval, ns: HdrHistogram compressed form, base64")
    String holdHistogram;

    @Name(Schema.GROUP)
    @Label("Group")
    @Description("The GIL these statistics are of: default (the process-wide GIL) or the name of a group.NAME= option; one event per GIL per interval")
    String group;
}
