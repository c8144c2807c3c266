package dev.jgil.report.predict;

import static dev.jgil.report.render.Html.escape;

import dev.jgil.schema.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The predictions as one self-contained HTML page in the report's style (its stylesheet, no script, no request to
 * anywhere): the headline, the recorded run beside each predicted setting, and per thread for the first setting.
 * Every string it did not write is escaped.
 */
public final class PredictionHtml {
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    private PredictionHtml() {
    }

    public static String render(Trace trace, List<Prediction> ps, List<String> warnings) {
        Prediction p = ps.get(0);
        StringBuilder h = new StringBuilder(1 << 14);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        h.append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n");
        h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.append("<title>jgil predict — ").append(escape(trace.source)).append("</title>\n<style>\n")
                .append(css()).append("</style></head>\n<body><main>\n");
        h.append("<h1>jgil predict</h1>\n<p class=\"sub\">").append(escape(trace.source)).append(" — recorded under policy=off, ")
                .append(trace.threads.size()).append(" threads, ").append(Format.count(trace.segmentCount()))
                .append(" designated segments, ").append(trace.cores).append(" cores</p>\n");
        h.append("<p class=\"headline\" id=\"headline\">").append(escape(PredictionText.headline(p))).append("</p>\n");
        if (!p.timeBound().isEmpty()) {
            h.append("<p id=\"time-bound\">Replayed as running for a fixed time (busy, repeating what they did, while the "
                    + "others replay their work): ").append(escape(String.join(", ", p.timeBound()))).append("</p>\n");
        }
        if (!warnings.isEmpty()) {
            h.append("<section id=\"warnings\"><h2>Where this prediction may be off</h2><ul>\n");
            for (String w : warnings) h.append("<li>").append(escape(w)).append("</li>\n");
            h.append("</ul></section>\n");
        }
        settings(h, ps);
        threads(h, p);
        h.append("<section id=\"model\"><h2>The model</h2><p>Each thread replays its recorded sequence: designated segments "
                + "(which need the token) and the gaps between them (outside designated code, or released around a blocking "
                + "call), which keep their recorded length. The simulated lock follows the policy: waiters time out after "
                + "one interval and ask the owner to drop; handed tokens arrive after the hand-off latency. A segment's "
                + "demand is the CPU time its thread used in it, run on the cores the program had. The full list of assumptions is in dev.jgil.report.predict.Simulator.</p></section>\n");
        h.append("</main></body></html>\n");
        return h.toString();
    }

    private static void settings(StringBuilder h, List<Prediction> ps) {
        double max = ps.get(0).recordedWallNanos;
        for (Prediction p : ps) max = Math.max(max, p.wallNanos);
        h.append("<section id=\"settings\"><h2>Recorded and predicted</h2><table class=\"num\"><thead><tr><th>setting</th>"
                + "<th>wall</th><th>× off</th><th>added wait</th><th>after blocking calls</th><th></th></tr></thead><tbody>\n");
        row(h, "off (recorded)", ps.get(0).recordedWallNanos, 1, 0, 0, max);
        for (Prediction p : ps) {
            row(h, PredictionText.setting(p) + " (predicted)", p.wallNanos, p.slowdown(), p.addedWaitNanos(),
                    p.waitAfterBlockingNanos(), max);
        }
        h.append("</tbody></table></section>\n");
    }

    private static void row(StringBuilder h, String label, double wall, double ratio, double wait, double afterBlocking, double max) {
        double w = max > 0 ? 200 * wall / max : 0;
        h.append("<tr><td>").append(escape(label)).append("</td><td>").append(escape(PredictionText.seconds(wall)))
                .append("</td><td>").append(String.format(Locale.ROOT, "%.2f", ratio)).append("</td><td>")
                .append(escape(Format.nanos(wait))).append("</td><td>").append(escape(Format.nanos(afterBlocking)))
                .append("</td><td><svg width=\"204\" height=\"12\" role=\"img\" aria-label=\"wall time bar\"><rect x=\"0\" y=\"1\" height=\"10\" width=\"")
                .append(String.format(Locale.ROOT, "%.1f", w)).append("\" fill=\"#4a78c2\"/></svg></td></tr>\n");
    }

    private static void threads(StringBuilder h, Prediction p) {
        h.append("<section id=\"threads\"><h2>Threads under ").append(escape(PredictionText.setting(p)))
                .append("</h2><table class=\"num\"><thead><tr><th>thread</th><th>segments</th><th>CPU demand</th>"
                        + "<th>span recorded</th><th>span predicted</th><th>held</th><th>wait</th><th>waits</th>"
                        + "<th>wait p50</th><th>wait p99</th><th>forced drops</th></tr></thead><tbody>\n");
        for (Prediction.ThreadResult t : p.threads) {
            h.append("<tr><td>").append(escape(t.name)).append("</td><td>").append(t.segments).append("</td><td>")
                    .append(escape(Format.nanos(t.demandNanos))).append("</td><td>").append(escape(Format.nanos(t.recordedSpanNanos)))
                    .append("</td><td>").append(escape(Format.nanos(t.spanNanos))).append("</td><td>")
                    .append(escape(Format.percent(t.heldFraction()))).append("</td><td>").append(escape(Format.percent(t.waitFraction())))
                    .append("</td><td>").append(t.contendedWaits()).append("</td><td>")
                    .append(t.contendedWaits() == 0 ? "-" : escape(Format.nanos(t.waitPercentile(50)))).append("</td><td>")
                    .append(t.contendedWaits() == 0 ? "-" : escape(Format.nanos(t.waitPercentile(99)))).append("</td><td>")
                    .append(t.forcedDrops).append("</td></tr>\n");
        }
        h.append("</tbody></table><p class=\"note\">held and wait: shares of the thread's predicted span (its first "
                + "segment's start to its last segment's end).</p></section>\n");
    }

    private static String css() {
        try (InputStream in = PredictionHtml.class.getResourceAsStream("/dev/jgil/report/render/report.css")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
