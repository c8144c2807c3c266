package dev.jgil.jmc;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.schema.Schema;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openjdk.jmc.common.IMCThread;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.JfrAttributes;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

/**
 * What JMC's Threads page needs to draw an event in a thread's lane: an event thread and a duration. Checked
 * on the data JMC's parser produces (not in the GUI), for the wait and hold events.
 */
class ThreadLanesDataTest {

    @Test
    void waitAndHoldEventsHaveAThreadAndADuration() throws Exception {
        IItemCollection items = JfrLoaderToolkit.loadEvents(
                Path.of("..", "src", "test", "resources", "fixtures", "countdown-switch-trace.jfr").toFile());
        for (String type : new String[] {Schema.CONTENDED_ACQUIRE, Schema.HOLD}) {
            int n = 0;
            for (IItemIterable it : items.apply(ItemFilters.type(type))) {
                IMemberAccessor<IMCThread, IItem> thread = JfrAttributes.EVENT_THREAD.getAccessor(it.getType());
                IMemberAccessor<IQuantity, IItem> duration = JfrAttributes.DURATION.getAccessor(it.getType());
                assertNotNull(thread, type + " has no event thread attribute");
                assertNotNull(duration, type + " has no duration attribute");
                for (IItem item : it) {
                    assertNotNull(thread.getMember(item), type + " without a thread");
                    assertTrue(duration.getMember(item).clampedLongValueIn(UnitLookup.NANOSECOND) > 0, type + " with zero duration");
                    n++;
                }
            }
            assertTrue(n > 0, "no " + type + " events");
        }
    }
}
