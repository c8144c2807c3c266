package dev.jgil.report.render;

import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.ConfigurationSegments;
import dev.jgil.report.analysis.DataLoss;
import dev.jgil.report.analysis.Finding;
import dev.jgil.report.analysis.FindingGroups;
import dev.jgil.report.analysis.JvmSummary;
import dev.jgil.report.analysis.Verdict;
import dev.jgil.report.model.Configuration;
import dev.jgil.report.model.ConfigurationChange;
import dev.jgil.report.model.Designation;
import dev.jgil.report.model.JvmRecording;
import dev.jgil.schema.Sampling;

/**
 * The report as JSON: every figure of the HTML page, in ns / counts / fractions (0..1), names carrying units; the
 * document is described in reports/README.md. The HTML page embeds the same document (with the timeline) and draws
 * from it. The per-thread, per-site, hand-off and timeline parts are {@link JsonDetail}'s.
 */
public final class JsonRenderer {
    /**
     * Bumped on incompatible changes of this document's shape. 2: integral ns as integers, epoch instants as
     * {@code *EpochMillis} + {@code *Time}, percentile keys {@code p99_9}, per-thread wait percentiles from complete
     * histograms ({@code waits}, {@code waitsKnown}), {@code measured}, {@code dataLoss}, {@code designations}.
     */
    public static final int FORMAT_VERSION = 2;

    private JsonRenderer() {
    }

    public static String render(Analysis a, boolean withTimeline) {
        Json j = new Json(new StringBuilder(1 << 16));
        j.beginObject();
        j.field("format", "jgil-report").field("formatVersion", FORMAT_VERSION);
        j.field("detailComplete", a.detailComplete);
        j.field("truncated", a.model.anyTruncated());
        j.field("measured", a.measured());
        j.field("dataLoss", a.anyDataLoss());
        if (a.breakdown.grouped) {
            // The "jvms" entries are then GILs, some of one JVM: say so where a tool reads the array.
            j.field("jvmsAreGroups", true).field("breakdown", a.breakdown.explanation());
        }
        verdict(j, a);
        j.name("overall");
        summary(j, a.overall);
        j.name("jvms").beginArray();
        for (JvmSummary s : a.jvms) jvm(j, s);
        j.endArray();
        JsonDetail.threads(j, a, withTimeline);
        j.name("waitDistribution");
        JsonDetail.distribution(j, a.waitHistogram);
        j.name("holdDistribution");
        JsonDetail.distribution(j, a.holdHistogram);
        JsonDetail.sites(j, a);
        JsonDetail.handOffs(j, a);
        j.name("findings").beginArray();
        for (Finding f : a.findings) {
            j.beginObject().field("rule", f.ruleId()).field("severity", f.severity().name()).field("title", f.title());
            j.name("evidence").beginArray();
            for (String e : f.evidence()) j.value(e);
            j.endArray().field("advice", f.advice());
            if (f.subject() != null) j.field("subject", f.subject());
            if (!Double.isNaN(f.figureNanos())) j.nanos("figureNanos", f.figureNanos());
            j.endObject();
        }
        j.endArray();
        // The findings by rule, as the page lists them: findings holds indices into findings.
        j.name("findingGroups").beginArray();
        for (FindingGroups.Group g : a.findingGroups) {
            j.beginObject().field("rule", g.ruleId()).field("severity", g.severity().name()).field("title", g.title());
            j.field("count", g.members().size());
            j.name("findings").beginArray();
            for (int i : g.indices()) j.value(i);
            j.endArray().endObject();
        }
        j.endArray();
        if (withTimeline) JsonDetail.timeline(j, a, a.timeline);
        j.endObject();
        return j.toString();
    }

