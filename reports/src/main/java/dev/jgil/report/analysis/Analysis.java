package dev.jgil.report.analysis;

import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.ReportModel;
import dev.jgil.report.model.ThreadInfo;
import dev.jgil.schema.ContestedDrops;
import dev.jgil.schema.Names;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.HdrHistogram.Histogram;

/**
 * The figures a report shows, computed once from a {@link ReportModel}; renderers only format them. Totals and
 * distributions come from the statistics events (exact, per JVM in {@link JvmSummary}); detail-derived figures
 * (timeline, hand-off matrix, sites) say when they only cover what the detail thresholds kept or what reached the file.
 */
public final class Analysis {
    /** Up to this many timeline segments the timeline is exact; above, it is bucketed per lane. */
    public static final int EXACT_TIMELINE_SEGMENTS = 60_000;
    /** Buckets per lane of a downsampled timeline. */
    public static final int TIMELINE_BUCKETS = 1_000;
    public static final int MAX_SWITCH_MARKS = 20_000;
    public static final int TOP_SITES = 15;
    /** Innermost frames that name a row of the sites table (the flame graph uses all the recording kept). */
    public static final int TABLE_FRAMES = 8;
    public static final int MATRIX_THREADS = 16;

    public final ReportModel model;
    public final List<JvmSummary> jvms = new ArrayList<>();
    public final JvmSummary overall;
    /** One per thread of every JVM, in timeline order (by JVM, then held time, descending). */
    public final List<Lane> lanes = new ArrayList<>();
    /**
     * The per-thread table's rows: one per thread, except that same-named threads of a JVM (and, when there
     * are many, names differing only by a trailing number) are one row with their sums. See {@link ThreadRows}.
     */
    public final List<ThreadRows.Row> threadRows;
    /** Lane → index of its row in {@link #threadRows}. */
    final int[] rowOfLane;
    public final Histogram waitHistogram = new Histogram(3);
    public final Histogram holdHistogram = new Histogram(3);
    /** The {@link #TOP_SITES} sites with the most recorded wait. */
    public final List<Site> sites = new ArrayList<>();
    /** All sites: how many there are, and the recorded waits (jgil.ContendedAcquire events) over all of them. */
    public int siteCount;
    public long recordedWaits;
    /** The contended sites as a tree of frames, outermost first, weighted by recorded wait: the flame graph. */
    public final SiteFlame siteFlame;
    public final HandOffs handOffs;
    public final Timeline timeline;
    public final List<Finding> findings = new ArrayList<>();
    /** Every run-time configuration change of every JVM (by JVM, then time). */
    public final List<ConfigurationSegments.Change> configurationChanges = new ArrayList<>();
    /** Whether every JVM's file holds every wait and hold (trace preset, nothing lost): {@link JvmSummary#detailComplete()}. */
    public final boolean detailComplete;
    /** The findings by rule, as the page and the text list them ({@link FindingGroups}). */
    public final List<FindingGroups.Group> findingGroups;
    /** The one-sentence answer and the headline cards' colours ({@link Verdict}). */
    public final Verdict verdict;
    /** What the breakdown's rows are: JVMs, or GILs of a JVM with groups. */
    public final Breakdown breakdown;

    public Analysis(ReportModel model) {
        this(model, loadRules());
    }

