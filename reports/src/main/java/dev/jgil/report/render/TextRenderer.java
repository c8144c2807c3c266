package dev.jgil.report.render;

import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.ConfigurationSegments;
import dev.jgil.report.analysis.Finding;
import dev.jgil.report.analysis.FindingGroups;
import dev.jgil.report.analysis.JvmSummary;
import dev.jgil.report.analysis.ThreadRows;
import dev.jgil.report.analysis.Verdict;
import dev.jgil.report.model.JvmRecording;
import dev.jgil.schema.Format;
import dev.jgil.schema.Sampling;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The report as plain text for a terminal (gil_load style). Thread names are shown with control characters replaced. */
public final class TextRenderer {
    private TextRenderer() {
    }

    public static String render(Analysis a) {
        StringBuilder sb = new StringBuilder();
        JvmSummary o = a.overall;
        sb.append("jgil report: ").append(clean(o.label)).append('\n');
        if (a.breakdown.grouped) sb.append("  ").append(a.breakdown.explanation()).append('\n');
        sb.append("  ").append(clean(a.verdict.sentence)).append('\n');
        for (JvmSummary s : a.jvms) {
            JvmRecording r = s.recording;
            boolean changed = !s.changes.isEmpty();
            sb.append(String.format(Locale.ROOT, "  #%d %s: policy %s, interval %s%s, %s preset, %s%s%n", s.index + 1, clean(s.label),
                    changed ? clean(ConfigurationSegments.policyHistory(s.segments)) : clean(r.configuration.policy),
                    changed ? ConfigurationSegments.intervalHistory(s.segments) : Format.interval(r.configuration.intervalNanos),
                    changed ? " (changed " + s.changes.size() + "× at run time)" : "", clean(r.configuration.jfrSettings),
                    Format.nanos(r.durationNanos()), r.truncated ? ", TRUNCATED (" + clean(r.truncationDetail) + ")" : ""));
        }
        for (JvmSummary s : a.jvms) {
            String who = a.fleet() ? "#" + (s.index + 1) + " " : "";
            if (!s.measured()) sb.append("  ").append(who).append(clean(HtmlRenderer.nothingMeasured(s))).append('\n');
            if (s.loss.any()) sb.append("  ").append(who).append(clean(s.loss.statement())).append('\n');
            if (Sampling.starved(s.samplerDeliveredFraction())) {
                sb.append("  ").append(who).append(Sampling.statement(s.samplerDeliveredFraction())).append('\n');
            }
        }
        sb.append(String.format(Locale.ROOT, "  GIL held %s of the time; some thread waited %s of the time%n",
                Format.percent(o.heldFraction()), Format.percent(o.someoneWaitingFraction())));
        sb.append(String.format(Locale.ROOT, "  acquisitions %s, contended %s, switches %s, drops %s (forced switches %s, tick drops %s; won back %s)%n",
                Format.count(o.acquisitions), Format.count(o.contendedAcquisitions), Format.count(o.switches),
                Format.count(o.drops()), Format.count(o.forcedSwitches), Format.count(o.tickDrops), Format.count(o.dropsWonBack())));
        sb.append(String.format(Locale.ROOT, "  serialization cost: the GIL added %s of waiting (%s, %s); speed-up without it %s%n",
                Format.nanos(o.threadsWaitNanos), Verdict.threadSeconds(o.threadsWaitNanos), Verdict.shareOfRun(a.verdict.waitRunRatio()),
                Format.atMostTimes(o.speedUpBound())));
        sb.append(String.format(Locale.ROOT, "  waits: %s; holds: %s%n", dist(a.waitHistogram), dist(a.holdHistogram)));
        sb.append(String.format(Locale.ROOT, "  %-28s %7s %7s %8s %7s %12s %10s %10s %10s %10s%n", "thread", "held", "wait",
                "released", "outside", "acquisitions", "contended", "wait p50", "wait p99", "wait max"));
        boolean groups = false;
        for (ThreadRows.Row r : a.verdict.victimsFirst) {
            Histogram w = r.waits;
            boolean any = w != null && w.getTotalCount() > 0;
            String name = clean((a.fleet() ? "#" + (r.jvm + 1) + " " : "") + r.name);
            if (r.group()) {
                groups = true;
                String count = " ×" + r.threads();
                name = truncate(name, 28 - count.length()) + count;
            }
            sb.append(String.format(Locale.ROOT, "  %-28s %7.3f %7.3f %8.3f %7.3f %12d %10d %10s %10s %10s%n",
                    truncate(name, 28), r.fraction(r.heldNanos), r.fraction(r.waitNanos), r.fraction(r.releasedNanos),
                    r.fraction(r.outsideNanos), r.acquisitions, r.contendedAcquisitions,
                    any ? Format.nanos(w.getValueAtPercentile(50)) : "-", any ? Format.nanos(w.getValueAtPercentile(99)) : "-",
                    any ? Format.nanos(w.getMaxValue()) : "-"));
        }
        sb.append("  (worst victim first; held, wait, released (around blocking calls), outside: time / the JVM's observed time");
        if (groups) {
            sb.append(String.format(Locale.ROOT, ";%n   ×N: N threads with that name, or names differing only by a trailing number (#),"
                    + " summed: their wait and outside can pass 1; %,d threads in %,d rows", ThreadRows.threads(a.threadRows),
                    a.threadRows.size()));
        }
        sb.append(")\n");
        String ended = ThreadRows.endedStatement(a.threadRows);
        if (!ended.isEmpty()) sb.append("  (").append(ended).append(")\n");
        if (!a.threadRows.stream().allMatch(r -> r.waitsKnown)) {
            sb.append("  (wait percentiles per thread: -, this recording's thread statistics carry no wait histograms)\n");
        }
        configurationChanges(sb, a);
        sb.append("findings:\n");
        if (a.findings.isEmpty()) sb.append("  ").append(noFinding(a)).append('\n');
        for (FindingGroups.Group g : a.findingGroups) {
            if (!g.grouped()) {
                finding(sb, g.members().get(0), "  ");
                continue;
            }
            sb.append("  [").append(g.severity()).append("] ").append(clean(g.title())).append('\n');
            for (Finding f : g.members()) finding(sb, f, "    ");
        }
        return sb.toString();
    }

