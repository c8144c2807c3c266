package dev.jgil.report.analysis;

import dev.jgil.schema.Format;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.report.model.ConfigurationChange;
import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.ReportModel;
import dev.jgil.report.model.ThreadInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Findings of a recording whose configuration changed at run time judge each event by the configuration in force
 * when it happened, and say which segment their evidence comes from. The live-changes fixture: switch 5 ms (146
 * switch requests, p99 time to drop 4.94 ms) → switch 1 ms (218, p99 5.44 ms) → off (none) → switch 1 ms (292,
 * p99 5.20 ms).
 */
class SegmentFindingsTest {
    static final long MS = 1_000_000L;

    private static Analysis live() throws IOException {
        return Reports.analyse(List.of(Fixtures.path(Fixtures.LIVE_CHANGES)));
    }

    private static Finding only(Analysis a, String rule) {
        List<Finding> fs = a.findings.stream().filter(f -> f.ruleId().equals(rule)).toList();
        assertEquals(1, fs.size(), a.findings.toString());
        return fs.get(0);
    }

    @Test
    void slowDropsAreJudgedAgainstTheIntervalInForceWhenTheyHappened() throws IOException {
        Finding f = only(live(), "slow-drop");
        String all = String.join("\n", f.evidence());
        // Before: "656 switch requests; … p99 5.20 ms against a switch interval of 1.00 ms" — the 146 requests
        // made under 5 ms judged against the 1 ms that was in force only at the end.
        assertFalse(all.contains("656"), all);
        // The 5 ms segment's drops (p99 4.94 ms) were normal at 5 ms; the 1 ms segments' (p99 > 5 ms) were not.
        String first = f.evidence().stream().filter(e -> e.startsWith("segment 1 ")).findFirst().orElseThrow(() -> new AssertionError(all));
        assertTrue(first.contains("146 switch requests") && first.contains("interval of 5ms") && first.contains("not slow"), first);
        String second = f.evidence().stream().filter(e -> e.startsWith("segment 2 ")).findFirst().orElseThrow(() -> new AssertionError(all));
        assertTrue(second.contains("218 switch requests") && second.contains("interval of 1ms") && !second.contains("not slow"), second);
        assertTrue(f.evidence().stream().anyMatch(e -> e.startsWith("segment 4 ") && e.contains("292 switch requests")), all);
        // The title's figure comes from the worst segment (segment 2: p99 5.44 ms against 1 ms) and names it.
        assertTrue(f.title().contains("segment 2 of 4"), f.title());
    }

    /** 100 drops of 4 ms under a 5 ms interval, then a change to 1 ms after which nobody asked anyone to drop. */
    static JvmRecording normalDropsThenAShorterInterval() {
        JvmRecording r = new JvmRecording(Path.of("drops.jfr"));
        r.configuration.policy = "switch";
        r.configuration.intervalNanos = 1 * MS;
        r.threads.add(new ThreadInfo(0, 1, "a"));
        r.threads.add(new ThreadInfo(1, 2, "b"));
        int n = 100;
        r.switchRequestEpochNanos = new long[n];
        r.switchTimeToDropNanos = new long[n];
        r.switchRequester = new int[n];
        r.switchOwner = new int[n];
        for (int i = 0; i < n; i++) {
            r.switchRequestEpochNanos[i] = i * 10 * MS;
            r.switchTimeToDropNanos[i] = 4 * MS;
            r.switchRequester[i] = 1;
        }
        r.firstEpochNanos = 0;
        r.lastEpochNanos = 2000 * MS;
        r.configurationChanges.add(new ConfigurationChange(1000 * MS, "switch", "switch", 5 * MS, 1 * MS));
        return r;
    }

    @Test
    void dropsThatWereNormalAtTheIntervalOfTheirTimeAreNoFinding() {
        Analysis a = new Analysis(new ReportModel(List.of(normalDropsThenAShorterInterval())), List.of(new SlowDropRule()));
        assertEquals(List.of(), a.findings, "4 ms drops under a 5 ms interval are normal, whatever the interval later");
    }

    @Test
    void findingsOfAChangedRecordingNameTheirSegment() throws IOException {
        Analysis a = live();
        assertFalse(a.findings.isEmpty());
        for (Finding f : a.findings) {
            String text = f.title() + "\n" + String.join("\n", f.evidence());
            assertTrue(text.contains("segment"), text);
        }
    }

    @Test
    void findingsOfAnUnchangedRecordingDoNotTalkAboutSegments() throws IOException {
        Analysis a = Reports.analyse(List.of(Fixtures.path(Fixtures.CONVOY)));
        assertFalse(a.findings.isEmpty());
        for (Finding f : a.findings) {
            String text = f.title() + "\n" + String.join("\n", f.evidence());
            assertFalse(text.contains("segment"), text);
        }
    }

    @Test
    void theSegmentInForceIsFoundByTimeAndAChangeTakesEffectAtItsInstant() throws IOException {
        Analysis a = live();
        List<ConfigurationSegments.Segment> s = a.jvms.get(0).segments;
        for (ConfigurationSegments.Segment g : s) {
            assertEquals(g.index, ConfigurationSegments.indexAt(s, g.startEpochNanos), "at the change: the new configuration");
            assertEquals(g.index, ConfigurationSegments.indexAt(s, g.endEpochNanos - 1));
        }
        assertEquals(0, ConfigurationSegments.indexAt(s, Long.MIN_VALUE), "before the recording: the first");
        assertEquals(3, ConfigurationSegments.indexAt(s, Long.MAX_VALUE), "after it: the last");
        assertEquals(1 * MS, ConfigurationSegments.at(s, s.get(1).startEpochNanos).intervalNanos);
    }

    @Test
    void cpuBoundOfAChangedRecordingGivesEachSegmentsBoundAndTheMixedOneAsSuch() throws IOException {
        Analysis a = live();
        Finding f = only(a, "cpu-bound");
        List<ConfigurationSegments.Segment> s = a.jvms.get(0).segments;
        ConfigurationSegments.Segment worst = s.stream().filter(g -> !g.lockOff())
                .max(java.util.Comparator.comparingDouble(g -> g.speedUpBound(a.jvms.get(0).hwThreads))).orElseThrow();
        assertTrue(f.title().contains("in " + worst.label()), f.title());
        assertTrue(f.title().contains(Format.times(worst.speedUpBound(a.jvms.get(0).hwThreads))), f.title());
        // Policy off: no bound, but the overlap the threads reached without the lock, measured.
        assertTrue(f.evidence().stream().anyMatch(e -> e.startsWith("segment 3 of 4 (off") && e.contains("threads ran designated code at once")),
                f.evidence().toString());
        assertTrue(f.evidence().stream().anyMatch(e -> e.startsWith("whole recording") && e.contains("mixed")
                && e.contains(Format.times(a.overall.speedUpBound()))), f.evidence().toString());
        for (ConfigurationSegments.Segment g : s) {
            if (!g.lockOff()) assertTrue(g.threadsHeldNanos > 0 && g.threadsWaitNanos > 0, "per-segment thread figures of " + g.label());
        }
    }
}
