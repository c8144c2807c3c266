package dev.jgil.report.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.report.model.JvmRecording;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A recording that measured nothing says so, with the patterns and what they matched, in every view; data lost on
 * the way to the file is stated with how much, and the timeline marks where instead of drawing idle time.
 */
class SayWhatWasMeasuredTest {
    private static Analysis analyse(String fixture) throws IOException {
        return Reports.analyse(List.of(Fixtures.path(fixture)));
    }

    @Test
    void aRecordingInWhichNoDesignatedCodeRanSaysSoWithThePatternsAndWhatTheyMatched() throws IOException {
        Analysis a = analyse(Fixtures.NOTHING_DESIGNATED);
        assertFalse(a.measured());
        assertTrue(a.findings.isEmpty(), a.findings.toString());
        String html = Reports.html(a), text = Reports.text(a);
        for (String view : List.of(html, text)) {
            assertTrue(view.contains("Nothing measured: no designated code ran in this recording"), view);
            assertTrue(view.contains("include com.acme (0 classes, 0 methods woven)"), "the pattern and what it matched");
            assertTrue(view.contains("No finding: nothing was measured"), "the findings say why they are empty");
            assertFalse(view.contains("does not look like a bottleneck"), "never 'no bottleneck' when nothing was measured");
        }
        assertTrue(html.contains("<div class=\"banner\" id=\"nothing-measured\""), "in the headline");
        JsonObject j = JsonParser.parseString(Reports.json(a)).getAsJsonObject();
        assertFalse(j.get("measured").getAsBoolean());
        JsonObject jvm = j.getAsJsonArray("jvms").get(0).getAsJsonObject();
        assertTrue(jvm.get("designationsRecorded").getAsBoolean());
        JsonObject include = jvm.getAsJsonArray("designations").get(0).getAsJsonObject();
        assertEquals("include", include.get("kind").getAsString());
        assertEquals("com.acme", include.get("pattern").getAsString());
        assertEquals(0, include.get("classesMatched").getAsLong());
    }

    @Test
    void aRecordingThatMeasuredSaysWhatEachPatternMatchedAndKeepsItsVerdict() throws IOException {
        Analysis a = analyse(Fixtures.CONVOY);
        assertTrue(a.measured());
        String html = Reports.html(a);
        assertTrue(html.contains("include com.example.fixture.** (1 class, 3 methods woven); exclude com.example.fixture.io.** (1 class)"),
                "designated, with what each pattern matched");
        assertFalse(html.contains("id=\"nothing-measured\""));
    }

    @Test
    void policyOffMeasuresTheThreadsInsideDesignatedCodeThoughNothingIsAcquired() throws IOException {
        // The off segment acquires nothing, yet designated code ran: measured is about running, not acquiring.
        JvmSummary s = analyse(Fixtures.LIVE_CHANGES).jvms.get(0);
        assertTrue(s.segments.stream().anyMatch(ConfigurationSegments.Segment::lockOff));
        assertTrue(s.measured());
    }

    @Test
    void lostDataIsStatedWithHowMuchAndHatchedOnTheTimelineNotDrawnAsIdle() throws IOException {
        Analysis a = analyse(Fixtures.LOSSY);
        JvmSummary s = a.jvms.get(0);
        JvmRecording r = s.recording;
        DataLoss l = s.loss;
        assertTrue(r.tracePreset());
        assertEquals(1, l.jfrLossEvents, "JFR's notice");
        assertEquals(r.totals.timedHolds - r.holdCount(), l.missingHolds);
        assertEquals(r.totals.contendedAcquisitions - r.waitCount(), l.missingWaits);
        assertTrue(l.missingHolds > 0, "the detail events of ~800 ms are missing");
        assertFalse(s.detailComplete(), "figures that need every event are not computed from these");
        assertEquals(null, s.contestedDrops);
        // The stretches: where the holds and waits are missing, interval by interval (an interval elsewhere may hold an
        // event its statistics counted in a neighbour, so their shortfalls cover at least the total).
        assertTrue(l.stretches.stream().mapToLong(DataLoss.Stretch::missingHolds).sum() >= l.missingHolds);
        assertTrue(l.stretches.stream().mapToLong(DataLoss.Stretch::missingWaits).sum() >= l.missingWaits);
        DataLoss.Stretch first = l.stretches.get(0);
        assertEquals(1, first.jfrLossEvents(), "JFR's notice falls in the first stretch");
        long sinceStart = first.startEpochNanos() - r.firstEpochNanos;
        assertTrue(sinceStart > 100_000_000L && sinceStart < 1_600_000_000L, "mid-run, where the generator dropped them: " + sinceStart);

        String html = Reports.html(a), text = Reports.text(a);
        Matcher m = Pattern.compile("<div class=\"banner\" id=\"data-loss\"[^>]*><b></b>([^<]*)</div>").matcher(html);
        assertTrue(m.find(), "stated in the headline");
        String statement = m.group(1);
        assertTrue(statement.startsWith("Data lost: JFR reported 1 data-loss event (65.5 kB of event data dropped); "), statement);
        assertTrue(statement.contains(l.missingHolds + " missing"), statement);
        assertTrue(text.contains(l.statement()), "the text view states it too");
        assertTrue(html.contains("id=\"lost-legend\""), "the timeline's legend explains the hatching");
        assertEquals(l.stretches.size(), a.timeline.lost.size());
        JsonObject j = JsonParser.parseString(Reports.json(a)).getAsJsonObject();
        assertTrue(j.get("dataLoss").getAsBoolean());
        JsonObject loss = j.getAsJsonArray("jvms").get(0).getAsJsonObject().getAsJsonObject("dataLoss");
        assertEquals(l.missingHolds, loss.get("missingHolds").getAsLong());
        JsonArray lost = JsonParser.parseString(dev.jgil.report.render.HtmlDataForTests.embeddedJson(html)).getAsJsonObject()
                .getAsJsonObject("timeline").getAsJsonArray("lost");
        assertEquals(a.timeline.lost.size(), lost.size(), "the page's script draws them from the embedded JSON");
    }

    @Test
    void aCompleteTraceRecordingHasNothingToStateAndItsCountsAgree() throws IOException {
        for (String f : List.of(Fixtures.COUNTDOWN, Fixtures.BATTLE, Fixtures.HOSTILE, Fixtures.PER_TASK)) {
            JvmSummary s = analyse(f).jvms.get(0);
            assertFalse(s.loss.any(), f + ": " + s.loss.statement());
            assertTrue(s.detailComplete(), f);
            assertEquals(s.recording.totals.timedHolds, s.recording.holdCount(), f + ": one Hold event per timed hold");
            assertEquals(s.contendedAcquisitions, s.recording.waitCount(), f + ": one ContendedAcquire per contended acquisition");
        }
    }
}
