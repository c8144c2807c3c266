package dev.jgil.report.render;

import static dev.jgil.report.render.Html.escape;

import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.ConfigurationSegments;
import dev.jgil.report.analysis.Finding;
import dev.jgil.report.analysis.FindingGroups;
import dev.jgil.report.analysis.JvmSummary;
import dev.jgil.schema.Format;
import org.HdrHistogram.Histogram;

/** The HTML page's per-JVM table, configuration changes, findings and distributions (see {@link HtmlRenderer}). */
final class HtmlSections {
    private HtmlSections() {
    }

    static void fleet(StringBuilder h, Analysis a) {
        boolean grouped = a.breakdown.grouped;
        h.append("<h2>").append(escape(a.breakdown.heading())).append("</h2><p class=\"explain\"")
                .append(grouped ? " id=\"fleet-groups-note\"" : "").append(">").append(escape(a.breakdown.explanation())).append("</p>");
        h.append("<div class=\"table-scroll\"><table id=\"fleet\"><tr><th>#</th><th class=\"name\">JVM</th>")
                .append(grouped ? "<th class=\"name\">GIL group</th>" : "").append("<th>started (UTC)</th>"
                + "<th>duration</th><th class=\"name\">policy</th><th>interval</th><th>held</th><th>someone waiting</th>"
                + "<th>contended</th><th>switches</th><th>wait added</th><th>speed-up bound</th></tr>\n");
        for (JvmSummary s : a.jvms) {
            h.append("<tr><td>#").append(s.index + 1).append("</td><td class=\"name\" title=\"").append(escape(s.label)).append("\">").append(escape(s.label))
                    .append(s.recording.truncated ? " (truncated)" : "").append("</td>");
            if (grouped) {
                h.append("<td class=\"name group\" data-group=\"").append(escape(s.recording.group)).append("\">")
                        .append(escape(s.recording.group)).append("</td>");
            }
            h.append("<td class=\"mono\">")
                    .append(escape(ConfigurationSegments.wallClock(s.recording.firstEpochNanos))).append("</td><td>")
                    .append(Format.nanos(s.recording.durationNanos())).append("</td>");
            policyCells(h, s);
            h.append("<td>").append(Format.percent(s.heldFraction()))
                    .append("</td><td>").append(Format.percent(s.someoneWaitingFraction())).append("</td><td>")
                    .append(Format.count(s.contendedAcquisitions)).append("</td><td>").append(Format.count(s.switches))
                    .append("</td><td>").append(Format.nanos(s.threadsWaitNanos)).append("</td><td>")
                    .append(Format.atMostTimes(s.speedUpBound())).append("</td></tr>\n");
        }
        h.append("</table></div>\n");
    }

    /** The JVM's policy and switch interval; when they changed at run time, the whole sequence of each. */
    private static void policyCells(StringBuilder h, JvmSummary s) {
        var c = s.recording.configuration;
        String policy = s.changes.isEmpty() ? c.policy : ConfigurationSegments.policyHistory(s.segments);
        String interval = s.changes.isEmpty() ? Format.interval(c.intervalNanos) : ConfigurationSegments.intervalHistory(s.segments);
        h.append("<td class=\"name policy\" title=\"").append(escape(policy)).append("\">").append(escape(policy)).append("</td><td class=\"interval\">")
                .append(escape(interval)).append("</td>");
    }

    /** The run-time changes and the segment table (only when some JVM had a change). */
    static void configurationChanges(StringBuilder h, Analysis a) {
        if (a.configurationChanges.isEmpty()) return;
        h.append("<h2 id=\"configuration-changes\">Configuration changes</h2><p class=\"explain\">The GIL's policy or switch "
                + "interval was changed while the JVM ran (<code>jgil set</code>, JMX); the timeline marks each change with a "
                + "dashed line. Each segment runs from one change to the next. ").append(escape(ConfigurationSegments.INTERVALS_NOTE))
                .append("</p>\n");
        boolean anyOff = false;
        for (JvmSummary s : a.jvms) {
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
            h.append("<div class=\"table-scroll\"><table class=\"config-segments\" data-jvm=\"").append(s.index).append("\"><tr><th>#</th><th>from</th><th>duration</th>"
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
            h.append("</table></div>\n");
        }
        if (anyOff) h.append("<p class=\"explain\" id=\"off-note\">* ").append(escape(ConfigurationSegments.OFF_NOTE)).append("</p>\n");
    }

    static void findings(StringBuilder h, Analysis a) {
        h.append("<h2>Findings</h2><p class=\"explain\">What the numbers suggest, each with the measurements behind it. The "
                + "JMC rule pack (reports/jmc-rules) judges by the same definitions and thresholds.</p>"
                + "<ul class=\"findings\" id=\"findings\">\n");
        if (a.findings.isEmpty()) h.append("<li id=\"no-finding\">").append(escape(TextRenderer.noFinding(a))).append("</li>\n");
        for (FindingGroups.Group g : a.findingGroups) {
            if (!g.grouped()) {
                finding(h, g.members().get(0), true);
                continue;
            }
            // One line for the rule, the per-thread findings behind it one click away.
            h.append("<li data-rule=\"").append(escape(g.ruleId())).append("\" class=\"finding-group\" data-count=\"").append(g.members().size())
                    .append("\"><span class=\"sev ").append(g.severity().name()).append("\">").append(g.severity().name())
                    .append("</span><b class=\"group-title\">").append(escape(g.title())).append("</b>");
            h.append("<details class=\"finding-members\"><summary>the ").append(g.members().size()).append(" findings, one by one</summary><ul>");
            boolean sameAdvice = g.members().stream().allMatch(f -> f.advice().equals(g.members().get(0).advice()));
            for (Finding f : g.members()) finding(h, f, !sameAdvice);
            h.append("</ul></details>");
            if (sameAdvice && !g.members().get(0).advice().isEmpty()) {
                h.append("<div class=\"explain\">").append(escape(g.members().get(0).advice())).append("</div>");
            }
            h.append("</li>\n");
        }
        h.append("</ul>\n");
    }


    private static void finding(StringBuilder h, Finding f, boolean advice) {
        h.append("<li data-rule=\"").append(escape(f.ruleId())).append("\" class=\"finding\"><span class=\"sev ").append(f.severity().name())
                .append("\">").append(f.severity().name()).append("</span><b>").append(escape(f.title())).append("</b><ul>");
        for (String e : f.evidence()) h.append("<li>").append(escape(e)).append("</li>");
        h.append("</ul>");
        if (advice && !f.advice().isEmpty()) h.append("<div class=\"explain\">").append(escape(f.advice())).append("</div>");
        h.append("</li>\n");
    }

    static void distributions(StringBuilder h, Analysis a) {
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
        for (double p : JsonDetail.PERCENTILES) h.append("<th>p").append(JsonDetail.label(p)).append("</th>");
        h.append("<th>max</th></tr><tr><td>").append(Format.count(d.getTotalCount())).append("</td>");
        for (double p : JsonDetail.PERCENTILES) {
            h.append("<td>").append(d.getTotalCount() == 0 ? "-" : Format.nanos(d.getValueAtPercentile(p))).append("</td>");
        }
        h.append("<td>").append(d.getTotalCount() == 0 ? "-" : Format.nanos(d.getMaxValue())).append("</td></tr></table>");
    }

}
