package dev.jgil.report.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.report.model.ConfigurationChange;
import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.ReportModel;
import dev.jgil.report.model.ThreadInfo;
import dev.jgil.schema.Format;
import dev.jgil.schema.Thresholds;
import dev.jgil.schema.Verdicts;
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
        Analysis a = live();
        JvmRecording r = a.jvms.get(0).recording;
        List<ConfigurationSegments.Segment> segs = a.jvms.get(0).segments;
        // Each segment's requests, judged against that segment's interval (not the one in force at the end).
        boolean anySlow = false;
        List<String> expected = new java.util.ArrayList<>();
        for (ConfigurationSegments.Segment g : segs) {
            long[] d = java.util.stream.IntStream.range(0, r.switchRequestEpochNanos.length)
                    .filter(i -> ConfigurationSegments.indexAt(segs, r.switchRequestEpochNanos[i]) == g.index)
                    .mapToLong(i -> r.switchTimeToDropNanos[i]).sorted().toArray();
            if (d.length == 0) continue;
            boolean slow = Verdicts.slowDrops(d, g.intervalNanos, Thresholds.SLOW_DROP_MIN_REQUESTS_COUNT, Thresholds.SLOW_DROP_MIN_NANOS);
            anySlow |= slow;
            expected.add(g.label() + ": " + Format.count(d.length) + " switch requests; time to drop p50 "
                    + Format.nanos(Verdicts.percentile(d, 50)) + ", p99 " + Format.nanos(Verdicts.percentile(d, 99))
                    + " against a switch interval of " + Format.interval(g.intervalNanos)
                    + (d.length < Thresholds.SLOW_DROP_MIN_REQUESTS_COUNT ? ": too few to judge" : slow ? ": slow" : ": not slow"));
        }
        assertTrue(expected.size() >= 3, "requests in the 5 ms segment and both 1 ms switch segments: " + expected);
        List<Finding> fs = a.findings.stream().filter(f -> f.ruleId().equals("slow-drop")).toList();
        assertEquals(anySlow ? 1 : 0, fs.size(), a.findings.toString());
        if (anySlow) {
            assertEquals(expected, fs.get(0).evidence(), "every segment with requests, each against its own interval");
            assertTrue(fs.get(0).title().contains("worst in segment "), fs.get(0).title());
        }
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
