package dev.jgil.recording;

import dev.jgil.schema.Schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files are complete however the JVM ends: JFR's shutdown hook and ours run concurrently, and either
 * one stopping the recording writes the file with the final partial interval (the endChunk hook).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExitTest {
    @TempDir
    Path dir;

    private Process launch(List<String> jvmArgs, String mode, String... options) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator,
                location(GilRecording.class), location(ExitMain.class), location(Histogram.class),
                location(dev.jgil.report.Reports.class), location(dev.jgil.runtime.GilLock.class),
                location(Schema.class)));
        cmd.add(ExitMain.class.getName());
        cmd.add(mode);
        cmd.addAll(List.of(options));
        return new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private String[] fileOptions() {
        return new String[] {"jfr=" + dir.resolve("run.jfr"), "hlog=" + dir.resolve("run.hlog"), "stats.period=200ms",
                "jfr.jdk=none", "report=" + dir.resolve("run.html")};
    }

    private void assertCompleteFiles(long minRecordedNanos) throws Exception {
        String stderr = Files.readString(dir.resolve("stderr.txt"));
        assertTrue(stderr.contains("jgil: GIL load over"), "summary on stderr:\n" + stderr);
        assertTrue(stderr.contains("worker-0"), stderr);
        // The HTML report is rendered at exit by the same code as `jgil report`, from the final recording.
        Path html = dir.resolve("run.html");
        assertTrue(Files.exists(html), "report written at exit:\n" + stderr);
        String page = Files.readString(html);
        assertTrue(page.contains("worker-0") && page.contains("<svg"), "report names the threads and draws charts");
        assertTrue(stderr.contains("report=" + html.toAbsolutePath()), "summary lists the report:\n" + stderr);

        List<RecordedEvent> events = RecordingFile.readAllEvents(dir.resolve("run.jfr"));
        Set<String> names = new HashSet<>();
        long statisticsNanos = 0;
        long statisticsHolds = 0;
        for (RecordedEvent e : events) {
            names.add(e.getEventType().getName());
            if (e.getEventType().getName().equals(Schema.STATISTICS)) {
                statisticsNanos += e.getDuration(Schema.Statistics.INTERVAL_NANOS).toNanos();
                statisticsHolds += e.getLong(Schema.Statistics.TIMED_HOLDS);
            }
        }
        assertTrue(names.containsAll(Set.of(Schema.STATISTICS, Schema.THREAD_STATISTICS, Schema.CONFIGURATION, Schema.HOLD)),
                "event types in the file: " + names);
        // 700 ms of workload at 200 ms intervals: the last (partial) interval made it into the file too.
        assertTrue(statisticsNanos >= minRecordedNanos, "intervals in the file cover " + statisticsNanos / 1e6 + " ms");
        assertTrue(statisticsHolds > 0);

        long hlogHolds = 0;
        try (HistogramLogReader r = new HistogramLogReader(dir.resolve("run.hlog").toFile())) {
            EncodableHistogram h;
            while ((h = r.nextIntervalHistogram()) != null) {
                if (Schema.HLOG_TAG_HOLD.equals(h.getTag())) hlogHolds += ((Histogram) h).getTotalCount();
            }
        }
        // Equal, except that when JFR's hook ends the recording before ours takes the final interval, that
        // last sliver (after JFR's chunk-end harvest, before our listener is off) is in the .hlog only.
        assertTrue(hlogHolds >= statisticsHolds && hlogHolds <= statisticsHolds * 1.05 + 5,
                "the .hlog has every interval the JFR file has: " + hlogHolds + " vs " + statisticsHolds);
    }

    @Test
    void filesAreCompleteWhenMainReturns() throws Exception {
        Process p = launch(List.of(), "return", fileOptions());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertCompleteFiles(650_000_000L);
    }

    @Test
    void filesAreCompleteAfterSystemExit() throws Exception {
        Process p = launch(List.of(), "exit", fileOptions());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue());
        assertCompleteFiles(650_000_000L);
    }

    @Test
    void filesAreCompleteAfterSigterm() throws Exception {
        Process p = launch(List.of(), "wait", fileOptions());
        awaitReady(p);
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, p.exitValue(), "killed by SIGTERM");
        assertCompleteFiles(650_000_000L);
    }

    @Test
    void filesAreCompleteAfterSigint() throws Exception {
        Process p = launch(List.of(), "wait", fileOptions());
        awaitReady(p);
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue(), "killed by SIGINT");
        assertCompleteFiles(650_000_000L);
    }

    private static void awaitReady(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("READY", out.readLine());
    }

    /** A recording the user starts with -XX:StartFlightRecording and our .jfc gets our events. */
    @Test
    void eventsWorkInARecordingStartedWithStartFlightRecordingAndJgilJfc() throws Exception {
        Path jfc = Path.of(GilRecording.class.getResource(Schema.JFC_DEFAULT_RESOURCE).toURI());
        Path user = dir.resolve("user.jfr");
        Process p = launch(List.of("-XX:StartFlightRecording:filename=" + user + ",settings=default," + jfc),
                "return", "jfr=off", "hlog=off", "stats.period=200ms");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("stderr.txt")));
        Set<String> names = new HashSet<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(user)) names.add(e.getEventType().getName());
        assertTrue(names.containsAll(Set.of(Schema.STATISTICS, Schema.THREAD_STATISTICS, Schema.CONFIGURATION, Schema.HOLD)),
                "jgil events in the user's recording: " + names);
        assertTrue(names.contains("jdk.ExecutionSample") || names.contains("jdk.GCHeapSummary") || names.contains("jdk.CPULoad"),
                "and the JDK's default events: " + names);
        assertFalse(Files.exists(dir.resolve("run.jfr")));
    }
}