    /** {@link Verdict}: the sentence the page and the text open with, and the figures in it. */
    private static void verdict(Json j, Analysis a) {
        Verdict v = a.verdict;
        j.name("verdict").beginObject();
        j.field("level", v.level.name()).field("gilBound", v.gilBound()).field("sentence", v.sentence);
        j.field("threadsWanting", v.threadsWanting).nanos("waitThreadNanos", v.waitThreadNanos).nanos("runNanos", v.runNanos);
        j.field("waitRunRatio", v.waitRunRatio());
        if (v.worstVictimRow >= 0) j.field("worstVictimRow", v.worstVictimRow);
        else j.name("worstVictimRow").nullValue();
        j.field("worstVictimWaitFraction", v.worstVictimWaitFraction).field("worstVictimReleasedFraction", v.worstVictimReleasedFraction);
        j.name("cardSeverities").beginObject();
        for (String f : Verdict.GRADED_FIGURES) j.field(f, v.cardSeverity(f, a.overall).name());
        j.endObject();
        j.endObject();
    }

    static void summary(Json j, JvmSummary s) {
        j.beginObject();
        j.field("label", s.label);
        j.field("measured", s.measured());
        j.field("observedNanos", s.observedNanos);
        j.nanos("heldNanos", s.heldNanos);
        j.field("heldFraction", s.heldFraction());
        j.field("someoneWaitingFraction", s.someoneWaitingFraction());
        j.field("acquisitions", s.acquisitions);
        j.field("contendedAcquisitions", s.contendedAcquisitions);
        j.field("switches", s.switches);
        j.field("drops", s.drops());
        j.field("dropsWonBack", s.dropsWonBack());
        j.field("forcedSwitches", s.forcedSwitches);
        j.field("tickDrops", s.tickDrops);
        j.field("tickDropsWonBack", s.tickDropsWonBack);
        j.field("dropRequests", s.dropRequests);
        j.field("blockingReleases", s.blockingReleases);
        j.field("watchdogHandOffs", s.watchdogHandOffs);
        j.fieldOrNull("lapsedHandOffs", s.lapsedHandOffs);
        j.field("threads", s.threads);
        j.nanos("threadsHeldNanos", s.threadsHeldNanos);
        j.nanos("addedWaitNanos", s.threadsWaitNanos);
        j.field("speedUpBound", s.speedUpBound());
        j.field("speedUpCapped", s.speedUpCapped());
        j.field("hwThreads", s.hwThreads);
        j.endObject();
    }