    public Analysis(ReportModel model, List<FindingRule> rules) {
        this.model = model;
        this.breakdown = new Breakdown(model);
        boolean complete = true;
        for (int j = 0; j < model.jvms.size(); j++) {
            JvmRecording r = model.jvms.get(j);
            waitHistogram.add(r.waitHistogram);
            holdHistogram.add(r.holdHistogram);
            List<ThreadInfo> ts = new ArrayList<>(r.threads);
            ts.sort(Comparator.comparingDouble((ThreadInfo t) -> -(t.heldNanos + t.waitNanos)).thenComparingInt(t -> t.index));
            int[] laneOf = new int[r.threads.size()];
            for (ThreadInfo t : ts) {
                Lane l = new Lane(lanes.size(), j, r, t);
                laneOf[t.index] = l.index;
                lanes.add(l);
            }
            JvmSummary s = new JvmSummary(j, r, laneOf);
            s.loss = new DataLoss(r);
            complete &= s.detailComplete();
            jvms.add(s);
        }
        this.detailComplete = complete;
        this.overall = JvmSummary.merge(jvms, breakdown.headlineLabel(jvms));
        long origin = originEpochNanos();
        for (JvmSummary s : jvms) {
            s.changes = ConfigurationSegments.changes(s.index, s.recording, origin);
            s.segments = ConfigurationSegments.segments(s.index, s.recording);
            configurationChanges.addAll(s.changes);
            if (s.detailComplete()) s.contestedDrops = contestedDrops(s);
        }
        for (JvmSummary s : jvms) perThreadWaits(s);
        this.threadRows = ThreadRows.group(lanes);
        this.rowOfLane = new int[lanes.size()];
        for (ThreadRows.Row row : threadRows) for (Lane l : row.members) rowOfLane[l.index] = row.index;
        topSites();
        this.siteFlame = new SiteFlame(this);
        this.handOffs = new HandOffs(this);
        this.timeline = new Timeline(this);
        this.verdict = new Verdict(this);
        for (FindingRule rule : rules) {
            try {
                findings.addAll(rule.evaluate(this));
            } catch (RuntimeException e) {
                findings.add(new Finding(rule.id(), Finding.Severity.INFO, "rule " + rule.id() + " failed: " + e,
                        List.of(), ""));
            }
        }
        findings.sort(Comparator.comparing((Finding f) -> -f.severity().ordinal()));
        this.findingGroups = FindingGroups.of(findings, rules, fleet() ? breakdown.rowsNoun() : null);
    }

    public static List<FindingRule> loadRules() {
        List<FindingRule> rules = new ArrayList<>();
        for (FindingRule r : ServiceLoader.load(FindingRule.class, FindingRule.class.getClassLoader())) rules.add(r);
        rules.sort(Comparator.comparing(FindingRule::id));
        return rules;
    }

    public boolean fleet() {
        return jvms.size() > 1;
    }

    /** Earliest instant of any recording: the timeline's zero. */
    public long originEpochNanos() {
        long o = Long.MAX_VALUE;
        for (JvmRecording r : model.jvms) o = Math.min(o, r.firstEpochNanos);
        return o == Long.MAX_VALUE ? 0 : o;
    }

    public long spanNanos() {
        long end = Long.MIN_VALUE;
        for (JvmRecording r : model.jvms) end = Math.max(end, r.lastEpochNanos);
        return Math.max(1, end - originEpochNanos());
    }

    /** Lane of thread {@code threadIndex} of JVM {@code jvm}, or -1. */
    public int lane(int jvm, int threadIndex) {
        return threadIndex < 0 ? -1 : jvms.get(jvm).laneOf[threadIndex];
    }

    /** The row (in {@link #threadRows}) of lane {@code lane}; -1 for -1 (the watchdog, no thread). */
    public int rowOfLane(int lane) {
        return lane < 0 ? -1 : rowOfLane[lane];
    }

    /** The row of thread {@code threadIndex} of JVM {@code jvm} (which must be a thread, not -1). */
    public ThreadRows.Row rowOf(int jvm, int threadIndex) {
        return threadRows.get(rowOfLane[lane(jvm, threadIndex)]);
    }

