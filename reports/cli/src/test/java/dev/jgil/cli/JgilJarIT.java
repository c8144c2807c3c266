package dev.jgil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shaded {@code target/jgil.jar} as a user runs it: {@code java -jar jgil.jar report ...} (after package). */
@Timeout(180)
class JgilJarIT {
    static final Path JAR = Path.of("target", "jgil.jar");

    record Result(int exit, String out, String err) {
    }

    static Result java(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(JAR.toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt"), err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(150, TimeUnit.SECONDS), "jgil.jar did not finish");
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void shadedJarWritesTheReport(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("report.html");
        Result r = java(dir, "report", Fixtures.path(Fixtures.CONVOY).toString(), "-o", html.toString(), "--text");
        assertEquals(0, r.exit, r.err);
        assertTrue(Files.readString(html).contains("convoy: thread io-reader"));
        assertTrue(r.out.contains("GIL held"), r.out);
    }

    @Test
    void shadedJarGivesOneLineAndExitOneForANonJfrFile(@TempDir Path dir) throws Exception {
        Result r = java(dir, "report", Fixtures.path(Fixtures.NOT_JFR).toString(), "-o", dir.resolve("r.html").toString());
        assertEquals(1, r.exit);
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(r.err.contains("not a JFR recording"), r.err);
        assertFalse(r.err.contains("\tat "), r.err);
    }

    @Test
    void shadedJarRelocatesItsDependencies() throws Exception {
        try (var jar = new java.util.jar.JarFile(JAR.toFile())) {
            assertTrue(jar.getEntry("dev/jgil/shaded/picocli/CommandLine.class") != null);
            assertTrue(jar.getEntry("dev/jgil/shaded/hdrhistogram/Histogram.class") != null);
            assertTrue(jar.getEntry("picocli/CommandLine.class") == null);
            assertTrue(jar.getEntry("org/HdrHistogram/Histogram.class") == null);
        }
    }
}
