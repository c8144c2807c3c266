package dev.jgil.report.render;

import static dev.jgil.report.render.Html.escape;

import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.ConfigurationSegments;
import dev.jgil.report.analysis.JvmSummary;
import dev.jgil.report.analysis.Verdict;
import dev.jgil.report.model.Configuration;
import dev.jgil.report.model.Designation;
import dev.jgil.report.model.JvmRecording;
import dev.jgil.schema.Format;
import dev.jgil.schema.Sampling;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML page: inline CSS, inline JS, inline SVG, no request to anywhere (a CSP meta tag
 * forbids any). Static parts are rendered here (header and headline), in {@link HtmlSections} (per JVM,
 * configuration changes, findings, distributions) and {@link HtmlTables} (threads, timeline, sites, hand-offs),
 * with every recorded string escaped; the timeline and the percentile plots are drawn by {@code report.js} from the
 * embedded JSON ({@link JsonRenderer}, whose string escaping makes it safe inside {@code <script>}).
 *
 * <p>Every headline figure carries {@code data-figure} (its JSON name) and {@code data-value} (the JSON value), so a
 * test can hold each view to the one computation in {@link JvmSummary}.
 */
public final class HtmlRenderer {
    private static final String CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

    private HtmlRenderer() {
    }

    public static String render(Analysis a) {
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        h.append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n");
        h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.append("<title>jgil report — ").append(escape(a.overall.label)).append("</title>\n<style>\n")
                .append(resource("report.css")).append("</style></head>\n<body><main>\n");
        header(h, a);
        headline(h, a);
        if (a.fleet()) HtmlSections.fleet(h, a);
        HtmlSections.configurationChanges(h, a);
        HtmlSections.findings(h, a);
        HtmlTables.threads(h, a);
        HtmlTables.timeline(h, a);
        HtmlSections.distributions(h, a);
        HtmlTables.sites(h, a);
        HtmlTables.handOffs(h, a);
        h.append("<script type=\"application/json\" id=\"jgil-data\">");
        h.append(JsonRenderer.render(a, true));
        h.append("</script>\n<script>\n").append(resource("report.js"))
                .append(resource("flame.js")).append("</script>\n</main></body></html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, Analysis a) {
        h.append("<h1>jgil report: ").append(escape(a.overall.label)).append("</h1>\n");
        verdict(h, a);
        h.append("<p class=\"explain\">jgil runs designated code under a global interpreter lock (GIL), like CPython: "
                + "only the thread holding the GIL may run it, the others wait. This page shows how much that lock "
                + "held, made threads wait, and what it cost.</p>\n");
        for (JvmSummary s : a.jvms) {
            JvmRecording r = s.recording;
            Configuration c = r.configuration;
            if (r.truncated) {
                h.append("<div class=\"banner\" id=\"truncated\"><b>Truncated recording</b> ").append(escape(String.valueOf(r.source)))
                        .append(": ").append(escape(r.truncationDetail))
                        .append(". The JVM probably died while writing it; the figures cover what was complete.</div>\n");
            }
            // Many JVMs (a demo and its children): each one's details one click away, so the page starts with its figures.
            boolean folded = a.jvms.size() > FOLD_META_ABOVE;
            if (folded) {
                h.append("<details class=\"jvm-meta\"><summary>#").append(s.index + 1).append(' ').append(escape(s.label)).append(": ")
                        .append(escape(c.policy + ", " + Format.nanos(r.durationNanos()) + ", " + Format.count(s.threads) + " threads used the GIL"))
                        .append("</summary>");
            }
            h.append("<dl class=\"meta\">");
            meta(h, "recording", String.valueOf(r.source));
            String cmd = JsonRenderer.commandLine(r);
            meta(h, "command line", cmd.isEmpty() ? "(not recorded: jdk.JVMInformation was off)" : cmd);
            meta(h, "JVM", r.jvmName.isEmpty() ? "(not recorded)" : r.jvmVersion.isEmpty() ? r.jvmName : r.jvmVersion);
            if (!s.changes.isEmpty()) {
                // Never one policy for a recording in which it changed: the whole sequence, and where to look.
                h.append("<dt>policy</dt><dd class=\"policy-changed\">").append(escape(ConfigurationSegments.policyHistory(s.segments)))
                        .append(", switch interval ").append(escape(ConfigurationSegments.intervalHistory(s.segments)))
                        .append(" (changed ").append(s.changes.size()).append("× at run time, see <a href=\"#configuration-changes\">"
                                + "Configuration changes</a>)</dd>");
            } else {
                meta(h, "policy", c.policy + ", switch interval " + Format.interval(c.intervalNanos)
                        + (c.changed ? " (changed during the recording; last shown)" : ""));
            }
            h.append("<dt>designated</dt><dd class=\"designated\">").append(escape(designated(r))).append("</dd>");
            meta(h, "recorded with", "jfr.settings=" + c.jfrSettings + ", accounting=" + c.accounting + ", jgil " + c.version);
            meta(h, "duration", Format.nanos(r.durationNanos()) + " (" + Format.count(r.totals.intervals) + " statistics intervals)");
            meta(h, "threads", Format.count(s.threads) + " used the GIL" + (r.hwThreads > 0 ? "; machine: " + r.hwThreads + " hardware threads" : ""));
            h.append("</dl>").append(folded ? "</details>" : "").append('\n');
        }
    }

    /** Above this many JVMs each one's header is folded ({@code <details>}). */
    static final int FOLD_META_ABOVE = 3;

    /**
     * The designation as configured, each pattern with what it matched when the recording says (jgil.Designation):
     * {@code include com.acme.** (12 classes, 40 methods woven); exclude -; release around -}.
     */
    static String designated(JvmRecording r) {
        Configuration c = r.configuration;
        List<String> parts = new ArrayList<>();
        parts.add("include " + patterns(r, "include", c.include));
        parts.add("exclude " + patterns(r, "exclude", c.exclude));
        parts.add("release around " + patterns(r, "release", c.release));
        if (!c.annotation.isEmpty() || r.designations.stream().anyMatch(d -> d.kind().equals("annotation"))) {
            parts.add("annotation " + patterns(r, "annotation", c.annotation));
        }
        return String.join("; ", parts);
    }

    private static String patterns(JvmRecording r, String kind, String configured) {
        List<String> out = new ArrayList<>();
        for (Designation d : r.designations) {
            if (!d.kind().equals(kind)) continue;
            out.add(d.pattern() + " (" + Format.count(d.classesMatched()) + (d.classesMatched() == 1 ? " class" : " classes")
                    + (kind.equals("exclude") ? "" : ", " + Format.count(d.methodsWoven()) + (d.methodsWoven() == 1 ? " method woven" : " methods woven")) + ")");
        }
        if (!out.isEmpty()) return String.join(", ", out);
        return configured == null || configured.isEmpty() ? "-" : configured;
    }

    /** Why nothing was measured, with the patterns and (when recorded) what each matched. */
    static String nothingMeasured(JvmSummary s) {
        JvmRecording r = s.recording;
        String matched = r.designations.isEmpty() ? " (this agent version does not record how many classes each pattern matched)" : "";
        return "Nothing measured: no designated code ran in this recording (" + Format.count(s.acquisitions)
                + " acquisitions, no thread inside designated code), so every figure below is a zero that measured "
                + "nothing — not a sign that the GIL costs nothing. Designated: " + designated(r) + matched + ".";
    }

    static void meta(StringBuilder h, String k, String v) {
        h.append("<dt>").append(escape(k)).append("</dt><dd>").append(escape(v)).append("</dd>");
    }

    /** The answer first: {@link Verdict}'s sentence, coloured by its level; the JSON's {@code verdict}. */
    private static void verdict(StringBuilder h, Analysis a) {
        Verdict v = a.verdict;
        h.append("<p id=\"verdict\" class=\"verdict level-").append(v.level.name()).append("\" data-figure=\"verdict.level\" data-value=\"")
                .append(v.level.name()).append("\">").append(escape(v.sentence)).append("</p>\n");
    }

    /** A headline card; {@code figure}/{@code value}: the JSON name and value it shows (null: none); coloured by its severity. */
    private static void card(StringBuilder h, Analysis a, String cls, String key, String figure, Object value, String shown, String explain,
            String tooltip) {
        Verdict.Severity sev = a.verdict.cardSeverity(figure, a.overall);
        h.append("<div class=\"card ").append(cls).append(cls.isEmpty() ? "" : " ").append("sev-").append(sev.name()).append("\"");
        if (figure != null) h.append(" data-figure=\"").append(figure).append("\" data-value=\"").append(value).append("\"");
        h.append(" data-severity=\"").append(sev.name()).append("\"");
        if (tooltip != null) h.append(" title=\"").append(escape(tooltip)).append("\"");
        h.append("><div class=\"k\">").append(escape(key)).append("</div><div class=\"v\">").append(escape(shown))
                .append("</div><div class=\"d\">").append(escape(explain)).append("</div></div>\n");
    }

    private static void headline(StringBuilder h, Analysis a) {
        JvmSummary o = a.overall;
        h.append("<h2>Headline</h2>");
        for (JvmSummary s : a.jvms) {
            if (!s.measured()) {
                h.append("<div class=\"banner\" id=\"nothing-measured\" data-jvm=\"").append(s.index).append("\"><b>")
                        .append(a.fleet() ? "#" + (s.index + 1) + " " + escape(s.label) + ": " : "").append("</b>")
                        .append(escape(nothingMeasured(s))).append("</div>\n");
            }
            if (s.loss.any()) {
                h.append("<div class=\"banner\" id=\"data-loss\" data-jvm=\"").append(s.index).append("\"><b>")
                        .append(a.fleet() ? "#" + (s.index + 1) + " " + escape(s.label) + ": " : "").append("</b>")
                        .append(escape(s.loss.statement())).append("</div>\n");
            }
            double delivered = s.samplerDeliveredFraction();
            if (Sampling.starved(delivered)) {
                h.append("<p class=\"explain\" id=\"sampler-starved\" data-jvm=\"").append(s.index).append("\" data-value=\"")
                        .append(delivered).append("\"><b>").append(a.fleet() ? "#" + (s.index + 1) + " " + escape(s.label) + ": " : "")
                        .append("</b>").append(escape(Sampling.statement(delivered))).append(".</p>\n");
            }
        }
        if (!a.configurationChanges.isEmpty()) {
            h.append("<p class=\"explain\" id=\"headline-mixed\">The configuration changed during the recording: these figures "
                    + "add up all of it; <a href=\"#configuration-changes\">Configuration changes</a> has them per configuration.</p>");
        }
        h.append("<div class=\"cards\" id=\"headline\">\n");
        card(h, a, "", "GIL held", "heldFraction", o.heldFraction(), Format.percent(o.heldFraction()),
                "of the time some thread held the GIL (ran designated code)", null);
        card(h, a, "", "someone waiting", "someoneWaitingFraction", o.someoneWaitingFraction(), Format.percent(o.someoneWaitingFraction()),
                "of the time at least one thread waited for the GIL (sampled)", null);
        card(h, a, "", "contended acquisitions", "contendedAcquisitions", o.contendedAcquisitions, Format.count(o.contendedAcquisitions),
                "of " + Format.count(o.acquisitions) + " acquisitions found the GIL taken and waited", null);
        card(h, a, "", "switches", "switches", o.switches, Format.count(o.switches), "changes of owner", null);
        card(h, a, "", "drops", "drops", o.drops(), Format.count(o.drops()), Format.count(o.forcedSwitches) + " forced switches (asked "
                + "to drop after one switch interval) + " + Format.count(o.tickDrops) + " tick drops; " + Format.count(o.dropsWonBack())
                + " won back by the thread that dropped", "drops: the policy made the owner give the GIL up while it still ran "
                + "designated code (not a release at the end of designated code or around a blocking call)");
        card(h, a, "cost", "wait the GIL added", "addedWaitNanos", Math.round(o.threadsWaitNanos), Verdict.threadSeconds(o.threadsWaitNanos),
                Verdict.shareOfRun(a.verdict.waitRunRatio()) + " (" + Format.nanos(o.observedNanos) + " observed): thread-time, the "
                        + "waits of all threads added up, spent waiting for the GIL instead of running", null);
        String formula = "speed-up bound = (Σ held + Σ wait) / Σ held over all threads = ("
                + Format.nanos(o.threadsHeldNanos) + " + " + Format.nanos(o.threadsWaitNanos) + ") / "
                + Format.nanos(o.threadsHeldNanos) + ". Each thread needed held+wait to get through its designated code "
                + "but only ran during held; without the lock the waits vanish and the threads overlap. "
                + "This is the average number of threads that wanted the GIL at once"
                + (o.hwThreads > 0 ? ", capped at the machine's " + o.hwThreads + " hardware threads." : ".");
        card(h, a, "cost", "speed-up without the GIL", "speedUpBound", o.speedUpBound(), Format.atMostTimes(o.speedUpBound()),
                "how much faster the designated work could have run without the lock, at most (hover for the formula)", formula);
        h.append("</div>\n");
    }

    static String shorten(String s) {
        return TextRenderer.truncate(s, 24);
    }

    private static final Map<String, String> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private static String resource(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            try (InputStream in = HtmlRenderer.class.getResourceAsStream("/dev/jgil/report/render/" + n)) {
                if (in == null) throw new IllegalStateException("missing resource " + n);
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
