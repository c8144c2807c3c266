package dev.jgil.report;

import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.model.ReportModel;
import dev.jgil.report.model.RecordingReader;
import dev.jgil.report.render.HtmlRenderer;
import dev.jgil.report.render.JsonRenderer;
import dev.jgil.report.render.TextRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The stable entry points: the agent calls {@link #writeHtml} at JVM exit, the CLI calls the same code.
 * Only JDK types in the signatures. Several recordings (one per JVM) make one report with a per-JVM
 * breakdown.
 *
 * <p>Errors: {@link dev.jgil.report.model.ReportInputException} (an {@link IOException}) with a one-line message for unusable
 * input — missing, not JFR, corrupt, no jgil events; other {@code IOException}s for the output file.
 * A truncated recording is not an error: it is reported with what it holds, marked truncated.
 */
public final class Reports {
    private Reports() {
    }

    /** Reads and analyses the recordings once, for writing several formats. */
    public static Analysis analyse(List<Path> recordings) throws IOException {
        return analyse(recordings, null);
    }

    public static Analysis analyse(List<Path> recordings, RecordingReader.Progress progress) throws IOException {
        return new Analysis(ReportModel.read(recordings, progress));
    }

    public static void writeHtml(List<Path> recordings, Path html) throws IOException {
        write(html, HtmlRenderer.render(analyse(recordings)));
    }

    public static void writeJson(List<Path> recordings, Path json) throws IOException {
        write(json, JsonRenderer.render(analyse(recordings), false));
    }

    public static String text(List<Path> recordings) throws IOException {
        return TextRenderer.render(analyse(recordings));
    }

    public static String html(Analysis a) {
        return HtmlRenderer.render(a);
    }

    public static String json(Analysis a) {
        return JsonRenderer.render(a, false);
    }

    public static String text(Analysis a) {
        return TextRenderer.render(a);
    }

    /** Written to a sibling temporary file and moved: a reader never sees half a report. */
    public static void write(Path out, String content) throws IOException {
        writeAtomically(out, w -> w.write(content));
    }

    /**
     * The timeline in the Trace Event Format (Perfetto, Chromium's trace viewer, speedscope): {@link
     * dev.jgil.report.render.TraceEventExport}; streamed to a sibling temporary file and moved, like {@link #write}.
     */
    public static void writeTraceEvents(Analysis a, Path out) throws IOException {
        writeAtomically(out, w -> dev.jgil.report.render.TraceEventExport.write(a, w));
    }

    private interface Body {
        void writeTo(java.io.Writer w) throws IOException;
    }

    private static void writeAtomically(Path out, Body body) throws IOException {
        Path abs = out.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) Files.createDirectories(dir);
        // Not createTempFile: its 0600 mode would stick to the report.
        Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            try (java.io.Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                body.writeTo(w);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Whether the report read a recording that was cut short. */
    public static boolean truncated(Analysis a) {
        return a.model.anyTruncated();
    }
}
