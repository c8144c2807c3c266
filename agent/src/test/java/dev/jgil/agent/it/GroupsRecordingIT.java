package dev.jgil.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.apps.groups.GroupsApp;
import dev.jgil.agent.it.ForkedJvm.Result;
import dev.jgil.report.Reports;
import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.JvmSummary;
import dev.jgil.schema.Format;
import dev.jgil.schema.Names;
import dev.jgil.schema.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM with two GIL groups, recorded as users run it (the default recording): each group's figures in the exit
 * summary are the report's figures for that group, the default GIL that ran nothing is said so in one line and has
 * no row, and each group's patterns are recorded as its own.
 */
class GroupsRecordingIT {
    private static final Pattern BLOCK = Pattern.compile("^jgil: group (\\w+): GIL load over (.+?) \\(policy (\\w+)", Pattern.MULTILINE);
    private static final Pattern HELD = Pattern.compile("^  held: (\\d\\.\\d{3}) ", Pattern.MULTILINE);
    private static final Pattern WAIT = Pattern.compile("^  wait: (\\d\\.\\d{3}) ", Pattern.MULTILINE);
    private static final Pattern ACQ = Pattern.compile("^  acquisitions: (\\d+) \\(contended (\\d+)\\)", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void eachGroupsSummaryBlockShowsTheReportsFiguresForThatGroup() throws Exception {
        Result r = ForkedJvm.app(GroupsApp.class)
                .agent("group.alpha=" + GroupsIT.ALPHA + ",group.beta=" + GroupsIT.BETA + ",group.beta.policy=fifo,stats.period=200ms")
                .recording(true).directory(dir).args("ms=200", "mode=cross").run();
        GroupsIT.assertOraclesHold(r);
        String summary = r.stderr;
        assertTrue(summary.contains("jgil: group default: no designated code ran under it"), summary);
        Path jfr = dir.resolve("jgil-" + r.pid + ".jfr");
        Analysis a = Reports.analyse(List.of(jfr));
        List<String> groups = new ArrayList<>();
        for (JvmSummary j : a.jvms) groups.add(j.recording.group);
        assertEquals(List.of("alpha", "beta"), groups, "one row per group that ran code; none for the idle default GIL");

        Matcher m = BLOCK.matcher(summary);
        int blocks = 0;
        while (m.find()) {
            String group = m.group(1);
            int end = summary.indexOf("\njgil: ", m.end());
            String block = summary.substring(m.start(), end < 0 ? summary.length() : end);
            JvmSummary j = a.jvms.get(groups.indexOf(group));
            assertEquals(group.equals("beta") ? "fifo" : "switch", m.group(3), block);
            assertEquals(Format.nanos(j.observedNanos), m.group(2), "observed time of " + group + "\n" + block);
            assertEquals(Format.load(j.heldFraction()), find(HELD, block), "held of " + group + "\n" + block);
            assertEquals(Format.load(j.someoneWaitingFraction()), find(WAIT, block), "wait of " + group + "\n" + block);
            Matcher acq = ACQ.matcher(block);
            assertTrue(acq.find(), block);
            assertEquals(List.of(j.acquisitions, j.contendedAcquisitions), List.of(Long.parseLong(acq.group(1)), Long.parseLong(acq.group(2))),
                    "acquisitions of " + group + "\n" + block);
            assertTrue(j.acquisitions > 1000, "each group's code ran under its lock: " + block);
            blocks++;
        }
        assertEquals(2, blocks, summary);

        // Each group's pattern is recorded as that group's, with what it matched.
        List<String> designations = new ArrayList<>();
        try (RecordingFile f = new RecordingFile(jfr)) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                if (e.getEventType().getName().equals(Schema.DESIGNATION) && e.getLong("classesMatched") > 0) {
                    designations.add(e.getString(Schema.GROUP) + " " + e.getString("kind") + "=" + e.getString("pattern"));
                }
                if (e.getEventType().getName().startsWith(Schema.PREFIX)) {
                    assertTrue(List.of(Names.DEFAULT_GROUP, "alpha", "beta").contains(e.getString(Schema.GROUP)), e::toString);
                }
            }
        }
        assertTrue(designations.contains("alpha include=" + GroupsIT.ALPHA), designations::toString);
        assertTrue(designations.contains("beta include=" + GroupsIT.BETA), designations::toString);
    }

    private static String find(Pattern p, String s) {
        Matcher m = p.matcher(s);
        assertTrue(m.find(), s);
        return m.group(1);
    }
}
