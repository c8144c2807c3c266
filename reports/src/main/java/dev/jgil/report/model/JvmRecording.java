package dev.jgil.report.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Everything the report uses from one JFR file (one JVM), as flat primitive arrays. Times are epoch
 * nanoseconds ({@code *EpochNanos}) or durations in nanoseconds ({@code *Nanos}); thread references are
 * indexes into {@link #threads} (-1: unknown).
 *
 * <p>Two kinds of data, with different guarantees:
 * <ul>
 *   <li><b>totals</b> ({@link Totals}, histograms, per-thread sums) come from {@code jgil.Statistics} and
 *       {@code jgil.ThreadStatistics}: exact whatever the detail thresholds were;</li>
 *   <li><b>detail events</b> (holds, waits, switch requests) are complete only under the trace preset;
 *       the default preset keeps holds/waits of at least 1 ms ({@link #detailComplete()}).</li>
 * </ul>
 */
public final class JvmRecording {
    public final Path source;
    /** A short label for the per-JVM breakdown: file name, and pid when known. */
    public String label;
    /** Set when the file ended inside a chunk (JVM killed while writing): what is here is what was complete. */
    public boolean truncated;
    public String truncationDetail;
    /**
     * The GIL this recording is about: {@link dev.jgil.schema.Names#DEFAULT_GROUP} or a group's name. A file whose
     * events carry several groups is read as one recording per group ({@link #grouped}): the rows of the breakdown
     * are then the GILs of one JVM, not JVMs.
     */
    public String group = dev.jgil.schema.Names.DEFAULT_GROUP;
    /** Whether this recording is one group of a file that held several (its {@link #label} names the group). */
    public boolean grouped;

    // ---- jdk.JVMInformation / jdk.CPUInformation (present when the JDK events were on) ----
    public String jvmName = "";
    public String jvmVersion = "";
    public String jvmArguments = "";
    public String javaArguments = "";
    public long pid = -1;
    /** Hardware threads of the machine, or 0 when unknown. */
    public int hwThreads;

    public final Configuration configuration = new Configuration();

    /** First and last instant covered by jgil events (statistics intervals included). */
    public long firstEpochNanos = Long.MAX_VALUE;
    public long lastEpochNanos = Long.MIN_VALUE;

    public final List<ThreadInfo> threads = new ArrayList<>();
    public final Totals totals = new Totals();
    /** Wait and hold times (ns) of every timed wait/hold, from the Statistics histograms: exact. */
    public final Histogram waitHistogram = new Histogram(3);
    public final Histogram holdHistogram = new Histogram(3);

    // ---- statistics intervals (time series) ----
    public long[] intervalEndEpochNanos = new long[0];
    public long[] intervalNanos = new long[0];
    public float[] intervalHeldFraction = new float[0];
    public float[] intervalWaitFraction = new float[0];
    /** Per interval: {@code acquisitions}, {@code contendedAcquisitions}, {@code switches}, {@code timedHolds} (deltas). */
    public long[] intervalAcquisitions = new long[0];
    public long[] intervalContendedAcquisitions = new long[0];
    public long[] intervalSwitches = new long[0];
    public long[] intervalTimedHolds = new long[0];

    // ---- jgil.ThreadStatistics (time series: one entry per thread per interval) ----
    public long[] threadIntervalEndEpochNanos = new long[0];
    public long[] threadIntervalNanos = new long[0];
    /**
     * Fraction of the interval the thread was inside designated code and not waiting: held + released
     * (sampled). Under policy {@code off} nobody holds the lock, and the sampler counts a thread running
     * designated code as "released".
     */
    public float[] threadIntervalInsideFraction = new float[0];
    /** Fraction of the interval the thread held the GIL, and waited for it: per-segment speed-up bounds need them. */
    public float[] threadIntervalHeldFraction = new float[0];
    public float[] threadIntervalWaitFraction = new float[0];

    /** Whether any jgil.ThreadStatistics carried its wait histogram (agents before it did not: no per-thread percentiles). */
    public boolean threadWaitHistograms;

    // ---- jgil.Designation (the latest per kind and pattern) ----
    public final List<Designation> designations = new ArrayList<>();

    // ---- jdk.DataLoss ----
    /** When JFR noticed it had dropped buffers, and how many bytes each time. */
    public long[] dataLossEpochNanos = new long[0];
    public long[] dataLossBytes = new long[0];

    // ---- jgil.ConfigurationChange ----
    /** Run-time changes of policy or switch interval, by time. */
    public final List<ConfigurationChange> configurationChanges = new ArrayList<>();

    // ---- jgil.Hold ----
    public long[] holdStartEpochNanos = new long[0];
    public long[] holdNanos = new long[0];
    public int[] holdThread = new int[0];
    public byte[] holdReleaseCause = new byte[0];
    public byte[] holdAcquireCause = new byte[0];
    public final List<String> releaseCauses = new ArrayList<>();
    public final List<String> acquireCauses = new ArrayList<>();

    // ---- jgil.ContendedAcquire ----
    public long[] waitStartEpochNanos = new long[0];
    public long[] waitNanos = new long[0];
    public int[] waitThread = new int[0];
    public int[] waitBlockedBy = new int[0];
    public byte[] waitCause = new byte[0];
    /** Index into {@link #sites}: where the thread waited. */
    public int[] waitSite = new int[0];
    /** Distinct wait sites: frames, innermost first, GIL/JFR internals dropped. */
    public final List<List<String>> sites = new ArrayList<>();

    // ---- jgil.SwitchRequest ----
    public long[] switchRequestEpochNanos = new long[0];
    public long[] switchTimeToDropNanos = new long[0];
    public int[] switchRequester = new int[0];
    public int[] switchOwner = new int[0];

    /** All jgil events read (any type). */
    public long jgilEvents;
    /** All events read, JDK ones included. */
    public long allEvents;

    public JvmRecording(Path source) {
        this.source = source;
        this.label = String.valueOf(source.getFileName());
    }

    /**
     * Whether the detail events were meant to hold every wait and hold (trace preset), not only those of 1 ms and
     * more. Whether they do is {@link dev.jgil.report.analysis.DataLoss}'s question.
     */
    public boolean tracePreset() {
        return configuration.jfrSettings.equals(dev.jgil.schema.Schema.SETTINGS_TRACE);
    }

    public long dataLossBytes() {
        long n = 0;
        for (long b : dataLossBytes) n += b;
        return n;
    }

    public long durationNanos() {
        return lastEpochNanos > firstEpochNanos ? lastEpochNanos - firstEpochNanos : 0;
    }

    public int holdCount() {
        return holdNanos.length;
    }

    public int waitCount() {
        return waitNanos.length;
    }

    /** Sums of {@code jgil.Statistics} over the recording (counts and ns; fractions weighted by interval). */
    public static final class Totals {
        public int intervals;
        public int exactIntervals;
        public long intervalNanos;
        /** Σ heldFraction × interval: GIL held time (exact under trace accounting, sampled otherwise). */
        public double heldNanos;
        /** Σ waitFraction × interval: time at least one thread waited (sampled). */
        public double someoneWaitingNanos;
        public long timedHoldNanos;
        public long timedHolds;
        public long waitNanos;
        public long acquisitions;
        public long contendedAcquisitions;
        public long switches;
        public long forcedSwitches;
        public long dropRequests;
        public long tickDrops;
        public long tickDropsWonBack;
        public long blockingReleases;
        public long watchdogHandOffs;
        /** Claimable hand-offs taken by another thread after the claim grace; -1: not recorded (an older agent). */
        public long lapsedHandOffs = -1;

        /** A sum of counts where -1 means not recorded: known as soon as one part is. */
        public static long addKnown(long a, long b) {
            return a < 0 ? b : b < 0 ? a : a + b;
        }
        public long listenerErrors;
        public long samples;
        public double waitersSum;
        public int waitersMax;
    }
}
