package dev.jgil.schema;

/**
 * The names jgil writes into JFR recordings and interval logs: event type names, field names,
 * preset names and {@code .hlog} tags.
 *
 * <p>This class is the contract between the recording (agent) and the readers (the reports module,
 * JMC users, {@code jfr print}). It is deliberately standalone — no imports, no dependency on the
 * agent or on {@code jdk.jfr} — so the reports module can copy it verbatim (or share it) and read
 * recordings with {@code jdk.jfr.consumer} alone. Every field below is a JFR field name; units are
 * in the recording's metadata ({@code @Timespan(NANOSECONDS)} → {@code RecordedEvent.getDuration},
 * {@code @Percentage} → a fraction 0..1), and the Java names carry them too.
 *
 * <p>Compatibility: add fields freely; never rename or change the unit of an existing one.
 */
public final class Schema {
    private Schema() {
    }

    /** Top of the category tree shown by JMC's event browser: {@code jgil / ...}. */
    public static final String CATEGORY = "jgil";
    public static final String CATEGORY_LOCK = "GIL";
    public static final String CATEGORY_STATISTICS = "Statistics";

    /** Name prefix of every jgil event type. */
    public static final String PREFIX = "jgil.";

    // ---- event type names ----
    public static final String CONTENDED_ACQUIRE = "jgil.ContendedAcquire";
    public static final String HOLD = "jgil.Hold";
    public static final String SWITCH_REQUEST = "jgil.SwitchRequest";
    public static final String STATISTICS = "jgil.Statistics";
    public static final String THREAD_STATISTICS = "jgil.ThreadStatistics";
    public static final String CONFIGURATION = "jgil.Configuration";
    /**
     * A run-time change of policy or interval. Not in {@link #EVENT_NAMES}: those are the types every
     * recording has items of, and most recordings have no change.
     */
    public static final String CONFIGURATION_CHANGE = "jgil.ConfigurationChange";
    /**
     * What one include/exclude/annotation/release pattern matched. Not in {@link #EVENT_NAMES}: recordings of agents
     * that predate it have none, and readers must say "not recorded" then, not "matched nothing".
     */
    public static final String DESIGNATION = "jgil.Designation";
    /**
     * One stretch of designated code a serializing lock would run under the token, recorded only under {@code policy=off}
     * with the trace preset ({@code jgil predict} replays them). Not in {@link #EVENT_NAMES}: other recordings have none.
     */
    public static final String SEGMENT = "jgil.Segment";

    /** All jgil event type names, in a stable order. */
    public static final String[] EVENT_NAMES = {
        CONTENDED_ACQUIRE, HOLD, SWITCH_REQUEST, STATISTICS, THREAD_STATISTICS, CONFIGURATION
    };

    // ---- fields every JFR event has (set by JFR itself) ----
    public static final String START_TIME = "startTime";
    public static final String DURATION = "duration";
    public static final String EVENT_THREAD = "eventThread";
    public static final String STACK_TRACE = "stackTrace";

    /**
     * String, on every jgil event type: the GIL the event is about — {@link Names#DEFAULT_GROUP} for the process-wide
     * GIL, else the name of a {@code group.NAME=} option (one GIL per group, issue 17). Recordings made before groups
     * existed have no such field: read its absence, null or the empty string as the default GIL.
     */
    public static final String GROUP = "group";

    /**
     * {@code jgil.ContendedAcquire}: one contended acquisition (committed on the waiting thread; its
     * stack trace is where it waited). Event duration ≈ the wait; {@link #WAIT_NANOS} is exact.
     */
    public static final class ContendedAcquire {
        private ContendedAcquire() {
        }

        /** Timespan, ns: System.nanoTime() from the start of the wait to the acquisition. */
        public static final String WAIT_NANOS = "waitNanos";
        /** Thread: the owner when the wait began (null if the watchdog held the token then). */
        public static final String BLOCKED_BY = "blockedBy";
        /** int: threads waiting when this wait began, including this one. */
        public static final String WAITERS_AT_START = "waitersAtStart";
        /** String: {@code ENTRY | REACQUIRE | AFTER_SWITCH} (dev.jgil.runtime.AcquireCause). */
        public static final String CAUSE = "cause";
    }

