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
 * One timed hold: opened at the (timed) acquisition, committed by whoever releases. That is the
 * holder itself except for watchdog hand-offs, hence the explicit {@code holder} field.
 */
@Name(Schema.HOLD)
@Label("GIL Hold")
@Description("A thread held the GIL token. Default accounting times only holds that began contended; "
        + "trace accounting times all. Stack trace: where the hold ended (usually the holder's).")
@Category({Schema.CATEGORY, Schema.CATEGORY_LOCK})
@StackTrace(true)
@Threshold("1 ms")
final class HoldEvent extends jdk.jfr.Event {
    @Name(Schema.Hold.HOLD_NANOS)
    @Label("Hold Time")
    @Description("Exact time the token was held (System.nanoTime)")
    @Timespan(Timespan.NANOSECONDS)
    long holdNanos;

    @Name(Schema.Hold.HOLDER)
    @Label("Holder")
    @Description("The thread that held the GIL (the event thread is the watchdog for WATCHDOG_HANDOFF)")
    Thread holder;

    @Name(Schema.Hold.RELEASE_CAUSE)
    @Label("Release Cause")
    @Description("EXIT, BLOCKING, FORCED_SWITCH, TICK, WATCHDOG_HANDOFF or POLICY_CHANGE")
    String releaseCause;

    @Name(Schema.Hold.ACQUIRE_CAUSE)
    @Label("Acquire Cause")
    @Description("How the hold began: ENTRY, REACQUIRE or AFTER_SWITCH")
    String acquireCause;

    @Name(Schema.Hold.CONTENDED)
    @Label("Contended")
    @Description("Whether the hold began with a contended acquisition")
    boolean contended;

    @Name(Schema.GROUP)
    @Label("Group")
    @Description("The GIL that was held: default (the process-wide GIL) or the name of a group.NAME= option")
    String group;
}
