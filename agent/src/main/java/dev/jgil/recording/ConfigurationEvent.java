package dev.jgil.recording;

import dev.jgil.schema.Schema;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** The GIL's configuration; at recording start and at the beginning of every chunk (like jdk.JVMInformation). */
@Name(Schema.CONFIGURATION)
@Label("GIL Configuration")
@Description("jgil's policy, switch interval, accounting mode and the agent's designation patterns")
@Category({Schema.CATEGORY})
@StackTrace(false)
@Period("beginChunk")
final class ConfigurationEvent extends jdk.jfr.Event {
    @Name(Schema.Configuration.POLICY)
    @Label("Policy")
    @Description("switch, ticks, fifo or off")
    String policy;

    @Name(Schema.Configuration.INTERVAL_NANOS)
    @Label("Switch Interval")
    @Description("How long the head waiter waits before asking the owner to drop")
    @Timespan(Timespan.NANOSECONDS)
    long intervalNanos;

    @Name(Schema.Configuration.CHECK_INTERVAL)
    @Label("Check Interval")
    @Description("Checkpoints between drops under the ticks policy")
    int checkInterval;

    @Name(Schema.Configuration.ACCOUNTING)
    @Label("Accounting")
    @Description("default: only contended acquisitions and the holds after them are timed; trace: every hold is timed")
    String accounting;

    @Name(Schema.Configuration.INCLUDE)
    @Label("Include Patterns")
    @Description("Designated code: class/method patterns included by the agent")
    String include;

    @Name(Schema.Configuration.EXCLUDE)
    @Label("Exclude Patterns")
    @Description("Class/method patterns excluded by the agent")
    String exclude;

    @Name(Schema.Configuration.RELEASE)
    @Label("Release Patterns")
    @Description("Blocking calls around which the GIL is released")
    String release;

    @Name(Schema.Configuration.ANNOTATION)
    @Label("Annotation Patterns")
    @Description("Annotations that designate methods")
    String annotation;

    @Name(Schema.Configuration.VERSION)
    @Label("jgil Version")
    @Description("Version of the jgil agent")
    String version;

    @Name(Schema.Configuration.SAMPLE_PERIOD_NANOS)
    @Label("Sample Period")
    @Description("Period of the held/wait sampler")
    @Timespan(Timespan.NANOSECONDS)
    long samplePeriodNanos;

    @Name(Schema.Configuration.STATS_PERIOD_NANOS)
    @Label("Statistics Period")
    @Description("Length of a jgil.Statistics interval")
    @Timespan(Timespan.NANOSECONDS)
    long statsPeriodNanos;

    @Name(Schema.Configuration.JFR_SETTINGS)
    @Label("JFR Settings")
    @Description("The jgil recording's settings: default, trace, a .jfc path, or off")
    String jfrSettings;

    @Name(Schema.GROUP)
    @Label("Group")
    @Description("The GIL configured: default (the process-wide GIL) or the name of a group.NAME= option; one event per GIL")
    String group;
}
