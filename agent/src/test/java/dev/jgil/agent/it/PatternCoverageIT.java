package dev.jgil.agent.it;

import com.acme.apps.Hello;
import dev.jgil.agent.it.ForkedJvm.Result;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A designation that matched nothing is said plainly (stderr, .jfr, report), never shown as "held 0.000". */
class PatternCoverageIT {

    private static List<String> unmatched(Result r) {
        return r.stderrLines().stream().filter(l -> l.contains("matched no loaded class")).collect(Collectors.toList());
    }

    @Test
    @Timeout(60)
    void aPackageWithoutDotStarStarIsNamedWithTheFix(@TempDir Path dir) throws Exception {
        Result r = ForkedJvm.app(Hello.class).directory(dir).agent("include=com.acme.apps,jfr=" + dir.resolve("r.jfr")
                + ",report=" + dir.resolve("r.html")).run();
        assertEquals(0, r.exitCode, r::toString);
        // One line at exit; a run slower than 5 s (a loaded machine) may also have had the first check's.
        List<String> lines = unmatched(r).stream().filter(l -> l.contains(" at exit ")).collect(Collectors.toList());
        assertEquals(1, lines.size(), r::toString);
        assertTrue(lines.get(0).contains("include=com.acme.apps ") && lines.get(0).contains("write com.acme.apps.**"), lines.get(0));

        List<RecordedEvent> designations = RecordingFile.readAllEvents(dir.resolve("r.jfr")).stream()
                .filter(e -> e.getEventType().getName().equals("jgil.Designation")).collect(Collectors.toList());
        assertTrue(!designations.isEmpty(), "no jgil.Designation event in the recording");
        RecordedEvent last = designations.get(designations.size() - 1);
        assertEquals("com.acme.apps", last.getString("pattern"));
        assertEquals(0, last.getLong("classesMatched"));
        assertEquals(0, last.getLong("methodsWoven"));
        String html = Files.readString(dir.resolve("r.html"));
        assertTrue(html.contains("Nothing measured"), "the report must say nothing was measured");
        assertTrue(html.contains("include com.acme.apps (0 classes, 0 methods woven)"), "the report must name the pattern and its zero");
    }

    @Test
    @Timeout(60)
    void aPatternThatMatchedIsCountedAndNotWarnedAbout(@TempDir Path dir) throws Exception {
        Result r = ForkedJvm.app(Hello.class).directory(dir).agent("include=com.acme.apps.Hello,jfr=" + dir.resolve("r.jfr")
                + ",report=off").run();
        assertEquals(0, r.exitCode, r::toString);
        assertEquals(List.of(), unmatched(r), r::toString);
        RecordedEvent last = RecordingFile.readAllEvents(dir.resolve("r.jfr")).stream()
                .filter(e -> e.getEventType().getName().equals("jgil.Designation")).reduce((a, b) -> b).orElseThrow();
        assertEquals(1, last.getLong("classesMatched"));
        assertTrue(last.getLong("methodsWoven") >= 2, () -> "main and greet at least: " + last);
    }
}
