package dev.jgil.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.agent.it.ForkedJvm.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's front door end to end: an agent with nothing but include= leaves, in the working
 * directory, a JFR recording with jgil's events, an .hlog, and the HTML report, and prints the gil_load
 * style summary on stderr naming all three.
 */
class DefaultRecordingIT {
    @TempDir
    Path dir;

    @Test
    void includeAloneLeavesJfrHlogAndHtmlReportAndPrintsTheSummary() throws Exception {
        Result r = ForkedJvm.app("com.acme.apps.cpu.CpuApp")
                .agent(SerializationIT.DESIGNATE_WORK)
                .recording(true)
                .directory(dir)
                .args("threads=2", "ms=200")
                .run();
        assertEquals(0, r.exitCode, r::toString);
        long pid = r.pid;
        Path jfr = dir.resolve("jgil-" + pid + ".jfr");
        Path hlog = dir.resolve("jgil-" + pid + ".hlog");
        Path html = dir.resolve("jgil-" + pid + ".html");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
            assertTrue(Files.exists(jfr) && Files.exists(hlog) && Files.exists(html), "files written: " + names + "\n" + r);
        }
        assertTrue(r.stderr.contains("jgil: GIL load over"), r::toString);
        assertTrue(r.stderr.contains("report=" + html.toAbsolutePath()), r::toString);

        long holds = 0;
        long statistics = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String name = e.getEventType().getName();
            if (name.equals("jgil.Statistics")) statistics++;
            if (name.equals("jgil.ContendedAcquire")) holds++;
        }
        assertTrue(statistics >= 1, "jgil.Statistics events in the recording");
        assertTrue(holds >= 1, "two CPU-bound designated threads contend: jgil.ContendedAcquire events expected");
        String page = Files.readString(html);
        assertTrue(page.contains("<svg") && page.contains("Work"), "the report draws charts and names the designated code");
    }
}
