package dev.jgil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code main}'s command line of the one subcommand asked for reads exactly as the one with every subcommand. */
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
}
