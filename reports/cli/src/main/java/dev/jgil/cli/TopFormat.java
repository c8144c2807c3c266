package dev.jgil.cli;

import dev.jgil.report.render.Json;
import dev.jgil.schema.Format;
import dev.jgil.schema.Names;
import dev.jgil.schema.Schema;
import java.util.Locale;
import jdk.jfr.consumer.RecordedEvent;

/** {@code jgil top}'s three renderings of one {@link TopView}: a JSON object, a line, a screen. */
final class TopFormat {
    private TopFormat() {
    }

    /**
     * One JSON object per interval: rates per second and the interval's counts ({@code acquisitions},
     * {@code contendedAcquisitions}, {@code switches}, {@code drops} — forced switches plus tick drops, as in the report).
     */
    static String json(TopView v) {
        Json j = new Json();
        j.beginObject();
        j.field("time", v.stats.getEndTime().toString());
        if (v.grouped) j.field("group", v.group); // one object per GIL per interval

        j.field("intervalNanos", v.nanos).field("lagMillis", v.lagMillis);
        j.field("policy", v.policy).fieldOrNull("switchIntervalNanos", v.switchIntervalNanos);
        j.field("exact", v.exact);
        j.field("heldFraction", round(v.held)).field("heldFractionError", round(v.heldError)).field("waitFraction", round(v.wait));
        j.name("heldEwma").beginArray().value(round(v.heldEwma[0])).value(round(v.heldEwma[1])).value(round(v.heldEwma[2])).endArray();
        j.name("waitEwma").beginArray().value(round(v.waitEwma[0])).value(round(v.waitEwma[1])).value(round(v.waitEwma[2])).endArray();
        j.field("acquisitions", v.acquisitions).field("contendedAcquisitions", v.contended).field("switches", v.switches);
        j.field("drops", v.drops()).field("forcedSwitches", v.forcedSwitches).field("tickDrops", v.tickDrops);
        j.field("acquisitionsPerSecond", round(v.perSecond(v.acquisitions))).field("contendedPerSecond", round(v.perSecond(v.contended)));
        j.field("switchesPerSecond", round(v.perSecond(v.switches))).field("dropsPerSecond", round(v.perSecond(v.drops())));
        j.field("forcedSwitchesPerSecond", round(v.perSecond(v.forcedSwitches)));
        j.field("watchdogHandOffs", v.handOffs);
        j.field("waitersAverage", round(v.waitersAvg)).field("waitersMax", v.waitersMax);
        j.name("threads").beginArray();
        for (RecordedEvent te : v.threads) {
            j.beginObject().field("name", TopView.threadName(te)).field("id", te.getLong(Schema.ThreadStatistics.THREAD_ID));
            j.field("heldFraction", round(te.getDouble(Schema.ThreadStatistics.HELD_FRACTION)));
            j.field("waitFraction", round(te.getDouble(Schema.ThreadStatistics.WAIT_FRACTION)));
            j.field("acquisitions", te.getLong(Schema.ThreadStatistics.ACQUISITIONS));
            j.field("contendedAcquisitions", te.getLong(Schema.ThreadStatistics.CONTENDED_ACQUISITIONS));
            Long p99 = TopView.nanosOrNull(te, Schema.ThreadStatistics.WAIT_P99_NANOS), max = TopView.nanosOrNull(te, Schema.ThreadStatistics.WAIT_MAX_NANOS);
            j.fieldOrNull("waitP99Nanos", p99 == null ? -1 : p99).fieldOrNull("waitMaxNanos", max == null ? -1 : max);
            j.endObject();
        }
        j.endArray();
        j.name("sites").beginArray();
        for (TopView.Site site : v.topSites) {
            j.beginObject().field("site", site.frame).field("waits", site.waits).field("waitNanos", site.waitNanos).endObject();
        }
        j.endArray();
        j.name("changes").beginArray();
        for (RecordedEvent c : v.changes) {
            j.beginObject().field("time", c.getStartTime().toString());
            j.field("oldPolicy", c.getString(Schema.ConfigurationChange.OLD_POLICY)).field("newPolicy", c.getString(Schema.ConfigurationChange.NEW_POLICY));
            j.field("oldIntervalNanos", c.getDuration(Schema.ConfigurationChange.OLD_INTERVAL_NANOS).toNanos());
            j.field("newIntervalNanos", c.getDuration(Schema.ConfigurationChange.NEW_INTERVAL_NANOS).toNanos());
            j.endObject();
        }
        j.endArray();
        j.endObject();
        return j.toString() + System.lineSeparator();
    }

