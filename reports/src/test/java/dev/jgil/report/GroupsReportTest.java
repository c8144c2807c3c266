package dev.jgil.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.Finding;
import dev.jgil.report.analysis.JvmSummary;
import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.RecordingReader;
import dev.jgil.report.model.ThreadInfo;
import dev.jgil.report.render.JsonRenderer;
import dev.jgil.report.render.TextRenderer;
import dev.jgil.schema.Names;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording whose events carry several groups (agent option {@code group.NAME=}) reads as one lock per group of one
 * JVM: its rows are GILs, each its own configuration and figures, every view says they are not JVMs, and findings
 * name the group. A recording without groups reads as it always did.
 */
class GroupsReportTest {
    @TempDir
    static Path dir;
    static Path three;

    @BeforeAll
    static void write() throws Exception {
        three = dir.resolve("three.jfr");
        GroupedJfr.write(three, GroupedJfr.threeGils());
    }

    @Test
    void twoGroupsReadAsTwoLocksOfOneJvm() throws Exception {
        List<JvmRecording> rs = RecordingReader.readGroups(three, null);
        assertEquals(List.of(Names.DEFAULT_GROUP, "driver", "parser"), rs.stream().map(r -> r.group).toList(),
                "the default GIL first, then the groups by name");
        long pid = ProcessHandle.current().pid();
        for (JvmRecording r : rs) {
            assertTrue(r.grouped);
            assertEquals(pid, r.pid, "one JVM: every group has the process's pid (from the default GIL's jdk.JVMInformation)");
            assertEquals("three.jfr (pid " + pid + ") · group " + r.group, r.label);
            assertEquals(GroupedJfr.PERIODS, r.totals.intervals, r.group + ": its own Statistics series");
        }
        JvmRecording driver = rs.get(1), parser = rs.get(2);
        assertEquals("bfs", parser.configuration.policy, "each group its own jgil.Configuration");
        assertEquals(1_000_000, parser.configuration.intervalNanos);
        assertEquals("switch", driver.configuration.policy);
        assertEquals(GroupedJfr.PERIODS * 385L, parser.totals.contendedAcquisitions);
        assertEquals(0, driver.totals.contendedAcquisitions);
        assertEquals(GroupedJfr.PERIODS * 2, parser.waitCount(), "the parser's waits are the parser's, not the driver's");
        assertEquals(0, driver.waitCount());
        // worker calls from the parser into the driver: it holds both, so it is a thread of each.
        assertTrue(names(parser).contains("worker") && names(driver).contains("worker"));
        assertEquals(List.of("worker"), names(driver));
        ThreadInfo w = parser.threads.stream().filter(t -> t.name.equals("worker")).findFirst().orElseThrow();
        assertEquals(0.50 * GroupedJfr.PERIODS * GroupedJfr.PERIOD_NANOS, w.waitNanos, 1e3, "worker's wait for the parser's GIL");

        Analysis a = Reports.analyse(List.of(three));
        assertEquals(3, a.jvms.size());
        assertTrue(a.breakdown.grouped);
        assertEquals("3 GILs of 1 JVM", a.overall.label, "the headline never calls them JVMs");
        String text = TextRenderer.render(a);
        assertTrue(text.startsWith("jgil report: 3 GILs of 1 JVM\n  " + a.breakdown.explanation() + "\n"), text);
        assertTrue(text.contains("#3 three.jfr (pid " + pid + ") · group parser: policy bfs, interval 1ms"), text);
        JsonObject json = JsonParser.parseString(JsonRenderer.render(a, false)).getAsJsonObject();
        assertTrue(json.get("jvmsAreGroups").getAsBoolean());
        JsonArray jvms = json.getAsJsonArray("jvms");
        for (int i = 0; i < 3; i++) assertEquals(rs.get(i).group, jvms.get(i).getAsJsonObject().get("group").getAsString());
        assertEquals("bfs", jvms.get(2).getAsJsonObject().getAsJsonObject("configuration").get("policy").getAsString());
    }

    @Test
    void findingsNameTheGroupTheyAreAbout() throws Exception {
        Analysis a = Reports.analyse(List.of(three));
        List<Finding> contention = a.findings.stream().filter(f -> f.ruleId().equals("contention")).toList();
        assertEquals(1, contention.size(), "only the parser's GIL is contended: " + a.findings);
        assertTrue(contention.get(0).title().endsWith("· group parser]"), contention.get(0).title());
    }

    @Test
    void recordingWithoutGroupFieldReadsAsDefault() throws Exception {
        // The committed fixtures predate groups: no group field at all.
        List<JvmRecording> rs = RecordingReader.readGroups(Fixtures.path(Fixtures.CONVOY), null);
        assertEquals(1, rs.size());
        assertEquals(Names.DEFAULT_GROUP, rs.get(0).group);
        assertFalse(rs.get(0).grouped);
        assertFalse(rs.get(0).label.contains("group"), rs.get(0).label);
        Analysis a = Reports.analyse(List.of(Fixtures.path(Fixtures.CONVOY)));
        assertFalse(a.breakdown.grouped);
        JsonObject json = JsonParser.parseString(JsonRenderer.render(a, false)).getAsJsonObject();
        assertFalse(json.has("jvmsAreGroups"), "the document of a recording without groups is what it was");
        assertFalse(json.getAsJsonArray("jvms").get(0).getAsJsonObject().has("group"));
    }

    @Test
    void aGroupFieldThatIsEmptyOrDefaultIsTheDefaultGil() throws Exception {
        Path f = dir.resolve("default-only.jfr");
        GroupedJfr.Gil parser = GroupedJfr.threeGils().get(1);
        // The same events, once with an empty group field and once with "default": one lock, read as before groups.
        GroupedJfr.write(f, List.of(new GroupedJfr.Gil(null, "switch", 5_000_000, 0.9, 0.5, 10, parser.uses()),
                new GroupedJfr.Gil(Names.DEFAULT_GROUP, "switch", 5_000_000, 0.9, 0.5, 10, parser.uses())));
        List<JvmRecording> rs = RecordingReader.readGroups(f, null);
        assertEquals(1, rs.size());
        assertFalse(rs.get(0).grouped);
        assertEquals(2 * GroupedJfr.PERIODS, rs.get(0).totals.intervals);
    }

    @Test
    void aJvmWithEveryClassInAGroupHasNoDefaultRow() throws Exception {
        Path f = dir.resolve("groups-only.jfr");
        GroupedJfr.write(f, GroupedJfr.threeGils().subList(1, 3));
        Analysis a = Reports.analyse(List.of(f));
        assertEquals(List.of("driver", "parser"), a.model.jvms.stream().map(r -> r.group).toList());
        assertEquals("2 GILs of 1 JVM", a.overall.label);
        for (JvmSummary s : a.jvms) assertTrue(s.recording.pid > 0, "the JDK's events still reach every group");
    }

    private static List<String> names(JvmRecording r) {
        return r.threads.stream().map(t -> t.name).sorted().toList();
    }
}