    /**
     * {@code jgil.Hold}: one timed hold (under default accounting: holds that began with a contended
     * acquisition; under trace accounting: every hold). Committed by the releasing thread — the
     * watchdog for {@code WATCHDOG_HANDOFF} — so use {@link #HOLDER}, not eventThread.
     */
    public static final class Hold {
        private Hold() {
        }

        /** Timespan, ns: exact hold time. */
        public static final String HOLD_NANOS = "holdNanos";
        /** Thread: the thread that held the token. */
        public static final String HOLDER = "holder";
        /** String: {@code EXIT | BLOCKING | FORCED_SWITCH | TICK | WATCHDOG_HANDOFF | POLICY_CHANGE}. */
        public static final String RELEASE_CAUSE = "releaseCause";
        /** String: how the hold began ({@link ContendedAcquire#CAUSE} values). */
        public static final String ACQUIRE_CAUSE = "acquireCause";
        /** boolean: whether the hold began with a contended acquisition. */
        public static final String CONTENDED = "contended";
    }

    /**
     * {@code jgil.SwitchRequest}: a waiter asked the owner to drop; committed on the owner when it
     * dropped (stack trace: the checkpoint where it did). Duration ≈ time until the drop.
     */
    public static final class SwitchRequest {
        private SwitchRequest() {
        }

        public static final String REQUESTER = "requester";
        public static final String OWNER = "owner";
        /** Timespan, ns: from the request to the owner's drop. */
        public static final String TIME_TO_DROP_NANOS = "timeToDropNanos";
    }

    /**
     * {@code jgil.Segment}: under {@code policy=off} and the trace preset, one stretch of designated code on the event
     * thread, from where a serializing lock would acquire the token to where it would release it. Between two segments
     * of a thread it is outside designated code ({@code EXIT} … {@code ENTRY}) or released around a blocking call
     * ({@code BLOCKING} … {@code REACQUIRE}).
     */
    public static final class Segment {
        private Segment() {
        }

        /** long: System.nanoTime() at the start (exact; orders a thread's segments). */
        public static final String START_NANOS = "startNanos";
        /** Timespan, ns: exact length. */
        public static final String SEGMENT_NANOS = "segmentNanos";
        /** String: {@code ENTRY | REACQUIRE}. */
        public static final String START_CAUSE = "startCause";
        /** String: {@code EXIT | BLOCKING}. */
        public static final String END_CAUSE = "endCause";
        /** Timespan, ns: CPU time of the thread during the segment; -1 when the JVM cannot tell. */
        public static final String CPU_NANOS = "cpuNanos";
    }

    /**
     * {@code jgil.Statistics}: one per stats interval (and a final partial one at the end of every
     * chunk, so a recording stopped at exit is complete). Duration = the interval. Counters are
     * deltas over the interval.
     */
    public static final class Statistics {
        private Statistics() {
        }

        /** Timespan, ns (System.nanoTime): the interval length used for the fractions. */
        public static final String INTERVAL_NANOS = "intervalNanos";
        /** boolean: trace accounting (exact held fractions) vs default (sampled). */
        public static final String EXACT = "exact";
        /** Percentage: fraction of the interval the token was held (exact if {@link #EXACT}, else sampled). */
        public static final String HELD_FRACTION = "heldFraction";
        /** Percentage: the sampler's estimate of {@link #HELD_FRACTION}, always present. */
        public static final String HELD_FRACTION_SAMPLED = "heldFractionSampled";
        /** Percentage: binomial standard error of the sampled held fraction, sqrt(p(1-p)/n). */
        public static final String HELD_FRACTION_ERROR = "heldFractionError";
        /** Percentage: fraction of the interval at least one thread waited (sampled, gil_load's "wait"). */
        public static final String WAIT_FRACTION = "waitFraction";
        public static final String WAIT_FRACTION_ERROR = "waitFractionError";
        /** long: sampler ticks in the interval (n of the error). */
        public static final String SAMPLES = "samples";
        /** Timespan, ns: sum of the timed holds that ended in the interval (exact). */
        public static final String HOLD_NANOS = "holdNanos";
        /** long: timed holds that ended in the interval (= count of {@link #HOLD_HISTOGRAM}). */
        public static final String TIMED_HOLDS = "timedHolds";
        /** Timespan, ns: sum of the contended waits that ended in the interval (exact). */
        public static final String WAIT_NANOS = "waitNanos";
        public static final String ACQUISITIONS = "acquisitions";
        public static final String CONTENDED_ACQUISITIONS = "contendedAcquisitions";
        public static final String SWITCHES = "switches";
        public static final String FORCED_SWITCHES = "forcedSwitches";
        public static final String DROP_REQUESTS = "dropRequests";
        public static final String TICK_DROPS = "tickDrops";
        public static final String TICK_DROPS_WON_BACK = "tickDropsWonBack";
        public static final String BLOCKING_RELEASES = "blockingReleases";
        public static final String WATCHDOG_HAND_OFFS = "watchdogHandOffs";
        /** long: hand-offs before a blocking call not claimed within the grace (GilLock's notes: claimed hand-offs). */
        public static final String LAPSED_HAND_OFFS = "lapsedHandOffs";
        public static final String LISTENER_ERRORS = "listenerErrors";
        /** double: mean number of waiting threads (sampled). */
        public static final String WAITERS_AVERAGE = "waitersAverage";
        /** int: most waiting threads seen (samples and exact waiter counts at wait start). */
        public static final String WAITERS_MAX = "waitersMax";
        /**
         * String: the interval's wait histogram (ns), HdrHistogram compressed form, base64 — decode with
         * {@code Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(s)), 0)}.
         */
        public static final String WAIT_HISTOGRAM = "waitHistogram";
        /** String: the interval's hold histogram (ns, timed holds), same encoding. */
        public static final String HOLD_HISTOGRAM = "holdHistogram";
    }

