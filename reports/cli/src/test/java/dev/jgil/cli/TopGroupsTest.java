package dev.jgil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jgil.report.Fixtures;
import dev.jgil.report.GroupedJfr;
import dev.jgil.schema.Schema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * {@code jgil top} on a JVM with GIL groups: a real recording with three GILs (default, parser, driver; GroupedJfr)
 * replayed as top streams it. Every interval is one frame with one view per GIL, each with its own settings, counts,
 * threads and waits; every rendering names the GIL.
 */
class TopGroupsTest {
    /** The frames top shows for {@code file}'s events, the MBeans having given {@code settings}. */
    static List<List<TopView>> replay(Path file, Map<String, LiveSource.Settings> settings) throws Exception {
        List<RecordedEvent> events = new ArrayList<>(RecordingFile.readAllEvents(file));
        events.removeIf(e -> !e.getEventType().getName().startsWith(Schema.PREFIX));
        events.sort((x, y) -> x.getEndTime().compareTo(y.getEndTime()));
        TopFrames frames = new TopFrames(settings);
        List<List<TopView>> out = new ArrayList<>();
        for (RecordedEvent e : events) {
            String type = e.getEventType().getName();
            if (type.equals(Schema.STATISTICS)) {
                List<TopView> f = frames.statistics(e, Instant.now());
                if (f != null) out.add(f);
            } else if (type.equals(Schema.THREAD_STATISTICS)) {
                frames.threadStatistics(e);
            } else if (type.equals(Schema.CONTENDED_ACQUIRE) || type.equals(Schema.CONFIGURATION_CHANGE)) {
                frames.unassigned(e);
            }
        }
        List<TopView> last = frames.flush(Instant.now());
        if (last != null) out.add(last);
        return out;
    }

    @Test
    void oneViewPerGroupPerInterval() throws Exception {
        List<List<TopView>> frames = replay(Fixtures.path(GroupedJfr.FIXTURE),
                Map.of("default", new LiveSource.Settings("switch", 5_000_000), "parser", new LiveSource.Settings("bfs", 1_000_000)));
        assertEquals(GroupedJfr.PERIODS, frames.size(), "one frame per interval, not one per GIL");
        for (List<TopView> f : frames) {
            assertEquals(List.of("default", "driver", "parser"), f.stream().map(v -> v.group).toList());
            TopView parser = f.get(2), driver = f.get(1);
            assertEquals(385, parser.contended, "the parser's own counts");
            assertEquals(0, driver.contended);
            assertEquals("bfs 1ms", parser.settings, "the parser's MBean's settings");
            assertEquals("? ?", driver.settings, "no MBean answered for driver");
            assertEquals(List.of("worker"), driver.threads.stream().map(TopView::threadName).toList());
            assertTrue(parser.threads.stream().map(TopView::threadName).toList().contains("worker"), "worker holds both GILs");
            JsonObject json = JsonParser.parseString(TopFormat.json(parser)).getAsJsonObject();
            assertEquals("parser", json.get("group").getAsString());
            assertTrue(TopFormat.line(parser).contains(" group parser bfs 1ms held "), TopFormat.line(parser));
            assertTrue(TopFormat.line(f.get(0)).contains(" default GIL switch 5ms held "), TopFormat.line(f.get(0)));
        }
        // The waits are the parser's: only its section lists sites.
        long parserWaits = frames.stream().flatMap(f -> f.get(2).topSites.stream()).mapToLong(s -> s.waits).sum();
        long otherWaits = frames.stream().flatMap(f -> f.subList(0, 2).stream()).flatMap(v -> v.topSites.stream()).mapToLong(s -> s.waits).sum();
        assertEquals(2L * GroupedJfr.PERIODS, parserWaits);
        assertEquals(0, otherWaits);
        String screen = TopFormat.screen(frames.get(0), "process 42");
        assertTrue(screen.contains("jgil top - process 42 - ") && screen.contains(" - 3 GILs (groups of classes;"), screen);
        int d = screen.indexOf("== default GIL: switch 5ms =="), r = screen.indexOf("== group driver: ? ? =="),
                p = screen.indexOf("== group parser: bfs 1ms ==");
        assertTrue(0 < d && d < r && r < p, screen);
        assertTrue(screen.substring(r, p).contains("worker") && screen.substring(p).contains("worker"), screen);
    }

    @Test
    void aJvmWithoutGroupsIsShownAsBefore() throws Exception {
        List<List<TopView>> frames = replay(Fixtures.path(Fixtures.CONVOY), Map.of());
        assertFalse(frames.isEmpty());
        for (List<TopView> f : frames) {
            assertEquals(1, f.size());
            TopView v = f.get(0);
            assertFalse(v.grouped);
            assertFalse(JsonParser.parseString(TopFormat.json(v)).getAsJsonObject().has("group"));
            assertFalse(TopFormat.line(v).contains("GIL"), TopFormat.line(v));
            assertEquals(TopFormat.screen(v, "process 42"), TopFormat.screen(f, "process 42"));
        }
    }
}