    private static void jvm(Json j, JvmSummary s) {
        JvmRecording r = s.recording;
        Configuration c = r.configuration;
        j.beginObject();
        j.field("file", String.valueOf(r.source));
        j.field("label", r.label);
        // Only a file with several GILs: the output for one without groups stays what it was.
        if (r.grouped) j.field("group", r.group);
        j.field("truncated", r.truncated);
        if (r.truncated) j.field("truncationDetail", r.truncationDetail);
        j.field("jvmName", r.jvmName).field("jvmVersion", r.jvmVersion);
        j.field("commandLine", commandLine(r));
        j.fieldOrNull("pid", r.pid);
        j.instant("start", r.firstEpochNanos);
        j.field("durationNanos", r.durationNanos());
        j.name("configuration").beginObject();
        j.field("policy", c.policy).field("intervalNanos", c.intervalNanos).field("checkInterval", c.checkInterval);
        j.field("accounting", c.accounting).field("jfrSettings", c.jfrSettings);
        j.field("include", c.include).field("exclude", c.exclude).field("release", c.release).field("annotation", c.annotation);
        j.field("version", c.version).field("samplePeriodNanos", c.samplePeriodNanos).field("statsPeriodNanos", c.statsPeriodNanos);
        j.field("changedDuringRecording", c.changed);
        j.endObject();
        designations(j, r);
        dataLoss(j, s);
        // The share of intended samples the sampler took; null when unknown. Starved below Sampling's threshold.
        double delivered = s.samplerDeliveredFraction();
        if (Double.isNaN(delivered)) j.name("samplerDeliveredFraction").nullValue();
        else j.field("samplerDeliveredFraction", delivered);
        j.field("samplerStarved", Sampling.starved(delivered));
        JvmRecording.Totals t = r.totals;
        j.name("statisticsTotals").beginObject();
        j.field("intervals", t.intervals).field("intervalNanos", t.intervalNanos).nanos("heldNanos", t.heldNanos);
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
     * {@code designationsRecorded}: whether the recording has jgil.Designation events at all (older agents do not:
     * then how much each pattern matched is unknown, not 0); {@code designations}: one per pattern.
     */
    private static void designations(Json j, JvmRecording r) {
        j.field("designationsRecorded", !r.designations.isEmpty());
        j.name("designations").beginArray();
        for (Designation d : r.designations) {
            j.beginObject().field("kind", d.kind()).field("pattern", d.pattern()).field("classesMatched", d.classesMatched())
                    .field("methodsWoven", d.methodsWoven()).endObject();
        }
        j.endArray();
    }

    /** What was lost on the way to the file ({@link DataLoss}); {@code statement} is the headline's sentence. */
    private static void dataLoss(Json j, JvmSummary s) {
        DataLoss l = s.loss;
        j.name("dataLoss").beginObject();
        j.field("any", l.any()).field("detailComplete", l.detailComplete()).field("statement", l.statement());
        j.field("jfrLossEvents", l.jfrLossEvents).field("jfrLostBytes", l.jfrLostBytes);
        j.field("holdEvents", l.holdEvents).field("timedHolds", l.timedHolds).field("missingHolds", l.missingHolds)
                .field("extraHolds", l.extraHolds);
        j.field("waitEvents", l.waitEvents).field("contendedAcquisitions", l.contendedAcquisitions)
                .field("missingWaits", l.missingWaits).field("extraWaits", l.extraWaits);
        j.name("stretches").beginArray();
        for (DataLoss.Stretch st : l.stretches) {
            j.beginObject().instant("start", st.startEpochNanos()).field("sinceStartNanos", st.startEpochNanos() - s.recording.firstEpochNanos)
                    .field("durationNanos", st.endEpochNanos() - st.startEpochNanos()).field("missingHolds", st.missingHolds())
                    .field("missingWaits", st.missingWaits()).field("jfrLossEvents", st.jfrLossEvents()).field("label", st.label())
                    .endObject();
        }
        j.endArray().endObject();
    }

    /**
     * {@code configurationChanges}: the run-time changes; {@code configurationSegments}: start → first change → … →
     * end, each with its statistics (fractions 0..1, counts rounded to whole numbers — a segment's share of an interval
     * that straddles a change is apportioned by time —, rates per second of observed time; {@code threadsInside}
     * null when the recording has no thread statistics).
     */
    private static void configurationChanges(Json j, JvmSummary s) {
        j.name("configurationChanges").beginArray();
        for (ConfigurationSegments.Change c : s.changes) {
            ConfigurationChange m = c.change;
            j.beginObject().instant("at", m.epochNanos).field("sinceStartNanos", c.sinceStartNanos);
            j.field("oldPolicy", m.oldPolicy).field("newPolicy", m.newPolicy);
            j.field("oldIntervalNanos", m.oldIntervalNanos).field("newIntervalNanos", m.newIntervalNanos);
            j.field("label", c.label).field("description", c.description).endObject();
        }
        j.endArray();
        j.name("configurationSegments").beginArray();
        for (ConfigurationSegments.Segment g : s.segments) {
            j.beginObject().field("index", g.index).instant("start", g.startEpochNanos);
            j.field("sinceStartNanos", g.startSinceStartNanos).field("durationNanos", g.durationNanos());
            j.field("policy", g.policy).field("intervalNanos", g.intervalNanos);
            j.nanos("observedNanos", g.observedNanos).field("approximate", g.approximate).field("lockOff", g.lockOff());
            j.field("heldFraction", g.heldFraction()).field("someoneWaitingFraction", g.someoneWaitingFraction());
            j.field("threadsInside", g.threadsInside());
            j.field("acquisitions", Math.round(g.acquisitions)).field("contendedAcquisitions", Math.round(g.contendedAcquisitions));
            j.field("switches", Math.round(g.switches));
            j.field("acquisitionsPerSecond", g.acquisitionsPerSecond()).field("contendedPerSecond", g.contendedPerSecond());
            j.field("switchesPerSecond", g.switchesPerSecond());
            j.endObject();
        }
        j.endArray();
    }

    /** {@code jvmArguments javaArguments} as in jdk.JVMInformation, or empty. */
    public static String commandLine(JvmRecording r) {
        return (r.jvmArguments + " " + r.javaArguments).trim();
    }
}