    /** {@code jgil.ThreadStatistics}: one per thread that used the GIL, per stats interval. */
    public static final class ThreadStatistics {
        private ThreadStatistics() {
        }

        /** Thread: the thread described (the event thread is the stats thread). */
        public static final String THREAD = "thread";
        /** String: the thread's name; use it when {@link #THREAD} is null (JFR's view of a thread that ended). */
        public static final String THREAD_NAME = "threadName";
        /** long: {@code Thread.getId()}. */
        public static final String THREAD_ID = "threadId";
        /**
         * long: the threads this event stands for: 1 (or absent, in older recordings) for one thread; N for the
         * threads that ended in the interval before an event of their own, summed under {@link #THREAD_NAME},
         * which is then their name or their name pattern ({@code task-#}); {@link #THREAD_ID} is 0.
         */
        public static final String THREADS = "threads";
        /** boolean: alive at the end of the interval (false: this is its last event). */
        public static final String ALIVE = "alive";
        /** Timespan, ns: the interval; the event is an instant committed at the interval's end. */
        public static final String INTERVAL_NANOS = "intervalNanos";
        public static final String EXACT = "exact";
        /** Percentage: held this thread (exact under trace accounting, sampled otherwise). */
        public static final String HELD_FRACTION = "heldFraction";
        /** Percentage: waiting for the token (exact: from timed waits). */
        public static final String WAIT_FRACTION = "waitFraction";
        /** Percentage: the sampler's held estimate (always sampled; n = {@link #SAMPLES}). */
        public static final String HELD_FRACTION_SAMPLED = "heldFractionSampled";
        /** Percentage: the sampler's waiting estimate. */
        public static final String WAIT_FRACTION_SAMPLED = "waitFractionSampled";
        /** Percentage: outside designated code (sampled). */
        public static final String OUTSIDE_FRACTION = "outsideFraction";
        /** Percentage: inside designated code without the token, e.g. released around a blocking call (sampled). */
        public static final String RELEASED_FRACTION = "releasedFraction";
        public static final String SAMPLES = "samples";
        public static final String ACQUISITIONS = "acquisitions";
        public static final String CONTENDED_ACQUISITIONS = "contendedAcquisitions";
        /** Timespan, ns: contended waits that ended in the interval. */
        public static final String WAIT_NANOS = "waitNanos";
        /** Timespan, ns: timed holds that ended in the interval. */
        public static final String HOLD_NANOS = "holdNanos";
        /** Timespan, ns: 99th percentile of this thread's contended waits that ended in the interval (0: none). */
        public static final String WAIT_P99_NANOS = "waitP99Nanos";
        /** Timespan, ns: the longest of them (0: none). */
        public static final String WAIT_MAX_NANOS = "waitMaxNanos";
        /**
         * String: this thread's contended waits that ended in the interval (ns), HdrHistogram compressed form, base64
         * (as {@link Statistics#WAIT_HISTOGRAM}); empty when none. Every wait, whatever the detail threshold: per-thread
         * wait percentiles come from these, never from the thresholded jgil.ContendedAcquire events.
         */
        public static final String WAIT_HISTOGRAM = "waitHistogram";
    }

