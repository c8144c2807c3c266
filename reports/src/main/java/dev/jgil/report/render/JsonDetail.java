package dev.jgil.report.render;

import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.ConfigurationSegments;
import dev.jgil.report.analysis.HandOffs;
import dev.jgil.report.analysis.Lane;
import dev.jgil.report.analysis.Site;
import dev.jgil.report.analysis.SiteFlame;
import dev.jgil.report.analysis.ThreadRows;
import dev.jgil.report.analysis.Timeline;
import dev.jgil.report.model.ThreadInfo;
import dev.jgil.report.model.WaitHistograms;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/** The report's JSON below the headline: threads and their rows, distributions, sites, hand-offs, the timeline. */
final class JsonDetail {
    /** Percentiles of the distribution tables. */
    static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    private JsonDetail() {
    }

    /** {@code p50}, {@code p99_9}: a percentile as a key a tool can use without brackets. */
    static String key(double p) {
        return "p" + label(p).replace('.', '_');
    }

    /** {@code 50}, {@code 99.9}: a percentile as the tables head it. */
    static String label(double p) {
        return p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%s", p);
    }

    /**
     * Above this many threads a page whose timeline is drawn from per-row buckets leaves the per-thread entries
     * ({@code threads}, and each group's list of them) to the JSON export: the page draws and lists rows only, and a
     * million threads' entries made a 400 MB page.
     */
    static final int PAGE_THREADS_MAX = 5_000;

    /** Whether a page ({@code forPage}) of this analysis leaves the per-thread entries out (see above). */
    static boolean threadsLeftOut(Analysis a, boolean forPage) {
        return forPage && !a.timeline.exact && a.lanes.size() > PAGE_THREADS_MAX;
    }

    static void threads(Json j, Analysis a, boolean forPage) {
        boolean leftOut = threadsLeftOut(a, forPage);
        j.field("threadsLeftOut", leftOut ? a.lanes.size() : 0);
        j.name("threads").beginArray();
        if (!leftOut) for (Lane l : a.lanes) thread(j, l);
        j.endArray();
        j.name("threadGroups").beginArray();
        for (ThreadRows.Row r : a.threadRows) threadGroup(j, r, leftOut);
        j.endArray();
        // The table's order (worst victim first): indices into threadGroups.
        j.name("threadTableOrder").beginArray();
        for (ThreadRows.Row r : a.verdict.victimsFirst) j.value(r.index);
        j.endArray();
    }

    private static void thread(Json j, Lane l) {
        ThreadInfo t = l.thread;
        j.beginObject();
        j.field("lane", l.index).field("jvm", l.jvm).field("name", t.name).fieldOrNull("javaThreadId", t.javaThreadId);
        // A row of threads that ended before a row of their own (summed by name by the agent): how many.
        j.field("threadCount", t.threadCount()).field("endedThreads", t.endedThreads);
        j.nanos("heldNanos", t.heldNanos).nanos("waitNanos", t.waitNanos).nanos("outsideNanos", t.outsideNanos);
        j.nanos("releasedNanos", t.releasedNanos).field("acquisitions", t.acquisitions);
        j.field("contendedAcquisitions", t.contendedAcquisitions).field("exact", t.exact);
        double observed = l.recording.totals.intervalNanos;
        j.field("heldFraction", observed > 0 ? t.heldNanos / observed : 0);
        j.field("waitFraction", observed > 0 ? t.waitNanos / observed : 0);
        j.field("outsideFraction", observed > 0 ? t.outsideNanos / observed : 0);
        j.field("releasedFraction", observed > 0 ? t.releasedNanos / observed : 0);
        waits(j, l.waits(), l.waitsKnown());
        j.endObject();
    }

    /**
     * {@code waitsKnown}: whether the thread's waits are known completely (jgil.ThreadStatistics histograms, or every
     * detail event); only then {@code waits} (their count) and the percentiles. Never from thresholded detail events.
     */
    private static void waits(Json j, Histogram w, boolean known) {
        j.field("waitsKnown", known);
        if (!known) return;
        long n = w == null ? 0 : w.getTotalCount();
        j.field("waits", n);
        if (n > 0) {
            j.field("waitP50Nanos", WaitHistograms.valueAtPercentile(w, 50))
                    .field("waitP99Nanos", WaitHistograms.valueAtPercentile(w, 99));
            j.field("waitMaxNanos", w.getMaxValue());
        }
    }

