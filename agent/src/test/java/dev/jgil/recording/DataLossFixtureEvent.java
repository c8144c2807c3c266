package dev.jgil.recording;

import dev.jgil.schema.Schema;
import jdk.jfr.DataAmount;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A stand-in for JFR's own {@code jdk.DataLoss} (which JFR writes only when its buffers overflow, not on demand), for
 * the lossy fixture: same name and fields, so readers cannot tell it from the real one.
 */
@Name(Schema.Jdk.DATA_LOSS)
@StackTrace(false)
final class DataLossFixtureEvent extends jdk.jfr.Event {
    @Name(Schema.Jdk.DATA_LOSS_AMOUNT)
    @DataAmount
    long amount;
    @Name(Schema.Jdk.DATA_LOSS_TOTAL)
    @DataAmount
    long total;
}
