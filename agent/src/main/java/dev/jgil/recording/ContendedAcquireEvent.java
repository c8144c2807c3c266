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
 * One contended acquisition. Opened with {@code begin()} when the wait starts
 * ({@code GilListener.waitStarted}) and committed on acquisition, so the JFR duration is the wait and
 * JFR thresholds filter on it; {@code waitNanos} is the runtime's exact nanoTime difference.
 */
@Name(Schema.CONTENDED_ACQUIRE)
@Label("GIL Contended Acquire")
@Description("A thread waited for the GIL token. Duration: the wait; stack trace: where it waited.")
@Category({Schema.CATEGORY, Schema.CATEGORY_LOCK})
@StackTrace(true)
@Threshold("1 ms")
final class ContendedAcquireEvent extends jdk.jfr.Event {
    @Name(Schema.ContendedAcquire.WAIT_NANOS)
    @Label("Wait Time")
    @Description("Exact time from the start of the wait to the acquisition (System.nanoTime)")
    @Timespan(Timespan.NANOSECONDS)
    long waitNanos;

    @Name(Schema.ContendedAcquire.BLOCKED_BY)
    @Label("Blocked By")
    @Description("The thread that owned the GIL when the wait began (empty if the watchdog held it)")
    Thread blockedBy;

    @Name(Schema.ContendedAcquire.WAITERS_AT_START)
    @Label("Waiters At Start")
    @Description("Threads waiting for the GIL when this wait began, including this one")
    int waitersAtStart;

    @Name(Schema.ContendedAcquire.CAUSE)
    @Label("Acquire Cause")
    @Description("ENTRY: entering designated code; REACQUIRE: taking it back after a blocking call or a "
            + "watchdog hand-off; AFTER_SWITCH: after a forced switch or tick drop")
    String cause;

    @Name(Schema.GROUP)
    @Label("Group")
    @Description("The GIL waited for: default (the process-wide GIL) or the name of a group.NAME= option")
    String group;
}