    /**
     * One row of the per-thread table (and lane of the HTML timeline): a thread ({@code kind} "thread"), or threads
     * of one JVM with the same name ("sameName") or with names differing only by a trailing number ("numbered",
     * {@code name} with {@code #} for the number). {@code threads}: indices into the {@code threads} array, busiest
     * first. Nanos are summed over the members; fractions are those sums ÷ {@code observedNanos} (the JVM's
     * observed time), so a group's wait and outside fractions can pass 1.
     */
    private static void threadGroup(Json j, ThreadRows.Row r, boolean threadsLeftOut) {
        j.beginObject();
        j.field("row", r.index).field("jvm", r.jvm).field("kind", KINDS[r.kind.ordinal()]).field("name", r.name);
        j.field("group", r.group()).field("threadCount", r.threads()).field("names", r.names)
                .field("endedThreads", r.endedThreads());
        j.name("threads").beginArray();
        if (!threadsLeftOut) for (Lane l : r.members) j.value(l.index);
        j.endArray();
        j.nanos("observedNanos", r.observedNanos);
        j.nanos("heldNanos", r.heldNanos).nanos("waitNanos", r.waitNanos).nanos("outsideNanos", r.outsideNanos);
        j.nanos("releasedNanos", r.releasedNanos).field("acquisitions", r.acquisitions);
        j.field("contendedAcquisitions", r.contendedAcquisitions);
        j.field("heldFraction", r.fraction(r.heldNanos)).field("waitFraction", r.fraction(r.waitNanos));
        j.field("outsideFraction", r.fraction(r.outsideNanos)).field("releasedFraction", r.fraction(r.releasedNanos));
        waits(j, r.waits, r.waitsKnown);
        j.endObject();
    }

    private static final String[] KINDS = {"thread", "sameName", "numbered"};

    static void distribution(Json j, Histogram h) {
        j.beginObject();
        j.field("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            j.field("minNanos", h.getMinValue()).field("meanNanos", h.getMean()).field("maxNanos", h.getMaxValue());
            j.name("percentiles").beginObject();
            for (double p : PERCENTILES) j.field(key(p), h.getValueAtPercentile(p));
            j.endObject();
            // The curve: HdrHistogram's percentile iteration (5 ticks per half-distance), as [percentile, ns].
            j.name("curve").beginArray();
            for (HistogramIterationValue v : h.percentiles(5)) {
                double p = v.getPercentileLevelIteratedTo();
                if (p >= 100) break;
                j.beginArray().value(p).value(h.highestEquivalentValue(v.getValueIteratedTo())).endArray();
            }
            j.beginArray().value(100.0).value(h.getMaxValue()).endArray();
            j.endArray();
        }
        j.endObject();
    }

    /**
     * {@code contendedSites}: the top sites by recorded wait; {@code contendedSitesTotal}: over all sites, how many
     * there are and their recorded waits (jgil.ContendedAcquire events: every contended acquisition under trace, those
     * of 1 ms and more under the default preset — compare {@code overall.contendedAcquisitions}).
     */
    static void sites(Json j, Analysis a) {
        j.name("contendedSites").beginArray();
        for (Site s : a.sites) site(j, a, s);
        j.endArray();
        j.name("contendedSitesTotal").beginObject().field("sites", a.siteCount).field("recordedWaits", a.recordedWaits)
                .field("shown", a.sites.size()).endObject();
        SiteFlame f = a.siteFlame;
        // The flame graph's tree (outermost frame first), the same one the page draws.
        j.name("contendedSitesFlame").beginObject().field("minShare", SiteFlame.MIN_SHARE).field("nodesLeftOut", f.nodesLeftOut)
                .field("depth", f.depth).name("root");
        flameNode(j, f.root);
        j.endObject();
    }

    private static void flameNode(Json j, SiteFlame.Node n) {
        j.beginObject().field("name", n.name).field("frame", n.frame).field("waitNanos", n.waitNanos).field("waits", n.waits);
        if (!n.children.isEmpty()) {
            j.name("children").beginArray();
            for (SiteFlame.Node c : n.children) flameNode(j, c);
            j.endArray();
        }
        j.endObject();
    }

    private static void site(Json j, Analysis a, Site s) {
        j.beginObject();
        j.field("jvm", s.jvm).field("waits", s.count).field("totalWaitNanos", s.totalWaitNanos).field("maxWaitNanos", s.maxWaitNanos);
        j.name("frames").beginArray();
        for (String f : s.frames) j.value(f);
        j.endArray();
        j.name("blockedBy").beginArray();
        for (Map.Entry<Integer, Long> e : s.blockersByWait()) {
            j.beginObject().field("lane", e.getKey());
            j.field("thread", e.getKey() < 0 ? "(watchdog)" : a.lanes.get(e.getKey()).thread.name);
            j.field("waitNanos", e.getValue()).field("waits", s.blockerCounts.get(e.getKey()));
            j.field("row", a.rowOfLane(e.getKey())).endObject();
        }
        j.endArray();
        // The same by row of threadGroups (row -1: the watchdog): one entry per group of same-named/numbered threads.
        j.name("blockedByRows").beginArray();
        for (Map.Entry<Integer, Long> e : s.blockerRowsByWait()) {
            ThreadRows.Row r = e.getKey() < 0 ? null : a.threadRows.get(e.getKey());
            j.beginObject().field("row", e.getKey()).field("name", r == null ? "(watchdog)" : r.name);
            j.field("label", r == null ? "(watchdog)" : r.label()).field("threadCount", r == null ? 0 : r.threads());
            j.field("waitNanos", e.getValue()).field("waits", s.rowBlockerCounts.get(e.getKey())).endObject();
        }
        j.endArray();
        j.endObject();
    }