    /**
     * Each lane's complete waits: the jgil.ThreadStatistics histograms; for a recording that predates them, the detail
     * events when they hold every wait; otherwise unknown (never the thresholded detail events: their percentiles
     * would be those of the long waits only).
     */
    private void perThreadWaits(JvmSummary s) {
        JvmRecording r = s.recording;
        if (r.threadWaitHistograms) {
            for (ThreadInfo t : r.threads) {
                Lane l = lanes.get(s.laneOf[t.index]);
                l.waits = t.waits;
                l.waitsKnown = true;
            }
            return;
        }
        boolean complete = s.detailComplete();
        for (ThreadInfo t : r.threads) lanes.get(s.laneOf[t.index]).waitsKnown = complete;
        if (!complete) return;
        for (int i = 0; i < r.waitCount(); i++) {
            int t = r.waitThread[i];
            if (t < 0) continue;
            Lane l = lanes.get(s.laneOf[t]);
            if (l.waits == null) l.waits = new Histogram(3);
            l.waits.recordValue(Math.max(0, r.waitNanos[i]));
        }
    }

    /** Drops made while another thread waited, per segment ({@link ContestedDrops}); every hold and wait is in the file. */
    private static long[][] contestedDrops(JvmSummary s) {
        JvmRecording r = s.recording;
        int forced = r.releaseCauses.indexOf(Names.RELEASE_FORCED_SWITCH), tick = r.releaseCauses.indexOf(Names.RELEASE_TICK);
        long[] thread = new long[r.holdCount()];
        boolean[] drop = new boolean[r.holdCount()];
        for (int i = 0; i < thread.length; i++) {
            thread[i] = r.holdThread[i];
            drop[i] = r.holdReleaseCause[i] == forced || r.holdReleaseCause[i] == tick;
        }
        return ContestedDrops.count(r.holdStartEpochNanos, r.holdNanos, thread, drop, r.waitStartEpochNanos, r.waitNanos,
                ConfigurationSegments.bounds(s.segments));
    }

    /** Whether designated code ran in any JVM ({@link JvmSummary#measured()}). */
    public boolean measured() {
        return overall.measured();
    }

    /** Whether any JVM lost data or has counts that disagree ({@link DataLoss#any()}). */
    public boolean anyDataLoss() {
        return jvms.stream().anyMatch(s -> s.loss.any());
    }

    private record SiteKey(int jvm, List<String> frames) {
    }

    private void topSites() {
        // A table row is the innermost TABLE_FRAMES frames: deeper differences (which thread pool called) are the flame graph's.
        Map<SiteKey, Site> byKey = new HashMap<>();
        for (JvmSummary s : jvms) {
            JvmRecording r = s.recording;
            Site[] ofSite = new Site[r.sites.size()];
            for (int i = 0; i < ofSite.length; i++) {
                List<String> f = r.sites.get(i);
                List<String> shown = f.subList(0, Math.min(TABLE_FRAMES, f.size()));
                ofSite[i] = byKey.computeIfAbsent(new SiteKey(s.index, shown), k -> new Site(k.jvm, List.copyOf(k.frames)));
            }
            for (int i = 0; i < r.waitCount(); i++) {
                Site site = ofSite[r.waitSite[i]];
                site.count++;
                site.totalWaitNanos += r.waitNanos[i];
                site.maxWaitNanos = Math.max(site.maxWaitNanos, r.waitNanos[i]);
                int b = r.waitBlockedBy[i];
                int lane = b < 0 ? -1 : s.laneOf[b];
                site.blockers.merge(lane, r.waitNanos[i], Long::sum);
                site.blockerCounts.merge(lane, 1L, Long::sum);
            }
        }
        List<Site> all = new ArrayList<>();
        for (Site site : byKey.values()) {
            if (site.count == 0) continue; // a stack interned by a wait outside this report's view
            all.add(site);
            for (Map.Entry<Integer, Long> e : site.blockers.entrySet()) {
                int row = rowOfLane(e.getKey());
                site.rowBlockers.merge(row, e.getValue(), Long::sum);
                site.rowBlockerCounts.merge(row, site.blockerCounts.get(e.getKey()), Long::sum);
            }
        }
        siteCount = all.size();
        for (Site site : all) recordedWaits += site.count;
        all.sort(Comparator.comparingLong((Site x) -> -x.totalWaitNanos));
        sites.addAll(all.subList(0, Math.min(TOP_SITES, all.size())));
    }
}
