package dev.jgil.report.render;

import static dev.jgil.report.render.Html.escape;

import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.ConfigurationSegments;
import dev.jgil.report.analysis.HandOffs;
import dev.jgil.report.analysis.Lane;
import dev.jgil.report.analysis.Site;
import dev.jgil.report.analysis.ThreadRows;
import dev.jgil.report.model.ThreadInfo;
import dev.jgil.schema.Format;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The HTML page's per-thread table, timeline, contended sites and hand-off matrix (see {@link HtmlRenderer}). */
final class HtmlTables {
    private HtmlTables() {
    }

    /** Member threads listed inside a group row's {@code <details>}; the rest are counted. */
    static final int GROUP_MEMBERS_SHOWN = 25;

    static final String SHARE_NOTE = "the JVM's observed time (Σ of its statistics intervals). A group row adds up its "
            + "members' times: held stays at most 100% (one holder at a time); wait and outside can pass 100% (several members at once)";

    static void threads(StringBuilder h, Analysis a) {
        boolean groups = a.threadRows.stream().anyMatch(ThreadRows.Row::group);
        h.append("<h2>Threads</h2><p class=\"explain\">Where each thread's time went while it was recorded: holding the GIL, "
                + "waiting for it, or outside designated code (gil_load style), as a share of the recording's observed time. "
                + "Held is exact under trace accounting and sampled otherwise; wait is always exact. Wait percentiles cover every "
                + "wait of the thread (the per-interval histograms of jgil.ThreadStatistics), not only the recorded ones."
                + (a.threadRows.stream().allMatch(r -> r.waitsKnown) ? "" : " \"-\" where they are unknown: this recording's "
                        + "thread statistics carry no wait histograms (an older agent) and its detail events keep only some waits.")
                + "</p>\n");
        if (groups) {
            h.append("<p class=\"explain\" id=\"thread-groups-note\">").append(Format.count(ThreadRows.threads(a.threadRows))).append(" threads in ")
                    .append(Format.count(a.threadRows.size())).append(" rows: threads with the same name are one row (×N threads), "
                    + "and so are names differing only by a trailing number when there are at least ").append(ThreadRows.NUMBERED_MIN_NAMES)
                    .append(" of them (shown with # for the number). A group row sums its members: held, wait and outside are their "
                    + "summed times ÷ the observed time, so wait and outside can pass 100%; its wait percentiles cover all the "
                    + "members' waits. Open a group to see its threads.</p>\n");
        }
        if (JsonDetail.threadsLeftOut(a, true)) {
            h.append("<p class=\"explain\" id=\"threads-left-out-note\">This page lists rows, not each of the ")
                    .append(Format.count(a.lanes.size())).append(" threads: their own figures are in the JSON export "
                    + "(<code>jgil report --json FILE</code>, <code>threads</code>).</p>\n");
        }
        String ended = ThreadRows.endedStatement(a.threadRows);
        if (!ended.isEmpty()) h.append("<p class=\"explain\" id=\"ended-threads-note\">").append(escape(ended)).append(".</p>\n");
        h.append("<div class=\"table-scroll\"><table id=\"threads\"><tr><th class=\"name\">thread</th>");
        th(h, "where the time went", "held / waiting / released for blocking / outside, as shares of their sum (100 %)");
        th(h, "held", "time holding the GIL ÷ " + SHARE_NOTE);
        th(h, "wait", "time waiting for the GIL ÷ " + SHARE_NOTE);
        th(h, "released", "time inside designated code with the GIL released around a blocking call (I/O, sleep, lock; "
                + "sampled) ÷ " + SHARE_NOTE);
        th(h, "outside", "time outside designated code (sampled) ÷ " + SHARE_NOTE);
        h.append("<th>acquisitions</th><th>contended</th><th>wait p50</th><th>wait p99</th><th>wait max</th></tr>\n");
        // The worst victim first (Verdict): the reader looks for who pays.
        for (ThreadRows.Row r : a.verdict.victimsFirst) {
            String jvm = a.fleet() ? "#" + (r.jvm + 1) + " " : ""; // #n: row n of the per-JVM table
            Histogram w = r.waits;
            boolean any = w != null && w.getTotalCount() > 0;
            if (!r.group()) {
                String name = jvm + r.name;
                h.append("<tr><td class=\"name thread-name\" title=\"").append(escape(name)).append("\">").append(escape(name)).append("</td>");
            } else {
                h.append("<tr class=\"thread-group\" data-kind=\"").append(r.kind.name()).append("\" data-threads=\"").append(r.threads())
                        .append("\"><td class=\"name group-name\">");
                groupDetails(h, a, r, jvm);
                h.append("</td>");
            }
            stackedBar(h, r);
            share(h, r, r.heldNanos);
            share(h, r, r.waitNanos);
            share(h, r, r.releasedNanos);
            share(h, r, r.outsideNanos);
            h.append("<td>").append(Format.count(r.acquisitions)).append("</td><td>")
                    .append(Format.count(r.contendedAcquisitions)).append("</td><td class=\"wait-p50\">")
                    .append(any ? Format.nanos(w.getValueAtPercentile(50)) : "-").append("</td><td>")
                    .append(any ? Format.nanos(w.getValueAtPercentile(99)) : "-").append("</td><td>")
                    .append(any ? Format.nanos(w.getMaxValue()) : "-").append("</td></tr>\n");
        }
        h.append("</table></div>\n");
    }