    /**
     * {@code handOffs}: the matrix of consecutive recorded holds, and beside it the drop figures of the headline
     * (exact counters: {@code drops} = forced switches + tick drops, {@code dropsRetaken} = won back by the dropper);
     * {@code contestedDrops}/{@code contestedDropsRetaken}: the drops made while another thread waited, or null when
     * the file does not hold every hold and wait.
     */
    static void handOffs(Json j, Analysis a) {
        HandOffs h = a.handOffs;
        j.name("handOffs").beginObject();
        j.field("total", h.total).field("drops", a.overall.drops()).field("dropsRetaken", a.overall.dropsWonBack());
        long contested = 0, retaken = 0;
        boolean known = a.detailComplete;
        for (var s : a.jvms) {
            contested += Math.max(0, s.contestedDropsTotal(0));
            retaken += Math.max(0, s.contestedDropsTotal(1));
        }
        j.fieldOrNull("contestedDrops", known ? contested : -1).fieldOrNull("contestedDropsRetaken", known ? retaken : -1);
        j.name("lanes").beginArray();
        for (int l : h.lanes) j.value(l);
        j.endArray();
        j.name("counts").beginArray();
        for (long[] row : h.counts) j.array(row);
        j.endArray();
        // The matrix by row of threadGroups (what the HTML shows): rows[i] indexes threadGroups.
        j.name("rows").beginArray();
        for (int r : h.rows) j.value(r);
        j.endArray();
        j.name("rowCounts").beginArray();
        for (long[] row : h.rowCounts) j.array(row);
        j.endArray();
        j.endObject();
    }

    static void timeline(Json j, Analysis a, Timeline t) {
        j.name("timeline").beginObject();
        j.instant("origin", t.originEpochNanos).field("spanNanos", t.spanNanos).field("exact", t.exact);
        j.field("segmentCount", t.segmentCount).field("bucketNanos", t.bucketNanos).field("note", t.note);
        // aligned: each JVM's lanes on their own axis, t = 0 at that JVM's start (jvmZero), labelled by jvmAxisLabels.
        j.field("aligned", t.aligned).name("jvmZero").beginArray();
        for (long z : t.jvmZeroEpochNanos) j.value(z);
        j.endArray().name("jvmAxisLabels").beginArray();
        for (String l : t.jvmAxisLabels) j.value(l);
        j.endArray();
        j.name("states").beginArray();
        for (String s : Timeline.STATE_NAMES) j.value(s);
        j.endArray();
        if (t.exact) {
            j.name("segments").beginArray();
            for (long[] lane : t.segments) j.array(lane);
            j.endArray();
            // Per lane, per segment: an index into causeLabels (the tooltip's cause).
            j.name("segmentCauses").beginArray();
            for (int[] lane : t.segmentCauses) {
                j.beginArray();
                for (int c : lane) j.value(c);
                j.endArray();
            }
            j.endArray();
            j.name("causeLabels").beginArray();
            for (String c : t.causeLabels) j.value(c);
            j.endArray();
        } else {
            j.field("bucketsPerRow", true); // one entry per row of threadGroups (older documents: per thread)
            j.name("buckets").beginArray();
            for (short[][] lane : t.buckets) {
                j.beginArray();
                for (short[] state : lane) j.array(state);
                j.endArray();
            }
            j.endArray();
        }
        j.field("marksPerRow", true); // one entry per row of threadGroups (older documents: per thread)
        j.name("switchMarks").beginArray();
        for (long[] m : t.switchMarks) j.array(m);
        j.endArray();
        // Vertical markers across the lanes of the change's JVM: t in ns from that JVM's zero.
        j.name("configurationChanges").beginArray();
        for (ConfigurationSegments.Change c : a.configurationChanges) {
            j.beginObject().field("t", c.change.epochNanos - t.zeroOf(c.jvm)).field("jvm", c.jvm).field("label", c.label).field("title", c.description).endObject();
        }
        j.endArray();
        // Stretches in which events were lost: hatched across the JVM's lanes, never drawn as idle.
        j.name("lost").beginArray();
        for (Timeline.Lost l : t.lost) {
            j.beginObject().field("t", l.startNanos()).field("duration", l.durationNanos()).field("jvm", l.jvm()).field("label", l.label()).endObject();
        }
        j.endArray();
        j.endObject();
    }
}