    private static void finding(StringBuilder sb, Finding f, String indent) {
        sb.append(indent).append('[').append(f.severity()).append("] ").append(clean(f.title())).append('\n');
        for (String e : f.evidence()) sb.append(indent).append("    - ").append(clean(e)).append('\n');
    }

    /**
     * What an empty findings list means: never "no bottleneck" when nothing was measured. Shared by the HTML page.
     */
    static String noFinding(Analysis a) {
        if (!a.measured()) return "No finding: nothing was measured — no designated code ran in this recording (see the headline).";
        return "No finding: the GIL does not look like a bottleneck in this recording.";
    }

    /** The changes and the segment table, for the JVMs that had any change. */
    static void configurationChanges(StringBuilder sb, Analysis a) {
        if (a.configurationChanges.isEmpty()) return;
        boolean anyOff = false, anyApprox = false;
        for (JvmSummary s : a.jvms) {
            if (s.changes.isEmpty()) continue;
            sb.append("configuration changes").append(a.fleet() ? " #" + (s.index + 1) + " " + clean(s.label) : "").append(":\n");
            for (ConfigurationSegments.Change c : s.changes) {
                sb.append(String.format(Locale.ROOT, "  %10s  %s%n", "+" + Format.nanos(c.sinceStartNanos), clean(c.label)));
            }
            sb.append(String.format(Locale.ROOT, "  %-3s %9s %9s %-10s %-8s %7s %8s %8s %9s %11s %10s%n", "seg", "from", "duration",
                    "policy", "interval", "held", "waiting", "in code", "acquire/s", "contended/s", "switches/s"));
            for (ConfigurationSegments.Segment g : s.segments) {
                anyOff |= g.lockOff();
                anyApprox |= g.approximate;
                boolean seen = g.observed();
                double inside = g.threadsInside();
                sb.append(String.format(Locale.ROOT, "  %-3s %9s %9s %-10s %-8s %7s %8s %8s %9s %11s %10s%n",
                        (g.approximate ? "~" : "") + (g.index + 1), "+" + Format.nanos(g.startSinceStartNanos),
                        Format.nanos(g.durationNanos()), truncate(clean(g.policy), 10), Format.interval(g.intervalNanos),
                        seen ? Format.percent(g.heldFraction()) + (g.lockOff() ? "*" : "") : "-",
                        seen ? Format.percent(g.someoneWaitingFraction()) : "-",
                        seen && !Double.isNaN(inside) ? String.format(Locale.ROOT, "%.2f", inside) : "-",
                        seen ? Format.rate(g.acquisitionsPerSecond()) : "-", seen ? Format.rate(g.contendedPerSecond()) : "-",
                        seen ? Format.rate(g.switchesPerSecond()) : "-"));
            }
        }
        sb.append("  in code: threads inside designated code and not waiting (held + released, summed over threads)\n");
        if (anyOff) sb.append("  * ").append(ConfigurationSegments.OFF_NOTE).append('\n');
        if (anyApprox) sb.append("  ~ ").append(ConfigurationSegments.INTERVALS_NOTE).append('\n');
    }

    private static String dist(Histogram h) {
        if (h.getTotalCount() == 0) return "none";
        return Format.count(h.getTotalCount()) + ", p50 " + Format.nanos(h.getValueAtPercentile(50)) + ", p99 "
                + Format.nanos(h.getValueAtPercentile(99)) + ", max " + Format.nanos(h.getMaxValue());
    }

    /** No terminal escape sequences or line breaks from recorded strings. */
    static String clean(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        return sb.toString();
    }

    /** At most {@code n} code points; never splits a surrogate pair (names may hold emoji). */
    static String truncate(String s, int n) {
        if (s.codePointCount(0, s.length()) <= n) return s;
        return s.substring(0, s.offsetByCodePoints(0, n - 1)) + "…";
    }
}
