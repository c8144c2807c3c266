package dev.jgil.jmc;

/**
 * The few jgil event and field names the rules read, copied from {@code dev.jgil.schema.Schema}
 * so the rule pack stays a standalone jar. {@code JgilSchemaTest} checks that they still match.
 */
public final class JgilSchema {
    private JgilSchema() {
    }

    public static final String CONTENDED_ACQUIRE = "jgil.ContendedAcquire";
    public static final String HOLD = "jgil.Hold";
    public static final String STATISTICS = "jgil.Statistics";
    public static final String THREAD_STATISTICS = "jgil.ThreadStatistics";
    public static final String CONFIGURATION = "jgil.Configuration";
    public static final String CONFIGURATION_CHANGE = "jgil.ConfigurationChange";
    public static final String START_TIME = "startTime";

    public static final String STACK_TRACE = "stackTrace";
    public static final String EVENT_THREAD = "eventThread";

    // jgil.ContendedAcquire
    public static final String CA_WAIT_NANOS = "waitNanos";
    public static final String CA_BLOCKED_BY = "blockedBy";
    public static final String CA_CAUSE = "cause";
    public static final String CAUSE_REACQUIRE = "REACQUIRE";

    // jgil.Statistics
    public static final String ST_INTERVAL_NANOS = "intervalNanos";
    public static final String ST_WAIT_FRACTION = "waitFraction";
    public static final String ST_TICK_DROPS = "tickDrops";
    public static final String ST_TICK_DROPS_WON_BACK = "tickDropsWonBack";

    // jgil.ThreadStatistics
    public static final String TS_THREAD = "thread";
    public static final String TS_THREAD_NAME = "threadName";
    public static final String TS_INTERVAL_NANOS = "intervalNanos";
    public static final String TS_HELD_FRACTION = "heldFraction";
    public static final String TS_WAIT_FRACTION = "waitFraction";
    public static final String TS_WAIT_NANOS = "waitNanos";

    // jgil.Configuration
    public static final String CF_POLICY = "policy";
    public static final String CF_INTERVAL_NANOS = "intervalNanos";
    public static final String CF_ACCOUNTING = "accounting";
    public static final String CF_INCLUDE = "include";
    public static final String CF_EXCLUDE = "exclude";
    public static final String CF_RELEASE = "release";
    public static final String CF_ANNOTATION = "annotation";
    public static final String CF_VERSION = "version";

    // jgil.ConfigurationChange
    public static final String CC_OLD_POLICY = "oldPolicy";
    public static final String CC_NEW_POLICY = "newPolicy";
    public static final String CC_OLD_INTERVAL_NANOS = "oldIntervalNanos";
    public static final String CC_NEW_INTERVAL_NANOS = "newIntervalNanos";
}
