package dev.jgil.recording;

import dev.jgil.schema.Schema;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/**
 * A drop request and its answer. Opened on the requester, committed on the owner when it drops, so the
 * stack trace is the checkpoint where the owner finally noticed (slow drops point at missing checkpoints).
 */
@Name(Schema.SWITCH_REQUEST)
@Label("GIL Switch Request")
@Description("A waiter asked the owner to drop the GIL (after one switch interval) and the owner dropped. "
        + "Duration: time until the drop; stack trace: the owner's checkpoint that dropped.")
@Category({Schema.CATEGORY, Schema.CATEGORY_LOCK})
@StackTrace(true)
@Threshold("0 ms")
final class SwitchRequestEvent extends jdk.jfr.Event {
    @Name(Schema.SwitchRequest.REQUESTER)
    @Label("Requester")
    @Description("The waiting thread that asked for the drop")
    Thread requester;

    @Name(Schema.SwitchRequest.OWNER)
    @Label("Owner")
    @Description("The thread that owned the GIL and dropped it")
    Thread owner;

    @Name(Schema.SwitchRequest.TIME_TO_DROP_NANOS)
    @Label("Time To Drop")
    @Description("Exact time from the request to the drop (System.nanoTime)")
    @Timespan(Timespan.NANOSECONDS)
    long timeToDropNanos;

    @Name(Schema.GROUP)
    @Label("Group")
    @Description("The GIL whose drop was asked for: default (the process-wide GIL) or the name of a group.NAME= option")
    String group;
}
