package dev.jgil.report.render;

import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.ConfigurationSegments;
import dev.jgil.report.analysis.Finding;
import dev.jgil.report.analysis.ThreadRows;
import dev.jgil.report.analysis.Timeline;
import dev.jgil.report.model.Configuration;
import dev.jgil.report.model.ConfigurationChange;
import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.ThreadInfo;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The report as JSON: every figure of the HTML page, in ns / counts / fractions (0..1), names carrying
 * units. The HTML page embeds the same document (with the timeline) and draws from it.
 */
public final class JsonRenderer {
    /** Bumped on incompatible changes of this document's shape. */
    public static final int FORMAT_VERSION = 1;
    /** Percentile labels of the distribution tables. */
    static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99};

    private JsonRenderer() {
    }

    public static String render(Analysis a, boolean withTimeline) {
        Json j = new Json(new StringBuilder(1 << 16));
        j.beginObject();
        j.field("format", "jgil-report").field("formatVersion", FORMAT_VERSION);
        j.field("detailComplete", a.detailComplete);
        j.field("truncated", a.model.anyTruncated());
        j.name("overall");
        summary(j, a.overall);
        j.name("jvms").beginArray();
        for (Analysis.JvmSummary s : a.jvms) jvm(j, s);
        j.endArray();
        j.name("threads").beginArray();
        for (Analysis.Lane l : a.lanes) thread(j, a, l);
        j.endArray();
        j.name("threadGroups").beginArray();
        for (ThreadRows.Row r : a.threadRows) threadGroup(j, r);
        j.endArray();
        j.name("waitDistribution");
        distribution(j, a.waitHistogram);
        j.name("holdDistribution");
        distribution(j, a.holdHistogram);
        j.name("contendedSites").beginArray();
        for (Analysis.Site s : a.sites) site(j, a, s);
        j.endArray();
        handOffs(j, a);
        j.name("findings").beginArray();
        for (Finding f : a.findings) {
            j.beginObject().field("rule", f.ruleId()).field("severity", f.severity().name()).field("title", f.title());
            j.name("evidence").beginArray();
            for (String e : f.evidence()) j.value(e);
            j.endArray().field("advice", f.advice()).endObject();
        }
        j.endArray();
        if (withTimeline) timeline(j, a, a.timeline);
        j.endObject();
        return j.toString();
    }

    static void summary(Json j, Analysis.JvmSummary s) {
        j.beginObject();
        j.field("label", s.label);
        j.field("observedNanos", s.observedNanos);
        j.field("heldNanos", s.heldNanos);
        j.field("heldFraction", s.heldFraction());
        j.field("someoneWaitingFraction", s.someoneWaitingFraction());
        j.field("acquisitions", s.acquisitions);
        j.field("contendedAcquisitions", s.contendedAcquisitions);
        j.field("switches", s.switches);
        j.field("forcedSwitches", s.forcedSwitches);
        j.field("dropRequests", s.dropRequests);
        j.field("tickDrops", s.tickDrops);
        j.field("tickDropsWonBack", s.tickDropsWonBack);
        j.field("blockingReleases", s.blockingReleases);
        j.field("watchdogHandOffs", s.watchdogHandOffs);
        j.field("threads", s.threads);
        j.field("threadsHeldNanos", s.threadsHeldNanos);
        j.field("addedWaitNanos", s.threadsWaitNanos);
        j.field("speedUpBound", s.speedUpBound());
        j.field("speedUpCapped", s.speedUpCapped());
        j.field("hwThreads", s.hwThreads);
        j.endObject();
    }

    private static void jvm(Json j, Analysis.JvmSummary s) {
        JvmRecording r = s.recording;
        Configuration c = r.configuration;
        j.beginObject();
        j.field("file", String.valueOf(r.source));
        j.field("label", r.label);
        j.field("truncated", r.truncated);
        if (r.truncated) j.field("truncationDetail", r.truncationDetail);
        j.field("jvmName", r.jvmName).field("jvmVersion", r.jvmVersion);
        j.field("commandLine", commandLine(r));
        j.field("pid", r.pid);
        j.field("startEpochNanos", r.firstEpochNanos).field("durationNanos", r.durationNanos());
        j.name("configuration").beginObject();
        j.field("policy", c.policy).field("intervalNanos", c.intervalNanos).field("checkInterval", c.checkInterval);
        j.field("accounting", c.accounting).field("jfrSettings", c.jfrSettings);
        j.field("include", c.include).field("exclude", c.exclude).field("release", c.release).field("annotation", c.annotation);
        j.field("version", c.version).field("samplePeriodNanos", c.samplePeriodNanos).field("statsPeriodNanos", c.statsPeriodNanos);
        j.field("changedDuringRecording", c.changed);
        j.endObject();
        JvmRecording.Totals t = r.totals;
        j.name("statisticsTotals").beginObject();
        j.field("intervals", t.intervals).field("intervalNanos", t.intervalNanos).field("heldNanos", t.heldNanos);
        j.field("waitNanos", t.waitNanos).field("timedHolds", t.timedHolds).field("timedHoldNanos", t.timedHoldNanos);
        j.field("acquisitions", t.acquisitions).field("contendedAcquisitions", t.contendedAcquisitions);
        j.field("switches", t.switches).field("forcedSwitches", t.forcedSwitches);
        j.field("waitersMax", t.waitersMax).field("listenerErrors", t.listenerErrors);
        j.endObject();
        configurationChanges(j, s);
        j.field("detailHolds", r.holdCount()).field("detailWaits", r.waitCount());
        j.field("detailSwitchRequests", r.switchRequestEpochNanos.length);
        j.name("summary");
        summary(j, s);
        j.endObject();
    }

    /**
     * {@code configurationChanges}: the run-time changes; {@code configurationSegments}: start → first change → … →
     * end, each with its statistics (fractions 0..1, rates per second of observed time; {@code threadsInside}
     * null when the recording has no thread statistics).
     */
    private static void configurationChanges(Json j, Analysis.JvmSummary s) {
        j.name("configurationChanges").beginArray();
        for (ConfigurationSegments.Change c : s.changes) {
            ConfigurationChange m = c.change;
            j.beginObject().field("epochNanos", m.epochNanos).field("sinceStartNanos", c.sinceStartNanos);
            j.field("oldPolicy", m.oldPolicy).field("newPolicy", m.newPolicy);
            j.field("oldIntervalNanos", m.oldIntervalNanos).field("newIntervalNanos", m.newIntervalNanos);
            j.field("label", c.label).field("description", c.description).endObject();
        }
        j.endArray();
        j.name("configurationSegments").beginArray();
        for (ConfigurationSegments.Segment g : s.segments) {
            j.beginObject().field("index", g.index).field("startEpochNanos", g.startEpochNanos);
            j.field("sinceStartNanos", g.startSinceStartNanos).field("durationNanos", g.durationNanos());
            j.field("policy", g.policy).field("intervalNanos", g.intervalNanos);
            j.field("observedNanos", g.observedNanos).field("approximate", g.approximate).field("lockOff", g.lockOff());
            j.field("heldFraction", g.heldFraction()).field("someoneWaitingFraction", g.someoneWaitingFraction());
            j.field("threadsInside", g.threadsInside());
            j.field("acquisitions", g.acquisitions).field("contendedAcquisitions", g.contendedAcquisitions);
            j.field("switches", g.switches);
            j.field("acquisitionsPerSecond", g.acquisitionsPerSecond()).field("contendedPerSecond", g.contendedPerSecond());
            j.field("switchesPerSecond", g.switchesPerSecond());
            j.endObject();
        }
        j.endArray();
    }

    /** {@code jvmArguments javaArguments} as in jdk.JVMInformation, or empty. */
    public static String commandLine(JvmRecording r) {
        String s = (r.jvmArguments + " " + r.javaArguments).trim();
        return s;
    }

    private static void thread(Json j, Analysis a, Analysis.Lane l) {
        ThreadInfo t = l.thread;
        j.beginObject();
        j.field("lane", l.index).field("jvm", l.jvm).field("name", t.name).field("javaThreadId", t.javaThreadId);
        j.field("heldNanos", t.heldNanos).field("waitNanos", t.waitNanos).field("outsideNanos", t.outsideNanos);
        j.field("releasedNanos", t.releasedNanos).field("acquisitions", t.acquisitions);
        j.field("contendedAcquisitions", t.contendedAcquisitions).field("exact", t.exact);
        double observed = l.recording.totals.intervalNanos;
        j.field("heldFraction", observed > 0 ? t.heldNanos / observed : 0);
        j.field("waitFraction", observed > 0 ? t.waitNanos / observed : 0);
        j.field("outsideFraction", observed > 0 ? t.outsideNanos / observed : 0);
        Histogram w = l.recordedWaits;
        j.field("recordedWaits", w.getTotalCount());
        if (w.getTotalCount() > 0) {
            j.field("waitP50Nanos", w.getValueAtPercentile(50)).field("waitP99Nanos", w.getValueAtPercentile(99));
            j.field("waitMaxNanos", w.getMaxValue());
        }
        j.endObject();
    }

    /**
     * One row of the per-thread table (and lane of the HTML timeline): a thread ({@code kind} "thread"), or threads
     * of one JVM with the same name ("sameName") or with names differing only by a trailing number ("numbered",
     * {@code name} with {@code #} for the number). {@code threads}: indices into the {@code threads} array, busiest
     * first. Nanos are summed over the members; fractions are those sums ÷ {@code observedNanos} (the JVM's
     * observed time), so a group's wait and outside fractions can pass 1.
     */
    private static void threadGroup(Json j, ThreadRows.Row r) {
        j.beginObject();
        j.field("row", r.index).field("jvm", r.jvm).field("kind", KINDS[r.kind.ordinal()]).field("name", r.name);
        j.field("group", r.group()).field("threadCount", r.threads()).field("names", r.names);
        j.name("threads").beginArray();
        for (Analysis.Lane l : r.members) j.value(l.index);
        j.endArray();
        j.field("observedNanos", r.observedNanos);
        j.field("heldNanos", r.heldNanos).field("waitNanos", r.waitNanos).field("outsideNanos", r.outsideNanos);
        j.field("releasedNanos", r.releasedNanos).field("acquisitions", r.acquisitions);
        j.field("contendedAcquisitions", r.contendedAcquisitions);
        j.field("heldFraction", r.fraction(r.heldNanos)).field("waitFraction", r.fraction(r.waitNanos));
        j.field("outsideFraction", r.fraction(r.outsideNanos));
        Histogram w = r.recordedWaits;
        j.field("recordedWaits", w.getTotalCount());
        if (w.getTotalCount() > 0) {
            j.field("waitP50Nanos", w.getValueAtPercentile(50)).field("waitP99Nanos", w.getValueAtPercentile(99));
            j.field("waitMaxNanos", w.getMaxValue());
        }
        j.endObject();
    }

    private static final String[] KINDS = {"thread", "sameName", "numbered"};

    private static void distribution(Json j, Histogram h) {
        j.beginObject();
        j.field("count", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            j.field("minNanos", h.getMinValue()).field("meanNanos", h.getMean()).field("maxNanos", h.getMaxValue());
            j.name("percentiles").beginObject();
            for (double p : PERCENTILES) j.field("p" + trim(p), h.getValueAtPercentile(p));
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

    static String trim(double p) {
        return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
    }

    private static void site(Json j, Analysis a, Analysis.Site s) {
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

    private static void handOffs(Json j, Analysis a) {
        Analysis.HandOffs h = a.handOffs;
        j.name("handOffs").beginObject();
        j.field("total", h.total).field("drops", h.drops).field("dropsRetaken", h.dropsRetaken);
        j.field("contestedDrops", h.contestedDrops).field("contestedDropsRetaken", h.contestedDropsRetaken);
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

    private static void timeline(Json j, Analysis a, Timeline t) {
        j.name("timeline").beginObject();
        j.field("originEpochNanos", t.originEpochNanos).field("spanNanos", t.spanNanos).field("exact", t.exact);
        j.field("segmentCount", t.segmentCount).field("bucketNanos", t.bucketNanos).field("note", t.note);
        j.name("states").beginArray();
        for (String s : Timeline.STATE_NAMES) j.value(s);
        j.endArray();
        if (t.exact) {
            j.name("segments").beginArray();
            for (long[] lane : t.segments) j.array(lane);
            j.endArray();
        } else {
            j.name("buckets").beginArray();
            for (short[][] lane : t.buckets) {
                j.beginArray();
                for (short[] state : lane) j.array(state);
                j.endArray();
            }
            j.endArray();
        }
        j.name("switchMarks").beginArray();
        for (long[] m : t.switchMarks) j.array(m);
        j.endArray();
        // Vertical markers across the lanes of the change's JVM: t in ns from the origin.
        j.name("configurationChanges").beginArray();
        for (ConfigurationSegments.Change c : a.configurationChanges) {
            j.beginObject().field("t", c.offsetNanos).field("jvm", c.jvm).field("label", c.label).field("title", c.description).endObject();
        }
        j.endArray();
        j.endObject();
    }

    static List<Analysis.Lane> lanes(Analysis a) {
        return a.lanes;
    }
}
