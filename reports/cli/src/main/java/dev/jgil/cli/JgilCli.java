package dev.jgil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jgil}: the command-line tool ({@code java -jar jgil.jar report ...}). */
@Command(name = "jgil", mixinStandardHelpOptions = true, versionProvider = JgilCli.Version.class,
        description = "jgil: a global interpreter lock for the JVM, measured. Reports on jgil's JFR recordings; attaches to (attach), watches (top) and steers (set) running JVMs.",
        subcommands = {ReportCommand.class, PredictCommand.class, TopCommand.class, SetCommand.class, AttachCommand.class,
                CommandLine.HelpCommand.class})
public final class JgilCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try: jgil report <recording.jfr>... -o report.html)");
    }

    /** The command line with jgil's exit codes; tests call {@code newCommandLine().execute(args)}. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new JgilCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // Last resort: a bug, not bad input. Still one line; the trace only on request.
            cmd.getErr().println("jgil: internal error: " + ex + " (set JGIL_DEBUG=1 for the stack trace)");
            if (System.getenv("JGIL_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return ReportCommand.EXIT_INTERNAL;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = JgilCli.class.getPackage().getImplementationVersion();
            return new String[] {"jgil " + (v == null ? "dev" : v)};
        }
    }
}
