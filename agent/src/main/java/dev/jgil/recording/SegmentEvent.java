package dev.jgil.recording;

import dev.jgil.schema.Schema;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Under {@code policy=off} with trace accounting: one stretch of designated code that a serializing lock would run
 * under the token (see {@link Schema.Segment}). Off by default; the trace preset turns it on.
 */
@Name(Schema.SEGMENT)
@Label("Designated Segment")
@Description("Under policy=off (trace preset): a stretch of designated code a GIL would run under the token, "
        + "between entry or the return from a blocking call and exit or the next blocking call")
@Category({Schema.CATEGORY, Schema.CATEGORY_LOCK})
@StackTrace(false)
@Enabled(false)
final class SegmentEvent extends jdk.jfr.Event {
    @Name(Schema.Segment.START_NANOS)
    @Label("Start (nanoTime)")
    @Description("System.nanoTime() at the start")
    long startNanos;

    @Name(Schema.Segment.SEGMENT_NANOS)
    @Label("Segment Time")
    @Description("Exact length (System.nanoTime)")
    @Timespan(Timespan.NANOSECONDS)
    long segmentNanos;

    @Name(Schema.Segment.START_CAUSE)
    @Label("Start Cause")
    @Description("ENTRY or REACQUIRE (back from a blocking call)")
    String startCause;

    @Name(Schema.Segment.CPU_NANOS)
    @Label("CPU Time")
    @Description("CPU time of the thread during the segment (-1: not supported); with the segment time it tells CPU "
            + "demand from time spent waiting for a core")
    @Timespan(Timespan.NANOSECONDS)
    long cpuNanos;

    @Name(Schema.Segment.END_CAUSE)
    @Label("End Cause")
    @Description("EXIT or BLOCKING")
    String endCause;

    @Name(Schema.GROUP)
    @Label("Group")
    @Description("The GIL the segment would run under: default (the process-wide GIL) or the name of a group.NAME= option")
    String group;
}