    /** {@code jgil.Configuration}: at start and at the beginning of every chunk. */
    public static final class Configuration {
        private Configuration() {
        }

        public static final String POLICY = "policy";
        public static final String INTERVAL_NANOS = "intervalNanos";
        public static final String CHECK_INTERVAL = "checkInterval";
        /** String: {@code default | trace}. */
        public static final String ACCOUNTING = "accounting";
        public static final String INCLUDE = "include";
        public static final String EXCLUDE = "exclude";
        public static final String RELEASE = "release";
        public static final String ANNOTATION = "annotation";
        public static final String VERSION = "version";
        public static final String SAMPLE_PERIOD_NANOS = "samplePeriodNanos";
        public static final String STATS_PERIOD_NANOS = "statsPeriodNanos";
        public static final String JFR_SETTINGS = "jfrSettings";
    }

    /** {@code jgil.ConfigurationChange}: the policy or switch interval changed at run time (JMX). */
    public static final class ConfigurationChange {
        private ConfigurationChange() {
        }

        public static final String OLD_POLICY = "oldPolicy";
        public static final String NEW_POLICY = "newPolicy";
        /** Timespan, ns. */
        public static final String OLD_INTERVAL_NANOS = "oldIntervalNanos";
        /** Timespan, ns. */
        public static final String NEW_INTERVAL_NANOS = "newIntervalNanos";
    }

    /**
     * {@code jgil.Designation}: one per designation pattern, committed at the end of every chunk (like
     * {@link #CONFIGURATION}, so each chunk says what the patterns had matched by then; the counts only grow).
     */
    public static final class Designation {
        private Designation() {
        }

        /** String: {@code include | exclude | annotation | release} ({@link Names#DESIGNATION_KINDS}). */
        public static final String KIND = "kind";
        /** String: the pattern as the option spelled it. */
        public static final String PATTERN = "pattern";
        /** long: loaded classes the pattern matched so far. */
        public static final String CLASSES_MATCHED = "classesMatched";
        /** long: methods woven because of it so far (0 for exclude). */
        public static final String METHODS_WOVEN = "methodsWoven";
    }

    /** JDK events the readers use besides jgil's own. */
    public static final class Jdk {
        private Jdk() {
        }

        public static final String JVM_INFORMATION = "jdk.JVMInformation";
        public static final String CPU_INFORMATION = "jdk.CPUInformation";
        public static final String HW_THREADS = "hwThreads";
        /** The machine's and this JVM's CPU use, each a fraction of all hardware threads (jgil predict: the cores others took). */
        public static final String CPU_LOAD = "jdk.CPULoad";
        public static final String CPU_LOAD_MACHINE = "machineTotal";
        public static final String CPU_LOAD_JVM_USER = "jvmUser";
        public static final String CPU_LOAD_JVM_SYSTEM = "jvmSystem";
        /** JFR could not write some of its buffers: events were dropped. */
        public static final String DATA_LOSS = "jdk.DataLoss";
        /** DataSize, bytes: lost in this event. */
        public static final String DATA_LOSS_AMOUNT = "amount";
        /** DataSize, bytes: lost since the recording started. */
        public static final String DATA_LOSS_TOTAL = "total";
        /** A thread started (jgil predict: which thread started which, and when). */
        public static final String THREAD_START = "jdk.ThreadStart";
        /** Thread: the started thread. */
        public static final String THREAD_START_THREAD = "thread";
        /** Thread: the thread that called {@code start()}. */
        public static final String THREAD_START_PARENT = "parentThread";
    }

    // ---- settings presets shipped as class-path resources next to this class ----
    public static final String SETTINGS_DEFAULT = "default";
    public static final String SETTINGS_TRACE = "trace";
    public static final String JFC_DEFAULT_RESOURCE = "/dev/jgil/recording/jgil.jfc";
    public static final String JFC_TRACE_RESOURCE = "/dev/jgil/recording/jgil-trace.jfc";

    // ---- .hlog tags (HdrHistogram interval log, values in ns) ----
    public static final String HLOG_TAG_WAIT = "wait";
    public static final String HLOG_TAG_HOLD = "hold";
}
