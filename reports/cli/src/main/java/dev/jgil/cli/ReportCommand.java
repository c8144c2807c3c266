package dev.jgil.cli;

import dev.jgil.report.Reports;
import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.model.ReportInputException;
import dev.jgil.report.model.RecordingReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jgil report <recording.jfr>... -o report.html [--json out.json] [--perfetto out.trace.json] [--text]}. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes a report of one or more jgil JFR recordings (several: one per JVM of a fleet, merged "
                + "with a per-JVM breakdown).", "",
                "Exit codes: 0 report written; 1 unusable input (missing, not JFR, corrupt, no jgil events) or output "
                        + "error; 2 usage; 3 report written from a truncated recording."})
public final class ReportCommand implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_BAD_INPUT = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_TRUNCATED = 3;
    public static final int EXIT_INTERNAL = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "<recording.jfr>", description = "jgil JFR recordings")
    List<Path> recordings;

    @Option(names = {"-o", "--output"}, paramLabel = "<report.html>", description = "HTML report to write")
    Path html;

    @Option(names = "--json", paramLabel = "<out.json>", description = "also write the figures as JSON")
    Path json;

    @Option(names = "--perfetto", paramLabel = "<x.trace.json>",
            description = "also write the timeline in the Trace Event Format (open it in Perfetto's UI, Chromium's trace viewer or speedscope)")
    Path perfetto;

    @Option(names = "--text", description = "print a text summary on stdout")
    boolean text;

    @Option(names = "--progress", negatable = true,
            description = "progress on stderr while reading (default: only when stderr is a terminal)")
    Boolean progress;

    @Override
    public Integer call() {
        if (!writesSomething()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "nothing to write: give -o report.html, --json out.json, --perfetto out.trace.json or --text");
        }
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    boolean writesSomething() {
        return html != null || json != null || perfetto != null || text;
    }

    /** The report, once the command line is known to ask for one ({@link #writesSomething}); its exit code. */
    int run(PrintWriter out, PrintWriter err) {
        boolean showProgress = progress == null ? System.console() != null : progress;
        Analysis a;
        try {
            a = Reports.analyse(recordings, showProgress ? progress(err) : null);
        } catch (ReportInputException e) {
            if (showProgress) err.print("\r\033[K");
            err.println("jgil: " + e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        } catch (IOException e) {
            err.println("jgil: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        if (showProgress) err.print("\r\033[K");
        try {
            if (html != null) Reports.write(html, Reports.html(a));
            if (json != null) Reports.write(json, Reports.json(a));
            if (perfetto != null) Reports.writeTraceEvents(a, perfetto);
        } catch (IOException e) {
            err.println("jgil: cannot write the report: " + e);
            return EXIT_BAD_INPUT;
        }
        if (text) {
            out.print(Reports.text(a));
            out.flush();
        }
        if (Reports.truncated(a)) {
            for (var j : a.model.jvms) {
                if (j.truncated) err.println("jgil: warning: " + j.source + " is truncated (" + j.truncationDetail + ")");
            }
            err.flush();
            return EXIT_TRUNCATED;
        }
        if (html != null) err.println("jgil: wrote " + html);
        err.flush();
        return EXIT_OK;
    }

    private static RecordingReader.Progress progress(PrintWriter err) {
        long start = System.nanoTime();
        return (file, events, bytes) -> {
            double s = (System.nanoTime() - start) / 1e9;
            err.printf(Locale.ROOT, "\rjgil: reading %s (%,d bytes): %,d events, %.1f s", file.getFileName(), bytes, events, s);
            err.flush();
        };
    }
}
