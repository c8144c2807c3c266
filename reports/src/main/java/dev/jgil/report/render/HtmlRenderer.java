package dev.jgil.report.render;

import static dev.jgil.report.render.Html.escape;

import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.ConfigurationSegments;
import dev.jgil.report.analysis.Finding;
import dev.jgil.report.analysis.Format;
import dev.jgil.report.analysis.ThreadRows;
import dev.jgil.report.model.Configuration;
import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.ThreadInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One self-contained HTML page: inline CSS, inline JS, inline SVG, no request to anywhere (a CSP meta tag
 * forbids any). Static parts are rendered here with every recorded string escaped; the timeline and the
 * percentile plots are drawn by {@code report.js} from the embedded JSON ({@link JsonRenderer}, whose
 * string escaping makes it safe inside {@code <script>}).
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
        if (a.fleet()) fleet(h, a);
        configurationChanges(h, a);
        findings(h, a);
        threads(h, a);
        timeline(h, a);
        distributions(h, a);
        sites(h, a);
        handOffs(h, a);
        h.append("<script type=\"application/json\" id=\"jgil-data\">");
        h.append(JsonRenderer.render(a, true));
        h.append("</script>\n<script>\n").append(resource("report.js")).append("</script>\n</main></body></html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, Analysis a) {
        h.append("<h1>jgil report: ").append(escape(a.overall.label)).append("</h1>\n");
        h.append("<p class=\"explain\">jgil runs designated code under a global interpreter lock (GIL), like CPython: "
                + "only the thread holding the GIL may run it, the others wait. This page shows how much that lock "
                + "held, made threads wait, and what it cost.</p>\n");
        for (Analysis.JvmSummary s : a.jvms) {
            JvmRecording r = s.recording;
            Configuration c = r.configuration;
            if (r.truncated) {
                h.append("<div class=\"banner\" id=\"truncated\"><b>Truncated recording</b> ").append(escape(String.valueOf(r.source)))
                        .append(": ").append(escape(r.truncationDetail))
                        .append(". The JVM probably died while writing it; the figures cover what was complete.</div>\n");
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
                meta(h, "policy", c.policy + ", switch interval " + Format.nanos(c.intervalNanos)
                        + (c.changed ? " (changed during the recording; last shown)" : ""));
            }
            meta(h, "designated", "include " + or(c.include, "-") + "; exclude " + or(c.exclude, "-") + "; release around "
                    + or(c.release, "-") + (c.annotation.isEmpty() ? "" : "; annotation " + c.annotation));
            meta(h, "recorded with", "jfr.settings=" + c.jfrSettings + ", accounting=" + c.accounting + ", jgil " + c.version);
            meta(h, "duration", Format.nanos(r.durationNanos()) + " (" + Format.count(r.totals.intervals) + " statistics intervals)");
            meta(h, "threads", Format.count(s.threads) + " used the GIL" + (r.hwThreads > 0 ? "; machine: " + r.hwThreads + " hardware threads" : ""));
            h.append("</dl>\n");
        }
    }

    private static String or(String s, String dflt) {
        return s == null || s.isEmpty() ? dflt : s;
    }

    private static void meta(StringBuilder h, String k, String v) {
        h.append("<dt>").append(escape(k)).append("</dt><dd>").append(escape(v)).append("</dd>");
    }

    private static void card(StringBuilder h, String cls, String key, String value, String explain, String tooltip) {
        h.append("<div class=\"card ").append(cls).append("\"");
        if (tooltip != null) h.append(" title=\"").append(escape(tooltip)).append("\"");
        h.append("><div class=\"k\">").append(escape(key)).append("</div><div class=\"v\">").append(escape(value))
                .append("</div><div class=\"d\">").append(escape(explain)).append("</div></div>\n");
    }

    private static void headline(StringBuilder h, Analysis a) {
        Analysis.JvmSummary o = a.overall;
        h.append("<h2>Headline</h2>");
        if (!a.configurationChanges.isEmpty()) {
            h.append("<p class=\"explain\" id=\"headline-mixed\">The configuration changed during the recording: these figures "
                    + "add up all of it; <a href=\"#configuration-changes\">Configuration changes</a> has them per configuration.</p>");
        }
        h.append("<div class=\"cards\" id=\"headline\">\n");
        card(h, "", "GIL held", Format.percent(o.heldFraction()),
                "of the time some thread held the GIL (ran designated code)", null);
        card(h, "", "someone waiting", Format.percent(o.someoneWaitingFraction()),
                "of the time at least one thread waited for the GIL (sampled)", null);
        card(h, "", "contended acquisitions", Format.count(o.contendedAcquisitions),
                "of " + Format.count(o.acquisitions) + " acquisitions found the GIL taken and waited", null);
        card(h, "", "switches", Format.count(o.switches) + " / " + Format.count(o.forcedSwitches) + " forced",
                "changes of owner; forced: the owner was asked to drop after one switch interval", null);
        card(h, "cost", "wait the GIL added", Format.nanos(o.threadsWaitNanos),
                "total time threads spent waiting for the GIL instead of running", null);
        String formula = "speed-up bound = (Σ held + Σ wait) / Σ held over all threads = ("
                + Format.nanos(o.threadsHeldNanos) + " + " + Format.nanos(o.threadsWaitNanos) + ") / "
                + Format.nanos(o.threadsHeldNanos) + ". Each thread needed held+wait to get through its designated code "
                + "but only ran during held; without the lock the waits vanish and the threads overlap. "
                + "This is the average number of threads that wanted the GIL at once"
                + (o.hwThreads > 0 ? ", capped at the machine's " + o.hwThreads + " hardware threads." : ".");
        card(h, "cost", "speed-up without the GIL", "≤ " + Format.times(o.speedUpBound()),
                "how much faster the designated work could have run without the lock (hover for the formula)", formula);
        h.append("</div>\n");
    }

    private static void fleet(StringBuilder h, Analysis a) {
        h.append("<h2>Per JVM</h2><p class=\"explain\">One row per recording (one JVM each); the headline adds them up.</p>");
        h.append("<table id=\"fleet\"><tr><th>#</th><th class=\"name\">JVM</th><th>duration</th><th>held</th><th>someone waiting</th>"
                + "<th>contended</th><th>switches</th><th>wait added</th><th>speed-up bound</th></tr>\n");
        for (Analysis.JvmSummary s : a.jvms) {
            h.append("<tr><td>#").append(s.index + 1).append("</td><td class=\"name\" title=\"").append(escape(s.label)).append("\">").append(escape(s.label))
                    .append(s.recording.truncated ? " (truncated)" : "").append("</td><td>")
                    .append(Format.nanos(s.recording.durationNanos())).append("</td><td>").append(Format.percent(s.heldFraction()))
                    .append("</td><td>").append(Format.percent(s.someoneWaitingFraction())).append("</td><td>")
                    .append(Format.count(s.contendedAcquisitions)).append("</td><td>").append(Format.count(s.switches))
                    .append("</td><td>").append(Format.nanos(s.threadsWaitNanos)).append("</td><td>")
                    .append(Format.times(s.speedUpBound())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** The run-time changes and the segment table (only when some JVM had a change). */
    private static void configurationChanges(StringBuilder h, Analysis a) {
        if (a.configurationChanges.isEmpty()) return;
        h.append("<h2 id=\"configuration-changes\">Configuration changes</h2><p class=\"explain\">The GIL's policy or switch "
                + "interval was changed while the JVM ran (<code>jgil set</code>, JMX); the timeline marks each change with a "
                + "dashed line. Each segment runs from one change to the next. ").append(escape(ConfigurationSegments.INTERVALS_NOTE))
                .append("</p>\n");
        boolean anyOff = false;
        for (Analysis.JvmSummary s : a.jvms) {
            if (s.changes.isEmpty()) continue;
            if (a.fleet()) h.append("<h3>#").append(s.index + 1).append(' ').append(escape(s.label)).append("</h3>\n");
            h.append("<table class=\"config-changes\" data-jvm=\"").append(s.index).append("\"><tr><th>at</th><th>wall clock (UTC)</th>"
                    + "<th class=\"name\">change</th></tr>\n");
            for (ConfigurationSegments.Change c : s.changes) {
                h.append("<tr><td>").append(escape(Format.nanos(c.sinceStartNanos))).append("</td><td class=\"mono\">")
                        .append(escape(ConfigurationSegments.wallClock(c.change.epochNanos))).append("</td><td class=\"name change-label\" title=\"")
                        .append(escape(c.description)).append("\">").append(escape(c.label)).append("</td></tr>\n");
            }
            h.append("</table>\n");
            h.append("<table class=\"config-segments\" data-jvm=\"").append(s.index).append("\"><tr><th>#</th><th>from</th><th>duration</th>"
                    + "<th class=\"name\">policy</th><th>interval</th><th>GIL held</th><th>someone waiting</th>"
                    + "<th title=\"average number of threads inside designated code and not waiting: held + released, summed over "
                    + "threads (jgil.ThreadStatistics, sampled)\">threads in designated code</th><th>acquisitions/s</th>"
                    + "<th>contended/s</th><th>switches/s</th></tr>\n");
            for (ConfigurationSegments.Segment g : s.segments) {
                anyOff |= g.lockOff();
                boolean seen = g.observed();
                double inside = g.threadsInside();
                h.append("<tr class=\"segment").append(g.lockOff() ? " lock-off" : "").append(g.approximate ? " approximate" : "")
                        .append("\"><td>").append(g.approximate ? "~" : "").append(g.index + 1).append("</td><td>")
                        .append(escape(Format.nanos(g.startSinceStartNanos))).append("</td><td>").append(escape(Format.nanos(g.durationNanos())))
                        .append("</td><td class=\"name policy\" title=\"").append(escape(g.policy)).append("\">").append(escape(g.policy))
                        .append("</td><td>").append(escape(Format.interval(g.intervalNanos))).append("</td><td class=\"held\">");
                if (!seen) h.append('-');
                else {
                    h.append(escape(Format.percent(g.heldFraction())));
                    if (g.lockOff()) h.append(" <span class=\"help\" title=\"").append(escape(ConfigurationSegments.OFF_NOTE)).append("\">*</span>");
                }
                h.append("</td><td>").append(seen ? escape(Format.percent(g.someoneWaitingFraction())) : "-").append("</td><td class=\"inside\">")
                        .append(seen && !Double.isNaN(inside) ? String.format(java.util.Locale.ROOT, "%.2f", inside) : "-").append("</td><td>")
                        .append(seen ? escape(Format.rate(g.acquisitionsPerSecond())) : "-").append("</td><td>")
                        .append(seen ? escape(Format.rate(g.contendedPerSecond())) : "-").append("</td><td>")
                        .append(seen ? escape(Format.rate(g.switchesPerSecond())) : "-").append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        if (anyOff) h.append("<p class=\"explain\" id=\"off-note\">* ").append(escape(ConfigurationSegments.OFF_NOTE)).append("</p>\n");
    }

    private static void findings(StringBuilder h, Analysis a) {
        h.append("<h2>Findings</h2><p class=\"explain\">What the numbers suggest, each with the measurements behind it.</p>"
                + "<ul class=\"findings\" id=\"findings\">\n");
        if (a.findings.isEmpty()) h.append("<li>No finding: the GIL does not look like a bottleneck in this recording.</li>\n");
        for (Finding f : a.findings) {
            h.append("<li data-rule=\"").append(escape(f.ruleId())).append("\"><span class=\"sev ").append(f.severity().name())
                    .append("\">").append(f.severity().name()).append("</span><b>").append(escape(f.title())).append("</b><ul>");
            for (String e : f.evidence()) h.append("<li>").append(escape(e)).append("</li>");
            h.append("</ul>");
            if (!f.advice().isEmpty()) h.append("<div class=\"explain\">").append(escape(f.advice())).append("</div>");
            h.append("</li>\n");
        }
        h.append("</ul>\n");
    }

    /** Member threads listed inside a group row's {@code <details>}; the rest are counted. */
    static final int GROUP_MEMBERS_SHOWN = 25;

    static final String SHARE_NOTE = "the JVM's observed time (Σ of its statistics intervals). A group row adds up its "
            + "members' times: held stays at most 100% (one holder at a time); wait and outside can pass 100% (several members at once)";

    private static void threads(StringBuilder h, Analysis a) {
        boolean groups = a.threadRows.stream().anyMatch(ThreadRows.Row::group);
        h.append("<h2>Threads</h2><p class=\"explain\">Where each thread's time went while it was recorded: holding the GIL, "
                + "waiting for it, or outside designated code (gil_load style), as a share of the recording's observed time. "
                + "Held is exact under trace accounting and sampled otherwise; wait is always exact. Wait percentiles come from the "
                + "recorded waits" + (a.detailComplete ? "." : " (waits of at least 1 ms under the default preset).") + "</p>\n");
        if (groups) {
            h.append("<p class=\"explain\" id=\"thread-groups-note\">").append(Format.count(a.lanes.size())).append(" threads in ")
                    .append(Format.count(a.threadRows.size())).append(" rows: threads with the same name are one row (×N threads), "
                    + "and so are names differing only by a trailing number when there are at least ").append(ThreadRows.NUMBERED_MIN_NAMES)
                    .append(" of them (shown with # for the number). A group row sums its members: held, wait and outside are their "
                    + "summed times ÷ the observed time, so wait and outside can pass 100%; its wait percentiles cover all the "
                    + "members' recorded waits. Open a group to see its threads.</p>\n");
        }
        h.append("<table id=\"threads\"><tr><th class=\"name\">thread</th>");
        th(h, "held", "time holding the GIL ÷ " + SHARE_NOTE);
        th(h, "wait", "time waiting for the GIL ÷ " + SHARE_NOTE);
        th(h, "outside", "time outside designated code (sampled) ÷ " + SHARE_NOTE);
        h.append("<th>acquisitions</th><th>contended</th><th>wait p50</th><th>wait p99</th><th>wait max</th></tr>\n");
        for (ThreadRows.Row r : a.threadRows) {
            String jvm = a.fleet() ? "#" + (r.jvm + 1) + " " : ""; // #n: row n of the per-JVM table
            Histogram w = r.recordedWaits;
            boolean any = w.getTotalCount() > 0;
            if (!r.group()) {
                String name = jvm + r.name;
                h.append("<tr><td class=\"name thread-name\" title=\"").append(escape(name)).append("\">").append(escape(name)).append("</td>");
            } else {
                h.append("<tr class=\"thread-group\" data-kind=\"").append(r.kind.name()).append("\" data-threads=\"").append(r.threads())
                        .append("\"><td class=\"name group-name\">");
                groupDetails(h, a, r, jvm);
                h.append("</td>");
            }
            share(h, r, r.heldNanos);
            share(h, r, r.waitNanos);
            share(h, r, r.outsideNanos);
            h.append("<td>").append(Format.count(r.acquisitions)).append("</td><td>")
                    .append(Format.count(r.contendedAcquisitions)).append("</td><td>")
                    .append(any ? Format.nanos(w.getValueAtPercentile(50)) : "-").append("</td><td>")
                    .append(any ? Format.nanos(w.getValueAtPercentile(99)) : "-").append("</td><td>")
                    .append(any ? Format.nanos(w.getMaxValue()) : "-").append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void th(StringBuilder h, String label, String title) {
        h.append("<th title=\"").append(escape(title)).append("\">").append(escape(label)).append("</th>");
    }

    /** A share of the observed time; a group's cell also says the summed time it stands for. */
    private static void share(StringBuilder h, ThreadRows.Row r, double nanos) {
        if (r.group()) {
            h.append("<td title=\"").append(escape("Σ " + Format.nanos(nanos) + " over " + r.threads() + " threads ÷ "
                    + Format.nanos(r.observedNanos) + " observed")).append("\">");
        } else {
            h.append("<td>");
        }
        h.append(Format.percent(r.fraction(nanos))).append("</td>");
    }

    /** The group's label, expandable to its members (busiest first, capped). Every name is escaped. */
    private static void groupDetails(StringBuilder h, Analysis a, ThreadRows.Row r, String jvm) {
        String label = jvm + r.name;
        String count = "×" + Format.count(r.threads()) + " threads"
                + (r.kind == ThreadRows.Kind.NUMBERED ? ", " + Format.count(r.names) + " names" : "");
        h.append("<details class=\"thread-group\"><summary title=\"").append(escape(label + " " + count)).append("\"><span class=\"group-label\">")
                .append(escape(label)).append("</span> <span class=\"group-count\">").append(escape(count)).append("</span></summary>");
        h.append("<ul class=\"group-members\">");
        int shown = Math.min(GROUP_MEMBERS_SHOWN, r.members.size());
        for (int i = 0; i < shown; i++) {
            Analysis.Lane l = r.members.get(i);
            ThreadInfo t = l.thread;
            h.append("<li class=\"group-member\"><span class=\"member-name\">").append(escape(t.name)).append("</span> <span class=\"member-figures\">")
                    .append(escape((t.javaThreadId > 0 ? "tid " + t.javaThreadId + ": " : "") + "held " + Format.nanos(t.heldNanos)
                            + ", wait " + Format.nanos(t.waitNanos) + ", " + Format.count(t.acquisitions)
                            + (t.acquisitions == 1 ? " acquisition" : " acquisitions")))
                    .append("</span></li>");
        }
        if (r.members.size() > shown) {
            h.append("<li class=\"group-more\">… and ").append(Format.count(r.members.size() - shown)).append(" more</li>");
        }
        h.append("</ul></details>");
    }

    private static void timeline(StringBuilder h, Analysis a) {
        h.append("<h2>Timeline</h2><p class=\"explain\">One lane per row of the Threads table: per thread, and per group of "
                + "threads where the table groups them (a group's lane overlays its members: their holds never overlap, one "
                + "holder at a time; overlapping waits show as one). Red: holding the GIL; orange (half height): "
                + "waiting for it; blue: released it around a blocking call; grey: outside designated code. Black ticks: "
                + "a waiter asked the owner to drop. Zoom with the mouse wheel or the buttons, drag to pan.</p>\n");
        if (!a.timeline.exact) {
            h.append("<p class=\"explain\" id=\"timeline-downsampled\">").append(Format.count(a.timeline.segmentCount))
                    .append(" holds and waits: drawn as ").append(Analysis.TIMELINE_BUCKETS)
                    .append(" buckets per lane (bar height = share of the bucket), each ")
                    .append(Format.nanos(a.timeline.bucketNanos)).append(". Totals elsewhere are exact.</p>\n");
        }
        if (a.jvms.stream().anyMatch(s -> s.segments.stream().anyMatch(ConfigurationSegments.Segment::lockOff))) {
            h.append("<p class=\"explain\" id=\"timeline-off\">Dashed lines: run-time configuration changes. Under policy off "
                    + "the lock is never taken, so no hold or wait is recorded there: the lanes stay empty while the threads run "
                    + "(see <a href=\"#configuration-changes\">Configuration changes</a>).</p>\n");
        }
        if (!a.timeline.note.isEmpty()) {
            h.append("<div class=\"banner\" id=\"timeline-note\">").append(escape(a.timeline.note)).append("</div>\n");
        }
        h.append("<div class=\"legend\"><span><i style=\"background:#d9534f\"></i>held</span><span><i style=\"background:#f0ad4e\">"
                + "</i>waiting</span><span><i style=\"background:#5bc0de\"></i>released for blocking</span><span><i "
                + "style=\"background:#eef1f4\"></i>outside</span>");
        if (!a.configurationChanges.isEmpty()) {
            h.append("<span><i class=\"change-swatch\"></i>configuration change (hover a line for details; "
                    + "<a href=\"#configuration-changes\">table</a>)</span>");
        }
        h.append("</div>\n");
        h.append("<div class=\"toolbar\"><button id=\"zoom-in\" type=\"button\">zoom in</button><button id=\"zoom-out\" "
                + "type=\"button\">zoom out</button><button id=\"pan-left\" type=\"button\">◀</button><button id=\"pan-right\" "
                + "type=\"button\">▶</button><button id=\"zoom-reset\" type=\"button\">reset</button> <span id=\"timeline-range\" "
                + "class=\"mono\"></span></div>\n");
        h.append("<div id=\"timeline\"><svg id=\"timeline-svg\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                + "aria-label=\"GIL timeline\"></svg></div>\n");
    }

    private static void distributions(StringBuilder h, Analysis a) {
        h.append("<h2>Wait and hold distributions</h2><p class=\"explain\">Every timed wait and hold, from the per-interval "
                + "HdrHistograms in jgil.Statistics: exact even where detail events were filtered. The x axis stretches "
                + "the tail (log of 1/(1−percentile)); the dot is the maximum.</p>\n<div class=\"dist\">");
        h.append("<div><b>waits for the GIL</b><br><svg id=\"wait-dist\" xmlns=\"http://www.w3.org/2000/svg\"></svg>");
        distTable(h, a.waitHistogram);
        h.append("</div><div><b>holds of the GIL</b><br><svg id=\"hold-dist\" xmlns=\"http://www.w3.org/2000/svg\"></svg>");
        distTable(h, a.holdHistogram);
        h.append("</div></div>\n");
    }

    private static void distTable(StringBuilder h, Histogram d) {
        h.append("<table><tr><th>count</th>");
        for (double p : JsonRenderer.PERCENTILES) h.append("<th>p").append(JsonRenderer.trim(p)).append("</th>");
        h.append("<th>max</th></tr><tr><td>").append(Format.count(d.getTotalCount())).append("</td>");
        for (double p : JsonRenderer.PERCENTILES) {
            h.append("<td>").append(d.getTotalCount() == 0 ? "-" : Format.nanos(d.getValueAtPercentile(p))).append("</td>");
        }
        h.append("<td>").append(d.getTotalCount() == 0 ? "-" : Format.nanos(d.getMaxValue())).append("</td></tr></table>");
    }

    private static void sites(StringBuilder h, Analysis a) {
        h.append("<h2>Top contended sites</h2><p class=\"explain\">Where threads waited for the GIL (stack of jgil.ContendedAcquire, "
                + "innermost frame first, GIL internals left out), by total wait, and which owners held it then.</p>\n");
        if (a.sites.isEmpty()) {
            h.append("<p>No contended acquisition recorded.</p>\n");
            return;
        }
        h.append("<table id=\"sites\"><tr><th class=\"name\">site</th><th>waits</th><th>total wait</th><th>max</th>"
                + "<th class=\"name\">blocked by</th></tr>\n");
        for (Analysis.Site s : a.sites) {
            h.append("<tr><td class=\"frames mono\">");
            if (a.fleet()) h.append("#").append(s.jvm + 1).append(" ").append(escape(a.jvms.get(s.jvm).label)).append("<br>");
            for (int i = 0; i < s.frames.size(); i++) {
                if (i > 0) h.append("<br>");
                h.append(escape(s.frames.get(i)));
            }
            h.append("</td><td>").append(Format.count(s.count)).append("</td><td>").append(Format.nanos(s.totalWaitNanos))
                    .append("</td><td>").append(Format.nanos(s.maxWaitNanos)).append("</td><td class=\"frames\">");
            int shown = 0;
            // By row: a group (thread-per-task copies of one name, a numbered pool) is one entry saying its size.
            for (Map.Entry<Integer, Long> e : s.blockerRowsByWait()) {
                if (shown++ == 5) break;
                ThreadRows.Row row = e.getKey() < 0 ? null : a.threadRows.get(e.getKey());
                h.append("<span class=\"blocker").append(row != null && row.group() ? " blocker-group" : "").append("\">")
                        .append(escape(row == null ? "(watchdog)" : row.label())).append(": ").append(Format.nanos(e.getValue()))
                        .append(" in ").append(Format.count(s.rowBlockerCounts.get(e.getKey()))).append(" waits</span><br>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void handOffs(StringBuilder h, Analysis a) {
        Analysis.HandOffs m = a.handOffs;
        h.append("<h2>Hand-offs</h2><p class=\"explain\">Who held the GIL next after each hold (row: previous owner, column: "
                + "next owner). A heavy diagonal means threads take the GIL back right after giving it up (a GIL battle); "
                + "a thread that always comes after the same other one is stuck in its convoy.");
        if (!a.detailComplete) h.append(" Only recorded holds (≥ 1 ms under the default preset) are counted.");
        h.append("</p>\n");
        if (m.total == 0) {
            h.append("<p>No consecutive holds recorded.</p>\n");
            return;
        }
        boolean groups = false;
        for (int r : m.rows) groups |= a.threadRows.get(r).group();
        if (groups) {
            h.append("<p class=\"explain\" id=\"handoffs-groups-note\">Rows and columns are the rows of the Threads table: a group "
                    + "(×N) stands for all its threads, and its diagonal cell also counts hand-offs from one member to another.</p>\n");
        }
        long max = 1;
        for (long[] row : m.rowCounts) for (long v : row) max = Math.max(max, v);
        h.append("<table class=\"matrix\" id=\"handoffs\"><tr><th class=\"name\">from \\ to</th>");
        for (int r : m.rows) matrixHeader(h, a, r, "th");
        h.append("</tr>\n");
        for (int i = 0; i < m.rows.length; i++) {
            h.append("<tr>");
            matrixHeader(h, a, m.rows[i], "th");
            for (int j = 0; j < m.rows.length; j++) {
                long v = m.rowCounts[i][j];
                double alpha = v == 0 ? 0 : 0.12 + 0.75 * v / max;
                h.append("<td style=\"background:rgba(217,83,79,").append(String.format(java.util.Locale.ROOT, "%.2f", alpha))
                        .append(")\">").append(Format.count(v)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        if (m.drops > 0) {
            h.append("<p class=\"explain\">").append(Format.count(m.dropsRetaken)).append(" of ").append(Format.count(m.drops))
                    .append(" forced drops (").append(Format.percent((double) m.dropsRetaken / m.drops))
                    .append(") were followed by a hold of the same thread.</p>\n");
        }
    }

    /** A row's name in the matrix: shortened, the count of a group kept visible, the whole label in the title. */
    private static void matrixHeader(StringBuilder h, Analysis a, int row, String tag) {
        ThreadRows.Row r = a.threadRows.get(row);
        String name = (a.fleet() ? "#" + (r.jvm + 1) + " " : "") + r.name;
        String full = (a.fleet() ? "#" + (r.jvm + 1) + " " : "") + r.label();
        h.append('<').append(tag).append(" class=\"name").append(r.group() ? " group-name" : "").append("\" title=\"")
                .append(escape(full)).append("\">").append(escape(shorten(name)));
        if (r.group()) h.append(" <span class=\"group-count\">×").append(r.threads()).append("</span>");
        h.append("</").append(tag).append('>');
    }

    private static String shorten(String s) {
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