    /** Four decimals: what a per-interval rate or fraction is worth. */
    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v;
    }

    static String line(TopView v) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s %s held %5.1f%% (%.2f/%.2f/%.2f) wait %5.1f%% (%.2f/%.2f/%.2f) acq/s %.0f "
                        + "contended/s %.0f switches/s %.0f drops/s %.0f handoffs %d waiters %.1f/%d",
                v.time, (v.grouped ? gil(v) + " " : "") + v.settings, 100 * v.held, v.heldEwma[0], v.heldEwma[1], v.heldEwma[2], 100 * v.wait, v.waitEwma[0],
                v.waitEwma[1], v.waitEwma[2], v.perSecond(v.acquisitions), v.perSecond(v.contended), v.perSecond(v.switches),
                v.perSecond(v.drops()), v.handOffs, v.waitersAvg, v.waitersMax));
        String sep = " |";
        for (RecordedEvent te : v.threads) {
            sb.append(String.format(Locale.ROOT, "%s %s held %.1f%% wait %.1f%%", sep, TopView.threadName(te),
                    100 * te.getDouble(Schema.ThreadStatistics.HELD_FRACTION), 100 * te.getDouble(Schema.ThreadStatistics.WAIT_FRACTION)));
            sep = ",";
        }
        for (RecordedEvent c : v.changes) sb.append(" | changed: ").append(TopView.describe(c));
        return sb.append(System.lineSeparator()).toString();
    }

    /** "group parser", "default GIL": the GIL a view is about, in the line and the screen. */
    static String gil(TopView v) {
        return Names.DEFAULT_GROUP.equals(v.group) ? "default GIL" : "group " + v.group;
    }

    /** One interval: the whole screen of the one GIL, or with groups one section per GIL under one header. */
    static String screen(java.util.List<TopView> frame, String label) {
        TopView first = frame.get(0);
        if (frame.size() == 1 && !first.grouped) return screen(first, label);
        StringBuilder sb = new StringBuilder();
        sb.append("\033[?25l\033[H\033[2J");
        sb.append(String.format(Locale.ROOT, "jgil top - %s - %s - %d GILs (groups of classes; each its own lock, a thread "
                + "calling across groups holds both) - interval %.2fs - lag %.1fs%n", label, first.time, frame.size(), first.seconds,
                first.lagMillis / 1000.0));
        for (TopView v : frame) {
            sb.append(String.format(Locale.ROOT, "%n== %s: %s ==%n", gil(v), v.settings));
            body(sb, v);
        }
        return sb.toString();
    }

    static String screen(TopView v, String label) {
        StringBuilder sb = new StringBuilder();
        sb.append("\033[?25l\033[H\033[2J");
        sb.append(String.format(Locale.ROOT, "jgil top - %s - %s - %s - interval %.2fs - lag %.1fs%n", label, v.time, v.settings,
                v.seconds, v.lagMillis / 1000.0));
        body(sb, v);
        return sb.toString();
    }

    /** One GIL's figures, threads and sites. */
    private static void body(StringBuilder sb, TopView v) {
        sb.append(v.lastChange == null ? String.format("%n") : String.format("last change: %s%n", v.lastChange));
        // Under off the lock is never taken: zeros below mean "unserialized", not "idle".
        sb.append(Names.OFF.equals(v.policy) ? String.format("GIL off: designated code runs unserialized (nothing is held or waited for)%n")
                : String.format("%n"));
        sb.append(String.format(Locale.ROOT, "GIL held %5.1f%%%s   1m %5.1f%%  5m %5.1f%%  15m %5.1f%%%n", 100 * v.held,
                v.exact ? "        " : String.format(Locale.ROOT, " ±%4.1f%%", 100 * v.heldError),
                100 * v.heldEwma[0], 100 * v.heldEwma[1], 100 * v.heldEwma[2]));
        sb.append(String.format(Locale.ROOT, "GIL wait %5.1f%%           1m %5.1f%%  5m %5.1f%%  15m %5.1f%%%n%n", 100 * v.wait,
                100 * v.waitEwma[0], 100 * v.waitEwma[1], 100 * v.waitEwma[2]));
        sb.append(String.format(Locale.ROOT, "acquisitions/s %10.0f   contended/s %8.0f%n", v.perSecond(v.acquisitions), v.perSecond(v.contended)));
        sb.append(String.format(Locale.ROOT, "switches/s     %10.0f   drops/s     %8.0f   watchdog hand-offs %d%n", v.perSecond(v.switches),
                v.perSecond(v.drops()), v.handOffs));
        sb.append(String.format(Locale.ROOT, "waiters avg %.2f max %d%n%n", v.waitersAvg, v.waitersMax));
        sb.append(String.format(Locale.ROOT, "%-32s %7s %7s %10s %12s%n", "THREAD", "HELD", "WAIT", "P99 WAIT", "ACQUISITIONS"));
        for (RecordedEvent te : v.threads) {
            Long p99 = TopView.nanosOrNull(te, Schema.ThreadStatistics.WAIT_P99_NANOS);
            sb.append(String.format(Locale.ROOT, "%-32s %6.1f%% %6.1f%% %10s %12d%n", truncate(TopView.threadName(te), 32),
                    100 * te.getDouble(Schema.ThreadStatistics.HELD_FRACTION),
                    100 * te.getDouble(Schema.ThreadStatistics.WAIT_FRACTION),
                    p99 == null || p99 == 0 ? "-" : Format.nanos(p99), te.getLong(Schema.ThreadStatistics.ACQUISITIONS)));
        }
        if (!v.topSites.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%n%-56s %8s %10s%n", "CONTENDED SITES (recorded waits)", "WAITS", "WAITED"));
            for (TopView.Site site : v.topSites) {
                sb.append(String.format(Locale.ROOT, "%-56s %8d %10s%n", truncate(site.frame, 56), site.waits, Format.nanos(site.waitNanos)));
            }
        }
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