    static final String[] BAR_STATES = {"held", "waiting", "released", "outside"};

    /**
     * A 100 % bar: held / waiting / released / outside as shares of their sum (for a thread about its observed life; for
     * a group, of its members' summed time), each part's {@code data-fraction} that share, the title the figures.
     */
    private static void stackedBar(StringBuilder h, ThreadRows.Row r) {
        double[] v = {r.heldNanos, r.waitNanos, r.releasedNanos, r.outsideNanos};
        double sum = 0;
        for (double x : v) sum += Math.max(0, x);
        StringBuilder title = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            title.append(i == 0 ? "" : ", ").append(BAR_STATES[i]).append(' ').append(Format.percent(sum > 0 ? Math.max(0, v[i]) / sum : 0));
        }
        h.append("<td class=\"bar-cell\"><div class=\"stacked\" title=\"").append(escape(title + " (" + Format.nanos(sum) + " in all)"))
                .append("\">");
        for (int i = 0; i < v.length; i++) {
            double f = sum > 0 ? Math.max(0, v[i]) / sum : 0;
            if (f <= 0) continue;
            h.append("<span class=\"part ").append(BAR_STATES[i]).append("\" data-fraction=\"")
                    .append(String.format(java.util.Locale.ROOT, "%.6f", f)).append("\" style=\"width:")
                    .append(String.format(java.util.Locale.ROOT, "%.3f", 100 * f)).append("%\"></span>");
        }
        h.append("</div></td>");
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
                + (r.endedThreads() > 0 ? ", " + Format.count(r.endedThreads()) + " of them ended and summed by the agent"
                        : r.kind == ThreadRows.Kind.NUMBERED ? ", " + Format.count(r.names) + " names" : "");
        h.append("<details class=\"thread-group\"><summary title=\"").append(escape(label + " " + count)).append("\"><span class=\"group-label\">")
                .append(escape(label)).append("</span> <span class=\"group-count\">").append(escape(count)).append("</span></summary>");
        h.append("<ul class=\"group-members\">");
        int shown = Math.min(GROUP_MEMBERS_SHOWN, r.members.size());
        for (int i = 0; i < shown; i++) {
            Lane l = r.members.get(i);
            ThreadInfo t = l.thread;
            h.append("<li class=\"group-member\"><span class=\"member-name\">").append(escape(ThreadRows.displayName(t.name))).append("</span> <span class=\"member-figures\">")
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

    static void timeline(StringBuilder h, Analysis a) {
        h.append("<h2>Timeline</h2><p class=\"explain\">One lane per row of the Threads table: per thread, and per group of "
                + "threads where the table groups them (a group's lane overlays its members: their holds never overlap, one "
                + "holder at a time; overlapping waits show as one). Red: holding the GIL; orange (half height): "
                + "waiting for it; blue: released it around a blocking call; grey: outside designated code. Black ticks: "
                + "a waiter asked the owner to drop. Hover a segment for its state, start, duration and cause. Zoom with the mouse wheel or the buttons, drag to pan.</p>\n");
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
        if (a.timeline.aligned) {
            h.append("<p class=\"explain\" id=\"timeline-aligned\">These recordings do not overlap in time, so each JVM's lanes "
                    + "have their own axis: zero is that JVM's start (its wall-clock start is written above its lanes). Zoom and "
                    + "pan move all the axes together.</p>\n");
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
        if (!a.timeline.lost.isEmpty()) {
            h.append("<span id=\"lost-legend\"><i class=\"lost-swatch\"></i>data lost: events missing here (hover for how many), "
                    + "not idle time</span>");
        }
        h.append("</div>\n");
        h.append("<div class=\"toolbar\"><button id=\"zoom-in\" type=\"button\">zoom in</button><button id=\"zoom-out\" "
                + "type=\"button\">zoom out</button><button id=\"pan-left\" type=\"button\">◀</button><button id=\"pan-right\" "
                + "type=\"button\">▶</button><button id=\"zoom-reset\" type=\"button\">reset</button> <span id=\"timeline-range\" "
                + "class=\"mono\"></span></div>\n");
        h.append("<div id=\"timeline\"><svg id=\"timeline-svg\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                + "aria-label=\"GIL timeline\"></svg><div id=\"timeline-tip\" role=\"tooltip\" hidden></div></div>\n");
    }


    static void sites(StringBuilder h, Analysis a) {
        h.append("<h2 id=\"contended-sites\">Top contended sites</h2><p class=\"explain\">Where threads waited for the GIL (stack of jgil.ContendedAcquire, "
                + "innermost frame first, GIL internals left out), by total wait, and which owners held it then. The counts are "
                + "recorded waits: every contended acquisition under the trace preset, those of 1 ms and more under the default "
                + "preset.</p>\n");
        if (a.sites.isEmpty()) {
            h.append("<p>No contended acquisition recorded.</p>\n");
            return;
        }
        HtmlFlame.render(h, a);
        h.append("<div class=\"table-scroll\"><table id=\"sites\"><tr><th class=\"name\">site</th><th>recorded waits</th><th>total wait</th><th>max</th>"
                + "<th class=\"name\">blocked by</th></tr>\n");
        for (Site s : a.sites) {
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
        h.append("</table></div>\n");
        h.append("<p class=\"explain\" id=\"sites-total\" data-figure=\"recordedWaits\" data-value=\"").append(a.recordedWaits)
                .append("\">").append(escape(sitesTotal(a))).append("</p>\n");
    }

    /** The sites table's footer: all recorded waits against the exact count of contended acquisitions. */
    static String sitesTotal(Analysis a) {
        String s = Format.count(a.recordedWaits) + " recorded waits at " + Format.count(a.siteCount) + " sites"
                + (a.siteCount > a.sites.size() ? " (the top " + a.sites.size() + " shown)" : "") + "; jgil.Statistics counted "
                + Format.count(a.overall.contendedAcquisitions) + " contended acquisitions";
        if (a.jvms.stream().allMatch(x -> x.recording.tracePreset())) {
            if (a.recordedWaits == a.overall.contendedAcquisitions) return s + ": every one is here.";
            return s + ": the counts disagree (see the data-loss note in the headline).";
        }
        return s + ": waits shorter than 1 ms are not recorded under the default preset.";
    }

    static void handOffs(StringBuilder h, Analysis a) {
        HandOffs m = a.handOffs;
        h.append("<h2>Hand-offs</h2><p class=\"explain\">Who held the GIL next after each hold (row: previous owner, column: "
                + "next owner). A heavy diagonal means threads take the GIL back right after giving it up (a GIL battle); "
                + "a thread that always comes after the same other one is stuck in its convoy.");
        if (!a.detailComplete) h.append(" Only recorded holds are counted (under the default preset, holds of 1 ms and more that began with a wait).");
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
        if (!a.fleet()) {
            matrix(h, a, m, -1);
        } else {
            // One matrix per JVM: a hand-off never crosses JVMs, so a fleet-wide table would be mostly zeros.
            for (var s : a.jvms) {
                h.append("<h3>#").append(s.index + 1).append(' ').append(escape(s.label)).append("</h3>\n");
                matrix(h, a, m, s.index);
            }
        }
        h.append("<p class=\"explain\" id=\"drops-footer\" data-figure=\"drops\" data-value=\"").append(a.overall.drops())
                .append("\">").append(escape(dropsFooter(a))).append("</p>\n");
    }

    /** The matrix of the rows of JVM {@code jvm} (-1: all), each cell shaded by its share of the table's largest. */
    private static void matrix(StringBuilder h, Analysis a, HandOffs m, int jvm) {
        java.util.List<Integer> idx = new java.util.ArrayList<>();
        for (int i = 0; i < m.rows.length; i++) if (jvm < 0 || a.threadRows.get(m.rows[i]).jvm == jvm) idx.add(i);
        if (idx.isEmpty()) {
            h.append("<p class=\"handoffs-none\">No hold recorded.</p>\n");
            return;
        }
        long max = 1;
        for (int i : idx) for (int j : idx) max = Math.max(max, m.rowCounts[i][j]);
        h.append("<div class=\"table-scroll handoffs\" data-jvm=\"").append(Math.max(jvm, 0)).append("\"><table class=\"matrix\"")
                .append(jvm <= 0 ? " id=\"handoffs\"" : "").append("><tr><th class=\"name\">from \\ to</th>");
        for (int j : idx) matrixHeader(h, a, m.rows[j], "th");
        h.append("</tr>\n");
        for (int i : idx) {
            h.append("<tr>");
            matrixHeader(h, a, m.rows[i], "th");
            for (int j : idx) {
                long v = m.rowCounts[i][j];
                double alpha = v == 0 ? 0 : 0.12 + 0.75 * v / max;
                h.append("<td style=\"background:rgba(217,83,79,").append(String.format(java.util.Locale.ROOT, "%.2f", alpha))
                        .append(")\">").append(Format.count(v)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table></div>\n");
    }

    /** The hand-off footer: the headline's drops (exact counters), and the contested ones when every hold is in the file. */
    static String dropsFooter(Analysis a) {
        var o = a.overall;
        if (o.drops() == 0) return "No drops: the policy never made an owner give the GIL up.";
        String s = Format.count(o.drops()) + " drops (" + Format.count(o.forcedSwitches) + " forced switches, " + Format.count(o.tickDrops)
                + " tick drops; exact counters): " + Format.count(o.dropsWonBack()) + " (" + Format.percent((double) o.dropsWonBack() / o.drops())
                + ") were won back by the thread that dropped.";
        if (!a.detailComplete) return s;
        long contested = 0, retaken = 0;
        for (var j : a.jvms) {
            contested += j.contestedDropsTotal(0);
            retaken += j.contestedDropsTotal(1);
        }
        return s + " Of the " + Format.count(contested) + " made while another thread waited, " + Format.count(retaken)
                + (contested > 0 ? " (" + Format.percent((double) retaken / contested) + ")" : "") + " were won back: the GIL battle's measure.";
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
        return HtmlRenderer.shorten(s);
    }
}
