package dev.jgil.recording;

import dev.jgil.schema.Schema;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A run-time change of the GIL's policy or switch interval (over JMX: {@code jgil set}, JConsole). */
@Name(Schema.CONFIGURATION_CHANGE)
@Label("GIL Configuration Change")
@Description("The GIL's policy or switch interval was changed while the application ran")
@Category({Schema.CATEGORY})
@StackTrace(false)
final class ConfigurationChangeEvent extends jdk.jfr.Event {
    @Name(Schema.ConfigurationChange.OLD_POLICY)
    @Label("Old Policy")
    @Description("switch, ticks, fifo or off, before the change")
    String oldPolicy;

    @Name(Schema.ConfigurationChange.NEW_POLICY)
    @Label("New Policy")
    @Description("switch, ticks, fifo or off, after the change")
    String newPolicy;

    @Name(Schema.ConfigurationChange.OLD_INTERVAL_NANOS)
    @Label("Old Switch Interval")
    @Description("The switch interval before the change")
    @Timespan(Timespan.NANOSECONDS)
    long oldIntervalNanos;

    @Name(Schema.ConfigurationChange.NEW_INTERVAL_NANOS)
    @Label("New Switch Interval")
    @Description("The switch interval after the change")
    @Timespan(Timespan.NANOSECONDS)
    long newIntervalNanos;

    @Name(Schema.GROUP)
    @Label("Group")
    @Description("The GIL changed: default (the process-wide GIL) or the name of a group.NAME= option")
    String group;
}
