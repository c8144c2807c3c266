package dev.jgil.recording;

import dev.jgil.agent.options.AgentOptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The output files checked before anything is created: each unwritable one (no such directory, not a
 * directory, not writable) gets one true line naming the path and the reason, and is dropped; the
 * other outputs go on. Nothing is claimed later for a file that was dropped here.
 */
final class OutputFiles {
    private OutputFiles() {
    }

    /** {@link GilRecording#hasOutputs}; here, so that the start-up can ask before the runtime GilRecording uses exists. */
    static boolean any(AgentOptions o) {
        return o.jfrFile != null || o.hlogFile != null || o.reportFile != null || o.summary || o.printPeriodNanos > 0;
    }

    /** Why {@code file} cannot be written, or null if it can (as far as can be known before writing). */
    static String problem(Path file) {
        Path abs = file.toAbsolutePath();
        if (Files.isDirectory(abs)) return "it is a directory";
        Path dir = abs.getParent();
        if (dir == null) return "it has no parent directory";
        if (!Files.exists(dir)) return "no such directory " + dir;
        if (!Files.isDirectory(dir)) return dir + " is not a directory";
        if (Files.exists(abs) && !Files.isWritable(abs)) return "the file is not writable";
        if (!Files.exists(abs) && !Files.isWritable(dir)) return "directory " + dir + " is not writable";
        return null;
    }

    /**
     * Drops every output of {@code opts} that cannot be written, one line each on the summary stream
     * (the HTML report with the JFR file: it is made from the recording).
     */
    static void settle(AgentOptions opts) {
        if (opts.jfrFile != null) {
            String jfrProblem = problem(opts.jfrFile);
            if (jfrProblem != null) {
                opts.summaryStream.println("jgil: jfr=" + opts.jfrFile + " cannot be written (" + jfrProblem
                        + "): no JFR file" + (opts.reportFile != null ? " and so no HTML report (it is made from the recording)" : ""));
                opts.jfrFile = null;
                opts.reportFile = null;
            }
        }
        if (opts.hlogFile != null) {
            String p = problem(opts.hlogFile);
            if (p != null) {
                opts.summaryStream.println("jgil: hlog=" + opts.hlogFile + " cannot be written (" + p + "): no hlog file");
                opts.hlogFile = null;
            }
        }
        if (opts.reportFile != null) {
            String p = problem(opts.reportFile);
            if (p != null) {
                opts.summaryStream.println("jgil: report=" + opts.reportFile + " cannot be written (" + p + "): no HTML report");
                opts.reportFile = null;
            }
        }
    }
}
