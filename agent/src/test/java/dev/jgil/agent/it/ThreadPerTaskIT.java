package dev.jgil.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.agent.it.ForkedJvm.Result;
import dev.jgil.report.Reports;
import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.ThreadRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread per task, as users write it, under the real agent with its default recording: every one of the N
 * designated calls is one acquisition in every output — the exit summary, the report's headline and thread rows, its
 * JSON and its text — and agrees with the switches (each task is a new holder). It once counted only the threads a
 * periodic scan happened to find alive: 976 of 20,000.
 */
class ThreadPerTaskIT {
    private static final String DESIGNATE = "include=com.acme.apps.tasks.Task";
    private static final Path JDK25 = Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final Pattern SUMMARY = Pattern.compile("acquisitions: (\\d+) \\(contended (\\d+)\\) by (\\d+) threads; switches (\\d+)");

    @TempDir
    Path dir;

    @Test
    void everyShortLivedPlatformThreadsCallIsOneAcquisitionInEveryOutput() throws Exception {
        int n = 5_000;
        Result r = ForkedJvm.app("com.acme.apps.tasks.ThreadPerTaskApp").agent(DESIGNATE).recording(true).directory(dir)
                .args("platform", String.valueOf(n), "50").run();
        assertExact(r, n, true);
    }

    @Test
    void everyVirtualThreadsCallIsOneAcquisitionInEveryOutput() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(JDK25.resolve("bin/java")), "JDK 25 at " + JDK25);
        int n = 20_000;
        Result r = ForkedJvm.app("com.acme.apps.tasks.ThreadPerTaskApp").javaHome(JDK25).agent(DESIGNATE).recording(true)
                .directory(dir).args("virtual", String.valueOf(n)).run();
        assertExact(r, n, false);
    }

    private void assertExact(Result r, int n, boolean named) throws Exception {
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.stdout.contains("calls=" + n), r::toString);
        Matcher m = SUMMARY.matcher(r.stderr);
        assertTrue(m.find(), r.stderr);
        assertEquals(n, Long.parseLong(m.group(1)), "exit summary acquisitions\n" + r.stderr);
        assertEquals(n, Long.parseLong(m.group(3)), "exit summary threads\n" + r.stderr);
        assertEquals(n, Long.parseLong(m.group(4)), "exit summary switches: each task is a new holder\n" + r.stderr);

        Analysis a = Reports.analyse(List.of(dir.resolve("jgil-" + r.pid + ".jfr")));
        assertEquals(n, a.overall.acquisitions, "report headline (jgil.Statistics)");
        assertEquals(a.overall.switches, a.overall.acquisitions, "one task, one acquisition, one switch");
        assertEquals(n, a.overall.threads, "threads in the headline");
        assertEquals(n, a.threadRows.stream().mapToLong(row -> row.acquisitions).sum(), "thread rows (jgil.ThreadStatistics)");
        assertEquals(n, ThreadRows.threads(a.threadRows), "threads in the rows");
        long statLanes = a.lanes.stream().filter(l -> l.thread.hasStatistics).count();
        assertTrue(statLanes < n / 10, () -> statLanes + " lanes with statistics: ended threads are summed, not one lane each");
        if (named) {
            assertTrue(a.threadRows.stream().anyMatch(row -> row.name.equals("task-#")), "the pool is one row");
        }

        String json = Reports.json(a);
        assertTrue(json.contains("\"acquisitions\":" + n + ","), "JSON overall acquisitions");
        assertTrue(json.contains("\"threads\":" + n + ","), "JSON overall threads");
        String text = Reports.text(a);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "acquisitions %,d,", n)), text);
        assertTrue(text.contains("ended within their first statistics interval"), "the summing is said plainly\n" + text);
    }
}
