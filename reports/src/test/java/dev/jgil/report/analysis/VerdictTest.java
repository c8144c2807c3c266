package dev.jgil.report.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.schema.Format;
import dev.jgil.schema.Thresholds;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report's answer in one sentence: GIL-bound or not, what waiting cost in thread-time, and the worst victim. */
class VerdictTest {
    private static Analysis analyse(String fixture) throws IOException {
        return Reports.analyse(List.of(Fixtures.path(fixture)));
    }

    @Test
    void aContendedRecordingIsCalledGilBoundWithItsCostInThreadSecondsAndAsAShareOfTheRun() throws IOException {
        Analysis a = analyse(Fixtures.COUNTDOWN);
        Verdict v = a.verdict;
        assertTrue(v.gilBound(), v.sentence);
        assertEquals(a.overall.threadsWaitNanos, v.waitThreadNanos);
        assertEquals(a.overall.threadsWaitNanos / a.overall.observedNanos, v.waitRunRatio(), 1e-12);
        assertTrue(v.sentence.startsWith("GIL-bound: on average ") || v.sentence.startsWith("Partly GIL-bound: on average "), v.sentence);
        assertTrue(v.sentence.contains("waiting cost " + Verdict.threadSeconds(v.waitThreadNanos) + " (" + Verdict.shareOfRun(v.waitRunRatio()) + ")"),
                v.sentence);
        assertTrue(v.sentence.contains(String.format(java.util.Locale.ROOT, "on average %.1f threads wanted the GIL", v.threadsWanting)), v.sentence);
        ThreadRows.Row worst = a.threadRows.get(v.worstVictimRow);
        for (ThreadRows.Row r : a.threadRows) assertTrue(Verdict.waitShare(r) <= Verdict.waitShare(worst), r.name);
        assertTrue(v.sentence.contains("the worst victim, " + worst.name + ", waited " + Format.percent(v.worstVictimWaitFraction)), v.sentence);
    }

    @Test
    void theIoVictimOfAConvoyIsNamedWithItsTimeInBlockingCalls() throws IOException {
        Analysis a = analyse(Fixtures.CONVOY);
        Verdict v = a.verdict;
        ThreadRows.Row worst = a.threadRows.get(v.worstVictimRow);
        assertTrue(worst.releasedNanos > 0, "the convoy's victim does I/O: " + worst.name);
        assertEquals(worst.fraction(worst.releasedNanos), v.worstVictimReleasedFraction, 1e-12);
        assertTrue(v.sentence.contains("and spent " + Format.percent(v.worstVictimReleasedFraction) + " in blocking calls (GIL released)"),
                v.sentence);
    }

    @Test
    void nothingMeasuredIsSaidAndNoCardIsColouredAsACost() throws IOException {
        Analysis a = analyse(Fixtures.NOTHING_DESIGNATED);
        assertEquals(Verdict.Level.NOT_MEASURED, a.verdict.level);
        assertFalse(a.verdict.gilBound());
        assertTrue(a.verdict.sentence.startsWith("Nothing measured"), a.verdict.sentence);
        for (String f : Verdict.GRADED_FIGURES) assertEquals(Verdict.Severity.NONE, a.verdict.cardSeverity(f, a.overall), f);
        for (String view : List.of(Reports.html(a), Reports.text(a))) assertFalse(view.contains("GIL-bound"), "no verdict on nothing");
    }

    @Test
    void aCostOfZeroIsGreenNeverRed() throws IOException {
        for (String f : Fixtures.WITH_JGIL_EVENTS) {
            Analysis a = analyse(f);
            String html = Reports.html(a);
            Matcher m = Pattern.compile("<div class=\"card cost sev-(\\w+)\" data-figure=\"addedWaitNanos\" data-value=\"(\\d+)\"").matcher(html);
            assertTrue(m.find(), f);
            if (Long.parseLong(m.group(2)) == 0) assertTrue(m.group(1).equals("OK") || m.group(1).equals("NONE"), f + ": " + m.group(1));
            else if (a.verdict.threadsWanting >= Thresholds.SERIALIZED_PROBLEM_SPEED_UP_RATIO) assertEquals("PROBLEM", m.group(1), f);
            else assertNotEquals("PROBLEM", m.group(1), f);
        }
    }

    @Test
    void aLongVictimNameIsShortenedInTheSentence() throws IOException {
        Analysis a = analyse(Fixtures.HOSTILE);
        String name = a.threadRows.get(a.verdict.worstVictimRow).name;
        assertTrue(name.length() > 200, "the fixture's victim has a long hostile name");
        assertTrue(a.verdict.sentence.length() < 400, a.verdict.sentence);
        assertTrue(a.verdict.sentence.contains("the worst victim, " + Verdict.shorten(name) + ", waited"), a.verdict.sentence);
    }

    @Test
    void threadTimeIsSpelledInThreadSecondsAndAShareOfTheRun() {
        assertEquals("20.3 thread-seconds", Verdict.threadSeconds(20.3e9));
        assertEquals("0.004 thread-seconds", Verdict.threadSeconds(4.2e6));
        assertEquals("0 thread-seconds", Verdict.threadSeconds(0));
        assertEquals("2.7× the run", Verdict.shareOfRun(2.7));
        assertEquals("35.0% of the run", Verdict.shareOfRun(0.35));
    }
}
