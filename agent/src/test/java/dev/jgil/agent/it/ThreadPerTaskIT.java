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
 * designated calls is one acquisition (plus one per forced drop) in every output — the exit summary, the report's
 * headline and thread rows, its JSON and its text — agreeing with the switches (each task is a new holder), and the
 * N threads are N threads everywhere. It once counted only the threads a
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
        long acquisitions = Long.parseLong(m.group(1));
        assertEquals(n, Long.parseLong(m.group(3)), "exit summary threads\n" + r.stderr);

        Analysis a = Reports.analyse(List.of(dir.resolve("jgil-" + r.pid + ".jfr")));
        // One acquisition per task, plus one per forced drop (the dropped task takes the token back to finish its call:
        // on a loaded machine a task can be descheduled for a whole interval while holding).
        long drops = a.overall.drops();
        assertTrue(acquisitions >= n && acquisitions <= n + drops, () -> acquisitions + " acquisitions, " + drops + " drops");
        assertEquals(acquisitions, a.overall.acquisitions, "report headline (jgil.Statistics) = exit summary");
        assertEquals(acquisitions, Long.parseLong(m.group(4)), "exit summary switches: each acquisition is a new holder");
        assertEquals(a.overall.switches, a.overall.acquisitions, "each acquisition is a new holder");
        assertEquals(n, a.overall.threads, "threads in the headline");
        assertEquals(acquisitions, a.threadRows.stream().mapToLong(row -> row.acquisitions).sum(), "thread rows (jgil.ThreadStatistics)");
        assertEquals(n, ThreadRows.threads(a.threadRows), "threads in the rows");
        // A thread alive at a harvest has a lane of its own (how many depends on the machine's load: 1-25 % seen); one
        // that ended before is summed into a row of ended threads. Every thread is in exactly one of the two.
        long ownLanes = a.lanes.stream().filter(l -> l.thread.hasStatistics && l.thread.endedThreads == 0).count();
        long summed = a.lanes.stream().mapToLong(l -> l.thread.endedThreads).sum();
        assertEquals(n, ownLanes + summed, () -> ownLanes + " own lanes + " + summed + " threads summed by name");
        assertTrue(summed > 0, "ended threads are summed, not one lane each");
        if (named) {
            assertTrue(a.threadRows.stream().anyMatch(row -> row.name.equals("task-#")), "the pool is one row");
        }

        String json = Reports.json(a);
        assertTrue(json.contains("\"acquisitions\":" + acquisitions + ","), "JSON overall acquisitions");
        assertTrue(json.contains("\"threads\":" + n + ","), "JSON overall threads");
        String text = Reports.text(a);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "acquisitions %,d,", acquisitions)), text);
        assertTrue(text.contains("ended within their first statistics interval"), "the summing is said plainly\n" + text);
    }
}
