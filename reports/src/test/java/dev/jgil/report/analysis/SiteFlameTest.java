package dev.jgil.report.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.report.model.JvmRecording;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flame graph's tree: every recorded wait once, outermost frame first, a JVM per subtree in a merged report. */
class SiteFlameTest {
    @Test
    void theRootWeighsEveryRecordedWaitAndNoChildOutweighsItsParent() throws Exception {
        for (String fixture : List.of(Fixtures.PER_TASK, Fixtures.CONVOY, Fixtures.BATTLE)) {
            Analysis a = Reports.analyse(List.of(Fixtures.path(fixture)));
            JvmRecording r = a.model.jvms.get(0);
            long total = 0;
            for (int i = 0; i < r.waitCount(); i++) total += Math.max(0, r.waitNanos[i]);
            assertEquals(total, a.siteFlame.root.waitNanos, fixture);
            assertEquals(a.recordedWaits, a.siteFlame.root.waits, fixture + ": the sites table's count");
            checkNode(a.siteFlame.root, Math.round(total * SiteFlame.MIN_SHARE), fixture);
        }
    }

    private static void checkNode(SiteFlame.Node n, long min, String fixture) {
        long children = 0;
        for (SiteFlame.Node c : n.children) {
            assertTrue(c.waitNanos >= min, fixture + ": a thin node is left out: " + c.name);
            assertTrue(c.frame, fixture + ": below the root only frames");
            assertFalse(c.name.startsWith("dev.jgil.runtime.") || c.name.contains("$$Lambda+") || c.name.contains("/0x"), c.name);
            children += c.waitNanos;
            checkNode(c, min, fixture);
        }
        assertTrue(children <= n.waitNanos, fixture + ": " + n.name);
    }

    @Test
    void theInnermostFramesAreTheSitesTablesFramesInReverse() throws Exception {
        Analysis a = Reports.analyse(List.of(Fixtures.path(Fixtures.PER_TASK)));
        Site top = a.sites.get(0);
        // Follow the widest path down: its last TABLE_FRAMES frames, reversed, are a table row's frames.
        SiteFlame.Node n = a.siteFlame.root;
        java.util.ArrayList<String> path = new java.util.ArrayList<>();
        while (!n.children.isEmpty()) {
            n = n.children.get(0);
            path.add(n.name);
        }
        List<String> inner = path.subList(Math.max(0, path.size() - top.frames.size()), path.size());
        java.util.Collections.reverse(inner);
        assertTrue(a.sites.stream().anyMatch(s -> s.frames.equals(inner)), "the widest stack " + path + " is a row of " + a.sites.size());
    }

    @Test
    void aMergedReportGivesEachJvmItsOwnSubtree() throws Exception {
        Analysis a = Reports.analyse(List.of(Fixtures.path(Fixtures.COUNTDOWN), Fixtures.path(Fixtures.CONVOY)));
        List<SiteFlame.Node> jvms = a.siteFlame.root.children;
        assertEquals(2, jvms.size());
        for (SiteFlame.Node j : jvms) assertFalse(j.frame);
        assertTrue(jvms.stream().anyMatch(j -> j.name.startsWith("#1 ")) && jvms.stream().anyMatch(j -> j.name.startsWith("#2 ")));
        assertEquals(a.siteFlame.root.waitNanos, jvms.get(0).waitNanos + jvms.get(1).waitNanos);
    }
}
