package dev.jgil.jmc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.jgil.schema.Schema;

/** The rule pack's copied names must equal the schema's (the contract between agent and readers). */
class JgilSchemaTest {

    @Test
    void copiedNamesEqualTheSchema() {
        assertEquals(Schema.CONTENDED_ACQUIRE, JgilSchema.CONTENDED_ACQUIRE);
        assertEquals(Schema.HOLD, JgilSchema.HOLD);
        assertEquals(Schema.STATISTICS, JgilSchema.STATISTICS);
        assertEquals(Schema.THREAD_STATISTICS, JgilSchema.THREAD_STATISTICS);
        assertEquals(Schema.CONFIGURATION, JgilSchema.CONFIGURATION);
        assertEquals(Schema.STACK_TRACE, JgilSchema.STACK_TRACE);
        assertEquals(Schema.EVENT_THREAD, JgilSchema.EVENT_THREAD);

        assertEquals(Schema.ContendedAcquire.WAIT_NANOS, JgilSchema.CA_WAIT_NANOS);
        assertEquals(Schema.ContendedAcquire.BLOCKED_BY, JgilSchema.CA_BLOCKED_BY);
        assertEquals(Schema.ContendedAcquire.CAUSE, JgilSchema.CA_CAUSE);

        assertEquals(Schema.Statistics.INTERVAL_NANOS, JgilSchema.ST_INTERVAL_NANOS);
        assertEquals(Schema.Statistics.WAIT_FRACTION, JgilSchema.ST_WAIT_FRACTION);
        assertEquals(Schema.Statistics.TICK_DROPS, JgilSchema.ST_TICK_DROPS);
        assertEquals(Schema.Statistics.TICK_DROPS_WON_BACK, JgilSchema.ST_TICK_DROPS_WON_BACK);

        assertEquals(Schema.ThreadStatistics.THREAD, JgilSchema.TS_THREAD);
        assertEquals(Schema.ThreadStatistics.THREAD_NAME, JgilSchema.TS_THREAD_NAME);
        assertEquals(Schema.ThreadStatistics.INTERVAL_NANOS, JgilSchema.TS_INTERVAL_NANOS);
        assertEquals(Schema.ThreadStatistics.HELD_FRACTION, JgilSchema.TS_HELD_FRACTION);
        assertEquals(Schema.ThreadStatistics.WAIT_FRACTION, JgilSchema.TS_WAIT_FRACTION);
        assertEquals(Schema.ThreadStatistics.WAIT_NANOS, JgilSchema.TS_WAIT_NANOS);

        assertEquals(Schema.Configuration.POLICY, JgilSchema.CF_POLICY);
        assertEquals(Schema.Configuration.INTERVAL_NANOS, JgilSchema.CF_INTERVAL_NANOS);
        assertEquals(Schema.Configuration.ACCOUNTING, JgilSchema.CF_ACCOUNTING);
        assertEquals(Schema.Configuration.INCLUDE, JgilSchema.CF_INCLUDE);
        assertEquals(Schema.Configuration.EXCLUDE, JgilSchema.CF_EXCLUDE);
        assertEquals(Schema.Configuration.RELEASE, JgilSchema.CF_RELEASE);
        assertEquals(Schema.Configuration.ANNOTATION, JgilSchema.CF_ANNOTATION);
        assertEquals(Schema.Configuration.VERSION, JgilSchema.CF_VERSION);

        assertEquals(Schema.CONFIGURATION_CHANGE, JgilSchema.CONFIGURATION_CHANGE);
        assertEquals(Schema.START_TIME, JgilSchema.START_TIME);
        assertEquals(Schema.ConfigurationChange.OLD_POLICY, JgilSchema.CC_OLD_POLICY);
        assertEquals(Schema.ConfigurationChange.NEW_POLICY, JgilSchema.CC_NEW_POLICY);
        assertEquals(Schema.ConfigurationChange.OLD_INTERVAL_NANOS, JgilSchema.CC_OLD_INTERVAL_NANOS);
        assertEquals(Schema.ConfigurationChange.NEW_INTERVAL_NANOS, JgilSchema.CC_NEW_INTERVAL_NANOS);
    }
}
