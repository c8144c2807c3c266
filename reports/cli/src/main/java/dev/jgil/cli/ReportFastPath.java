package dev.jgil.cli;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jgil report} without picocli for its plain command lines: recordings and {@code -o}, {@code --output},
 * {@code --json}, {@code --perfetto} (each once, with a separate value), {@code --text}, {@code --[no-]progress}.
 * Loading picocli and building its model (~180 classes compiled for Java 5, reflection, annotation proxies, its
 * built-in type converters) was the largest part of a small report's start-up (benchmarks/README.md, report speed).
 * Anything else (help, other spellings, {@code @files}, errors of usage) is left to picocli, which parses it as it always
 * did; a command line taken here runs {@link ReportCommand#run} with the writers and exit codes picocli would use
 * (JgilCliTest holds the two together).
 */
final class ReportFastPath {
    private ReportFastPath() {
    }

    /** The report's exit code, or null when {@code args} are not a plain report command line (picocli's then). */
    static Integer run(String[] args) {
        ReportCommand c = parse(args);
        if (c == null) return null;
        PrintWriter out = writer(System.out, "sun.stdout.encoding"), err = writer(System.err, "sun.stderr.encoding");
        try {
            return c.run(out, err);
        } catch (Exception ex) {
            return JgilCli.internalError(ex, err); // as picocli's run hands call()'s exception to JgilCli's handler
        }
    }

    /** The command, or null for anything but the plain form. */
    static ReportCommand parse(String[] args) {
        if (args.length < 2 || !args[0].equals("report")) return null;
        ReportCommand c = new ReportCommand();
        List<Path> recordings = new ArrayList<>();
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-o", "--output", "--json", "--perfetto" -> {
                        if (i + 1 >= args.length || plainValue(args[i + 1]) == null) return null;
                        Path v = Path.of(args[++i]);
                        if (a.equals("--json")) {
                            if (c.json != null) return null;
                            c.json = v;
                        } else if (a.equals("--perfetto")) {
                            if (c.perfetto != null) return null;
                            c.perfetto = v;
                        } else {
                            if (c.html != null) return null;
                            c.html = v;
                        }
                    }
                    case "--text" -> {
                        if (c.text) return null;
                        c.text = true;
                    }
                    case "--progress", "--no-progress" -> {
                        if (c.progress != null) return null;
                        c.progress = a.equals("--progress");
                    }
                    default -> {
                        if (plainValue(a) == null) return null;
                        recordings.add(Path.of(a));
                    }
                }
            }
        } catch (InvalidPathException e) {
            return null; // picocli says so, its way
        }
        if (recordings.isEmpty()) return null;
        c.recordings = recordings;
        return c.writesSomething() ? c : null;
    }

    /** {@code s} when picocli would take it as a value or a recording as it stands: no option, no {@code @file}. */
    private static String plainValue(String s) {
        return s.isEmpty() || s.startsWith("-") || s.startsWith("@") ? null : s;
    }

    /** The writer picocli makes for {@code System.out} or {@code System.err}: the same bytes for the same text. */
    private static PrintWriter writer(PrintStream stream, String encodingProperty) {
        String name = System.getProperty(encodingProperty);
        Charset cs;
        try {
            cs = name == null ? Charset.defaultCharset() : Charset.forName(name.equalsIgnoreCase("cp65001") ? "UTF-8" : name);
        } catch (RuntimeException e) {
            cs = Charset.defaultCharset();
        }
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter((OutputStream) stream, cs)), true);
    }
}
