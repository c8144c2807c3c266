package dev.jgil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jgil.report.Fixtures;
import dev.jgil.report.predict.OffRecording;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jgil predict} in-process. Its input is a real JFR file written here with the agent's event names and fields
 * (two threads that each computed 30 ms side by side in one designated segment, one with a name that is HTML), so the command is
 * tested without forking an agent; PredictIT (agent/engines) does that with a real program.
 */
class PredictCommandTest {
    static final String HOSTILE = "<b>cpu-\"a\"</b>";

    static Path recording;
    /** The same two threads, each in a group of its own (group.parser=, group.driver=). */
    static Path grouped;

    @BeforeAll
    static void record(@TempDir Path dir) throws Exception {
        recording = OffRecording.record(dir.resolve("off.jfr"), () -> OffRecording.onThreads(new String[] {HOSTILE, "cpu-b"},
                () -> segment(null), () -> segment(null)));
        grouped = OffRecording.record(dir.resolve("groups-off.jfr"), () -> OffRecording.onThreads(new String[] {"parse", "drive"},
                () -> segment("parser"), () -> segment("driver")));
    }

    /** Both segments start at this nanoTime: the recorded times are the fields, so they can be exact. */
    static final long BASE = System.nanoTime();

    /** One designated segment of 30 ms from BASE (what the agent records between entry and exit), of {@code group}. */
    static void segment(String group) {
        OffRecording.segment(BASE, 30_000_000L, group);
    }

