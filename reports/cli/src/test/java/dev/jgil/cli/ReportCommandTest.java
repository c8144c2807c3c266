package dev.jgil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The CLI in-process, through picocli's {@code execute}, as {@code main} runs it. */
class ReportCommandTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = JgilCli.newCommandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void writesHtmlAndJsonAndText(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("r.html"), json = dir.resolve("r.json");
        Run r = run("report", Fixtures.path(Fixtures.COUNTDOWN).toString(), Fixtures.path(Fixtures.CONVOY).toString(),
                "-o", html.toString(), "--json", json.toString(), "--text");
        assertEquals(ReportCommand.EXIT_OK, r.exit, r.err);
        assertTrue(Files.readString(html).contains("id=\"fleet\""), "two recordings: per-JVM table");
        assertTrue(Files.size(json) > 0);
        assertTrue(r.out.contains("jgil report: 2 JVMs"), r.out);
    }

    @Test
    void perfettoAloneWritesATraceEventFileOfEveryJvm(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("x.trace.json");
        Run r = run("report", Fixtures.path(Fixtures.COUNTDOWN).toString(), Fixtures.path(Fixtures.CONVOY).toString(),
                "--perfetto", trace.toString());
        assertEquals(ReportCommand.EXIT_OK, r.exit, r.err);
        var doc = com.google.gson.JsonParser.parseString(Files.readString(trace)).getAsJsonObject();
        java.util.Set<Integer> pids = new java.util.TreeSet<>();
        for (var e : doc.getAsJsonArray("traceEvents")) {
            var o = e.getAsJsonObject();
            if (o.get("ph").getAsString().equals("M") && o.get("name").getAsString().equals("process_name")) pids.add(o.get("pid").getAsInt());
        }
        assertEquals(java.util.Set.of(1, 2), pids, "a process per JVM");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "missing, does-not-exist.jfr, no such file",
            "not JFR, " + Fixtures.NOT_JFR + ", not a JFR recording",
            "no jgil events, " + Fixtures.NO_JGIL + ", no jgil events"})
    void badInputIsOneLineOnStderrAndExitOne(String why, String file, String expected, @TempDir Path dir) {
        String path = file.equals("does-not-exist.jfr") ? dir.resolve(file).toString() : Fixtures.path(file).toString();
        Run r = run("report", path, "-o", dir.resolve("r.html").toString());
        assertEquals(ReportCommand.EXIT_BAD_INPUT, r.exit);
        assertEquals(1, r.err.lines().count(), "one line: " + r.err);
        assertTrue(r.err.startsWith("jgil: ") && r.err.contains(expected), r.err);
        assertFalse(r.err.contains("Exception") || r.err.contains("\tat "), "no stack trace: " + r.err);
        assertFalse(Files.exists(dir.resolve("r.html")));
    }

    @Test
    void corruptFileIsOneLineOnStderrAndExitOne(@TempDir Path dir) throws Exception {
        byte[] b = Files.readAllBytes(Fixtures.path(Fixtures.COUNTDOWN));
        Path cut = dir.resolve("cut.jfr");
        Files.write(cut, java.util.Arrays.copyOf(b, 1000));
        Run r = run("report", cut.toString(), "-o", dir.resolve("r.html").toString());
        assertEquals(ReportCommand.EXIT_BAD_INPUT, r.exit);
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(r.err.contains("truncated or corrupt"), r.err);
    }

    @Test
    void truncatedRecordingIsReportedMarkedAndExitsThree(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("r.html");
        Run r = run("report", Fixtures.path(Fixtures.TRUNCATED).toString(), "-o", html.toString());
        assertEquals(ReportCommand.EXIT_TRUNCATED, r.exit, r.err);
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(r.err.contains("is truncated"), r.err);
        assertTrue(Files.readString(html).contains("id=\"truncated\""));
    }

    @Test
    void noOutputRequestedIsAUsageError() {
        Run r = run("report", Fixtures.path(Fixtures.COUNTDOWN).toString());
        assertEquals(ReportCommand.EXIT_USAGE, r.exit);
        assertTrue(r.err.contains("nothing to write"), r.err);
    }
}
