package dev.jgil.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jgil}: the command-line tool ({@code java -jar jgil.jar report ...}). */
@Command(name = "jgil", mixinStandardHelpOptions = true, versionProvider = JgilCli.Version.class,
        description = "jgil: a global interpreter lock for the JVM, measured. Reports on jgil's JFR recordings; attaches to (attach), watches (top) and steers (set) running JVMs.")
public final class JgilCli implements Runnable {
    /**
     * The subcommands, in the order help lists them. Added here rather than in {@code @Command(subcommands = ...)} so
     * that a run of one command builds picocli's model (reflection over its options) of that command alone. A holder,
     * so that a report taken by {@link ReportFastPath} loads none of picocli.
     */
    private static final class Commands {
        static final List<Class<?>> ALL = List.of(ReportCommand.class, PredictCommand.class, TopCommand.class,
                SetCommand.class, AttachCommand.class, CommandLine.HelpCommand.class);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try: jgil report <recording.jfr>... -o report.html)");
    }

    /** The command line with jgil's exit codes; tests call {@code newCommandLine().execute(args)}. */
    public static CommandLine newCommandLine() {
        return newCommandLine(Commands.ALL);
    }

    /**
     * The command line for {@code args}: with only the subcommand {@code args[0]} names when it names one (help,
     * usage and errors inside it read the same as with all of them), else with every subcommand.
     */
    static CommandLine newCommandLine(String[] args) {
        if (args.length > 0) {
            for (Class<?> c : Commands.ALL) {
                Command a = c.getAnnotation(Command.class);
                if (c != CommandLine.HelpCommand.class && a != null && a.name().equals(args[0])) return newCommandLine(List.of(c));
            }
        }
        return newCommandLine();
    }

    private static CommandLine newCommandLine(List<Class<?>> commands) {
        CommandLine cl = new CommandLine(new JgilCli());
        for (Class<?> c : commands) cl.addSubcommand(c);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> internalError(ex, cmd.getErr()));
        return cl;
    }

    /** Last resort: a bug, not bad input. Still one line; the trace only on request. The exit code. */
    static int internalError(Exception ex, java.io.PrintWriter err) {
        err.println("jgil: internal error: " + ex + " (set JGIL_DEBUG=1 for the stack trace)");
        if (System.getenv("JGIL_DEBUG") != null) ex.printStackTrace(err);
        err.flush();
        return ReportCommand.EXIT_INTERNAL;
    }

    public static void main(String[] args) {
        Integer report = ReportFastPath.run(args);
        System.exit(report != null ? report : newCommandLine(args).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = JgilCli.class.getPackage().getImplementationVersion();
            return new String[] {"jgil " + (v == null ? "dev" : v)};
        }
    }
}