    @Test
    void oneSettingPrintsTheHeadlineAndWritesJsonAndHtml(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("p.json"), html = dir.resolve("p.html");
        ReportCommandTest.Run r = ReportCommandTest.run("predict", recording.toString(), "--json", json.toString(), "-o", html.toString());
        assertEquals(ReportCommand.EXIT_OK, r.exit(), r.err());
        assertTrue(r.out().startsWith("with a GIL (switch, 5ms) this run would take "), r.out());
        JsonObject j = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        JsonObject p = j.getAsJsonObject("predicted");
        assertEquals("switch", p.get("policy").getAsString());
        assertTrue(p.get("wallNanos").getAsLong() >= j.getAsJsonObject("recorded").get("wallNanos").getAsLong(), p.toString());
        assertEquals(55_000_000L, p.get("addedWaitNanos").getAsLong(), 200_000,
                "under a lock one waits 30 ms, the other 25 (it held the token first), plus 11 hand-offs of 4 µs: " + p);
        long sum = 0;
        for (var t : p.getAsJsonArray("threads")) sum += t.getAsJsonObject().get("waitNanos").getAsLong();
        assertEquals(p.get("addedWaitNanos").getAsLong(), sum, 2, "the total is the threads' waits");
        String page = Files.readString(html);
        assertTrue(page.contains("&lt;b&gt;cpu-&quot;a&quot;&lt;/b&gt;"), "the thread name is escaped");
        assertFalse(page.contains(HOSTILE));
        assertTrue(page.contains(p.get("headline").getAsString().replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;")),
                "the page shows the same headline as the JSON");
    }

    @Test
    void aSweepPrintsOneRowPerSetting() {
        ReportCommandTest.Run r = ReportCommandTest.run("predict", recording.toString(), "--policy", "switch,fifo,ticks",
                "--interval", "1ms,5ms");
        assertEquals(ReportCommand.EXIT_OK, r.exit(), r.err());
        for (String row : new String[] {"switch, 1ms", "switch, 5ms", "fifo, 1ms", "fifo, 5ms", "ticks "}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(row)), row + " in\n" + r.out());
        }
        assertEquals(5 + 2, r.out().lines().count() - r.out().lines().filter(l -> l.startsWith("warning")).count(),
                "a line for the recording, a header, a row per setting (ticks has no interval)\n" + r.out());
    }

    @Test
    void aRecordingUnderAnotherPolicyIsBadInput() {
        ReportCommandTest.Run r = ReportCommandTest.run("predict", Fixtures.path(Fixtures.COUNTDOWN).toString());
        assertEquals(ReportCommand.EXIT_BAD_INPUT, r.exit());
        assertTrue(r.err().contains("recorded under policy=switch"), r.err());
    }

    @Test
    void anUnknownPolicyIsAUsageError() {
        ReportCommandTest.Run r = ReportCommandTest.run("predict", recording.toString(), "--policy", "fast");
        assertEquals(ReportCommand.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("unknown policy 'fast'"), r.err());
    }

    @Test
    void aRecordingWithGroupsIsReplayedWithALockPerGroupOrOneForAll(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("g.json");
        ReportCommandTest.Run r = ReportCommandTest.run("predict", grouped.toString(), "--cores", "2", "--json", json.toString());
        assertEquals(ReportCommand.EXIT_OK, r.exit(), r.err());
        assertTrue(r.out().startsWith("with a GIL per group (switch, 5ms; driver, parser) this run would take "), r.out());
        // The recorded span begins at the recording's first jgil event, some ms before the threads started (more on a
        // loaded machine): the figures are held against it, not against an absolute time.
        JsonObject j = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        long recordedWall = j.getAsJsonObject("recorded").get("wallNanos").getAsLong();
        JsonObject p = j.getAsJsonObject("predicted");
        assertEquals(0, p.get("addedWaitNanos").getAsLong(), "a lock each: nobody waits");
        assertEquals(recordedWall, p.get("wallNanos").getAsLong(), 1_000_000, "a lock each: the run as recorded " + j);
        assertEquals("[\"driver\",\"parser\"]", p.getAsJsonArray("gils").toString());

        r = ReportCommandTest.run("predict", grouped.toString(), "--cores", "2", "--groups", "one", "--json", json.toString());
        assertEquals(ReportCommand.EXIT_OK, r.exit(), r.err());
        assertTrue(r.out().startsWith("with one GIL for groups driver, parser (switch, 5ms) this run would take "), r.out());
        p = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("predicted");
        assertEquals(55_000_000L, p.get("addedWaitNanos").getAsLong(), 200_000, "one lock: as the recording without groups " + p);
        assertEquals(recordedWall + 30_000_000L, p.get("wallNanos").getAsLong(), 1_000_000,
                "one lock: the two 30 ms segments one after the other (plus hand-offs) " + p);

        r = ReportCommandTest.run("predict", grouped.toString(), "--cores", "2", "--groups", "one", "--policy", "switch,fifo");
        assertTrue(r.out().startsWith("recorded (off): ") && r.out().lines().findFirst().orElseThrow()
                .endsWith("; simulated: one GIL for groups driver, parser"), "a sweep names the locks too\n" + r.out());
    }

    @Test
    void anUnknownGroupsModeIsAUsageError() {
        ReportCommandTest.Run r = ReportCommandTest.run("predict", grouped.toString(), "--groups", "two");
        assertEquals(ReportCommand.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("unknown --groups 'two' (valid: separate|one)"), r.err());
    }

    @Test
    void aTimeBoundThreadIsNamedInTheTextAndTheJsonAndAnUnknownNameIsBadInput(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("t.json");
        ReportCommandTest.Run r = ReportCommandTest.run("predict", recording.toString(), "--time-bound", "cpu-b", "--json", json.toString());
        assertEquals(ReportCommand.EXIT_OK, r.exit(), r.err());
        assertTrue(r.out().contains("time-bound (busy, repeating what it did, while the others replay their work): cpu-b"), r.out());
        JsonObject p = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("predicted");
        for (var t : p.getAsJsonArray("threads")) {
            JsonObject o = t.getAsJsonObject();
            assertEquals(o.get("name").getAsString().equals("cpu-b"), o.get("timeBound").getAsBoolean(), o.toString());
        }

        Path html = dir.resolve("t.html");
        r = ReportCommandTest.run("predict", recording.toString(), "--time-bound", HOSTILE, "-o", html.toString());
        assertEquals(ReportCommand.EXIT_OK, r.exit(), r.err());
        String page = Files.readString(html);
        assertTrue(page.contains("while the others replay their work): &lt;b&gt;cpu-&quot;a&quot;&lt;/b&gt;</p>"), "named, escaped");
        assertFalse(page.contains(HOSTILE));

        r = ReportCommandTest.run("predict", recording.toString(), "--time-bound", "cpu-c");
        assertEquals(ReportCommand.EXIT_BAD_INPUT, r.exit());
        assertTrue(r.err().contains("--time-bound cpu-c: no thread of that name has designated segments (threads: "), r.err());
    }
}
