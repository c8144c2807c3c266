package dev.jgil.report.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.ReportModel;
import dev.jgil.report.model.ThreadInfo;
import dev.jgil.schema.Thresholds;
import dev.jgil.schema.Verdicts;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FindingsTest {
    private static Analysis analyse(String... fixtures) throws IOException {
        return Reports.analyse(java.util.Arrays.stream(fixtures).map(Fixtures::path).toList());
    }

    private static Set<String> rules(Analysis a) {
        return a.findings.stream().map(Finding::ruleId).collect(Collectors.toSet());
    }

    @Test
    void rulesArePluggableThroughServiceLoader() {
        Set<String> ids = Analysis.loadRules().stream().map(FindingRule::id).collect(Collectors.toSet());
        assertEquals(Set.of("contention", "convoy", "cpu-bound", "gil-battle", "slow-drop", "watchdog"), ids);
    }

    @Test
    void ioThreadBehindACpuBoundThreadIsAConvoy() throws IOException {
        Analysis a = analyse(Fixtures.CONVOY);
        Finding f = a.findings.stream().filter(x -> x.ruleId().equals("convoy")).findFirst().orElseThrow();
        assertTrue(f.title().startsWith("convoy: thread io-reader waited a median "), f.title());
        assertTrue(f.title().contains(" to re-acquire the GIL after I/O ("), f.title());
        assertTrue(f.evidence().stream().anyMatch(e -> e.contains("cruncher")), f.evidence().toString());
        assertTrue(f.evidence().stream().anyMatch(e -> e.contains("contended acquisitions (jgil.ThreadStatistics, exact)")), f.evidence().toString());
    }

    @Test
    void gilBattleIsReportedExactlyWhenMostContestedDropsAreWonBack() throws IOException {
        // Whether the ticks policy's dropper wins the race back depends on the machine that recorded the
        // fixture; the rule must agree with the measured drops either way.
        Analysis a = analyse(Fixtures.BATTLE);
        JvmSummary s = a.jvms.get(0);
        assertTrue(s.drops() > 100, "the ticks policy drops every 100 checkpoints: " + s.drops());
        assertTrue(s.detailComplete(), "trace preset, nothing lost: the contested drops are counted");
        long contested = s.contestedDropsTotal(0), wonBack = s.contestedDropsTotal(1);
        assertTrue(contested > 0 && contested <= s.drops());
        boolean battle = Verdicts.battle(contested, wonBack, Thresholds.BATTLE_MIN_DROPS_COUNT, Thresholds.BATTLE_WON_BACK_FRACTION);
        assertEquals(battle, rules(a).contains("gil-battle"), a.findings.toString());
    }

    @Test
    void dropsAreForcedSwitchesPlusTickDropsAndWonBackDropsAreTheTickCounter() throws IOException {
        JvmSummary ticks = analyse(Fixtures.BATTLE).overall, sw = analyse(Fixtures.COUNTDOWN).overall;
        assertEquals(0, ticks.forcedSwitches);
        assertEquals(ticks.tickDrops, ticks.drops(), "ticks: every drop is a tick drop, none is a forced switch");
        assertEquals(ticks.tickDropsWonBack, ticks.dropsWonBack());
        assertEquals(0, sw.tickDrops);
        assertEquals(sw.forcedSwitches, sw.drops(), "switch: every drop is a forced switch");
        assertEquals(0, sw.dropsWonBack(), "a forced switch waits until another thread took the GIL");
    }

    @Test
    void dropperWinningBackWhileOthersWaitIsAGilBattle() {
        // Synthetic: "a" drops every 1 ms while "b" waits throughout, and takes the GIL back 9 times of 10.
        JvmRecording r = new JvmRecording(java.nio.file.Path.of("battle.jfr"));
        r.configuration.jfrSettings = "trace";
        r.threads.add(new ThreadInfo(0, 1, "a"));
        r.threads.add(new ThreadInfo(1, 2, "b"));
        r.releaseCauses.add("TICK");
        r.acquireCauses.add("ENTRY");
        int n = 100;
        r.holdStartEpochNanos = new long[n];
        r.holdNanos = new long[n];
        r.holdThread = new int[n];
        r.holdReleaseCause = new byte[n];
        r.holdAcquireCause = new byte[n];
        for (int i = 0; i < n; i++) {
            r.holdStartEpochNanos[i] = i * 1_000_000L;
            r.holdNanos[i] = 990_000;
            r.holdThread[i] = i % 10 == 9 ? 1 : 0;
        }
        r.waitStartEpochNanos = new long[] {0};
        r.waitNanos = new long[] {n * 1_000_000L};
        r.waitThread = new int[] {1};
        r.waitBlockedBy = new int[] {0};
        r.waitCause = new byte[] {0};
        r.waitSite = new int[] {0};
        r.sites.add(java.util.List.of("com.example.Work.run"));
        r.lastEpochNanos = n * 1_000_000L;
        r.firstEpochNanos = 0;
        Analysis a = new Analysis(new ReportModel(java.util.List.of(r)), java.util.List.of(new GilBattleRule()));
        assertEquals(1, a.findings.size(), a.findings.toString());
        assertTrue(a.findings.get(0).title().startsWith("GIL battle: 8"), a.findings.get(0).title());
        assertTrue(a.jvms.get(0).detailComplete(), "no statistics in the synthetic recording: no counts to disagree with");
    }

    @Test
    void twoCpuBoundThreadsCouldRunAboutTwiceAsFast() throws IOException {
        Analysis a = analyse(Fixtures.COUNTDOWN);
        assertTrue(rules(a).contains("cpu-bound"), a.findings.toString());
        double p = a.overall.speedUpBound();
        assertTrue(p > 1.4 && p <= 2.0 + 1e-9, "speed-up bound " + p);
        // (Σ held + Σ wait) / Σ held, by definition.
        double raw = (a.overall.threadsHeldNanos + a.overall.threadsWaitNanos) / a.overall.threadsHeldNanos;
        assertEquals(a.overall.hwThreads > 0 ? Math.min(raw, a.overall.hwThreads) : raw, p, 1e-9);
    }

    @Test
    void mostlyOutsideDesignatedCodeHasNoProblem() throws IOException {
        Analysis a = analyse(Fixtures.IOBOUND);
        assertFalse(a.findings.stream().anyMatch(f -> f.severity() == Finding.Severity.PROBLEM), a.findings.toString());
    }

    @Test
    void aFleetOfRecordingsMergesWithOneSummaryPerJvm() throws IOException {
        Analysis one = analyse(Fixtures.COUNTDOWN), two = analyse(Fixtures.CONVOY);
        Analysis fleet = analyse(Fixtures.COUNTDOWN, Fixtures.CONVOY);
        assertTrue(fleet.fleet());
        assertEquals(2, fleet.jvms.size());
        assertEquals(one.overall.acquisitions + two.overall.acquisitions, fleet.overall.acquisitions);
        assertEquals(one.overall.contendedAcquisitions + two.overall.contendedAcquisitions, fleet.overall.contendedAcquisitions);
        assertEquals(one.lanes.size() + two.lanes.size(), fleet.lanes.size());
        assertEquals(one.waitHistogram.getTotalCount() + two.waitHistogram.getTotalCount(), fleet.waitHistogram.getTotalCount());
        assertFalse(fleet.detailComplete, "the convoy recording used the default preset");
    }

    @Test
    void traceTimelineIsExactAndDefaultTimelineSaysWhatIsMissing() throws IOException {
        Analysis trace = analyse(Fixtures.COUNTDOWN);
        assertTrue(trace.timeline.exact);
        assertEquals("", trace.timeline.note);
        long segments = trace.timeline.segments.stream().mapToLong(s -> s.length / 3).sum();
        assertEquals(trace.model.jvms.get(0).holdCount() + trace.model.jvms.get(0).waitCount(), segments);

        Analysis dflt = analyse(Fixtures.CONVOY);
        assertTrue(dflt.timeline.note.contains("holds/waits shorter than 1 ms not recorded"));
        assertTrue(dflt.timeline.lost.isEmpty(), "nothing lost: nothing hatched");
    }

    @Test
    void cpuBoundThreadsHaveNoReleasedSegmentsAndSitesNameTheDesignatedCaller() throws IOException {
        // The countdown threads never block: no released segments.
        Analysis a = analyse(Fixtures.COUNTDOWN);
        for (long[] s : a.timeline.segments) for (int i = 0; i < s.length; i += 3) assertTrue(s[i] != Timeline.RELEASED);
        List<Site> sites = a.sites;
        assertFalse(sites.isEmpty());
        assertTrue(sites.get(0).frames.get(0).contains("FixtureGenerator"), "the designated caller, not GIL internals: " + sites.get(0).frames);
    }
}
