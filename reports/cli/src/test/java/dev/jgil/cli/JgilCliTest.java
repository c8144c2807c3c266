package dev.jgil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jgil.report.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code main}'s command line of the one subcommand asked for reads exactly as the one with every subcommand, and a
 * report taken by {@link ReportFastPath} writes what picocli's run of the same command line writes.
 */
class JgilCliTest {
    private static List<String> run(CommandLine cl, String[] args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return List.of(String.valueOf(exit), out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"report --help", "report", "report --bogus x.jfr", "predict --help", "top --help", "set --help",
            "attach --help", "--help", "help report", "bogus", "--version", "(none)"})
    void sameOutputAsWithEveryCommand(String line) {
        String[] args = line.equals("(none)") ? new String[0] : line.split(" ");
        assertEquals(run(JgilCli.newCommandLine(), args), run(JgilCli.newCommandLine(args), args));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"report", "predict", "top", "set", "attach"})
    void oneCommandOnlyWhenOneIsNamed(String name) {
        assertEquals(List.of(name), List.copyOf(JgilCli.newCommandLine(new String[] {name, "--help"}).getSubcommands().keySet()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"help", "--help", "bogus"})
    void everyCommandOtherwise(String first) {
        assertEquals(JgilCli.newCommandLine().getSubcommands().keySet(), JgilCli.newCommandLine(new String[] {first}).getSubcommands().keySet());
    }

    /** {@code line} with {@code X} for a fixture recording, {@code Y} for a second one and {@code D/} for a directory. */
    private static String[] args(String line, Path dir) {
        List<String> out = new ArrayList<>();
        for (String a : line.split(" ")) {
            out.add(a.equals("X") ? Fixtures.path(Fixtures.COUNTDOWN).toString() : a.equals("Y") ? Fixtures.path(Fixtures.CONVOY).toString()
                    : a.startsWith("D/") ? dir.resolve(a.substring(2)).toString() : a);
        }
        return out.toArray(new String[0]);
    }

    private static List<String> outputs(Path dir, List<String> run) throws Exception {
        List<String> out = new ArrayList<>(run);
        List<Path> all;
        try (var files = Files.walk(dir)) {
            all = files.filter(f -> !f.equals(dir)).sorted(java.util.Comparator.reverseOrder()).toList();
        }
        for (Path f : all) {
            if (!Files.isDirectory(f)) out.add(dir.relativize(f) + ": " + Files.readString(f));
            Files.delete(f);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"report X -o D/r.html", "report X --json D/r.json --text", "report X Y --output D/r.html --json D/r.json",
            "report --text X --no-progress", "report X --perfetto D/t.json --progress", "report does-not-exist.jfr --text",
            "report " + "X --json D/sub/r.json", "report X Y --text -o D/r.html --json D/r.json --perfetto D/t.json"})
    void fastPathWritesWhatPicocliWrites(String line, @TempDir Path dir) throws Exception {
        String[] a = args(line, dir);
        ReportCommand fast = ReportFastPath.parse(a);
        assertNotNull(fast, "taken by the fast path");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = fast.run(new PrintWriter(out, true), new PrintWriter(err, true));
        List<String> fastRun = outputs(dir, List.of(String.valueOf(exit), out.toString(), err.toString()));
        List<String> picocliRun = outputs(dir, run(JgilCli.newCommandLine(a), a));
        assertEquals(picocliRun, fastRun);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"report", "report X", "report --help", "report X -h", "report X --text --text", "report X -o D/a -o D/b",
            "report X --json", "report X -o --text", "report X --json=D/r.json", "report X -oD/r.html", "report @args.txt --text",
            "report -- X --text", "report X --bogus --text", "report X --progress=false --text", "predict X --text",
            "report X --progress --no-progress --text", "report X - --text"})
    void anythingElseIsPicocli(String line, @TempDir Path dir) {
        assertNull(ReportFastPath.parse(args(line, dir)));
    }
}
