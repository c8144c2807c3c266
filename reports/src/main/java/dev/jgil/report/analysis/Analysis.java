package dev.jgil.report.analysis;

import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.ReportModel;
import dev.jgil.report.model.ThreadInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.HdrHistogram.Histogram;

/**
 * The figures a report shows, computed once from a {@link ReportModel}; renderers only format them.
 * Totals come from the statistics events (exact); detail-derived figures (timeline, hand-offs, sites,
 * per-thread wait percentiles) say when they only cover what the detail thresholds kept.
 */
public final class Analysis {
    /** Up to this many timeline segments the timeline is exact; above, it is bucketed per lane. */
    public static final int EXACT_TIMELINE_SEGMENTS = 60_000;
    /** Buckets per lane of a downsampled timeline. */
    public static final int TIMELINE_BUCKETS = 1_000;
    public static final int MAX_SWITCH_MARKS = 20_000;
    public static final int TOP_SITES = 15;
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
    public final List<Site> sites = new ArrayList<>();
    public final HandOffs handOffs;
    public final Timeline timeline;
    public final List<Finding> findings = new ArrayList<>();
    /** Every run-time configuration change of every JVM (by JVM, then time). */
    public final List<ConfigurationSegments.Change> configurationChanges = new ArrayList<>();
    /** Whether every JVM recorded every wait and hold (trace preset). */
    public final boolean detailComplete;

    public Analysis(ReportModel model) {
        this(model, loadRules());
    }

    public Analysis(ReportModel model, List<FindingRule> rules) {
        this.model = model;
        boolean complete = true;
        for (int j = 0; j < model.jvms.size(); j++) {
            JvmRecording r = model.jvms.get(j);
            complete &= r.detailComplete();
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
            jvms.add(new JvmSummary(j, r, laneOf));
        }
        this.detailComplete = complete;
        this.overall = JvmSummary.merge(jvms);
        long origin = originEpochNanos();
        for (JvmSummary s : jvms) {
            s.changes = ConfigurationSegments.changes(s.index, s.recording, origin);
            s.segments = ConfigurationSegments.segments(s.index, s.recording);
            configurationChanges.addAll(s.changes);
        }
        for (JvmSummary s : jvms) perThreadWaits(s);
        this.threadRows = ThreadRows.group(lanes);
        this.rowOfLane = new int[lanes.size()];
        for (ThreadRows.Row row : threadRows) for (Lane l : row.members) rowOfLane[l.index] = row.index;
        topSites();
        this.handOffs = new HandOffs(this);
        this.timeline = new Timeline(this);
        for (FindingRule rule : rules) {
            try {
                findings.addAll(rule.evaluate(this));
            } catch (RuntimeException e) {
                findings.add(new Finding(rule.id(), Finding.Severity.INFO, "rule " + rule.id() + " failed: " + e,
                        List.of(), ""));
            }
        }
        findings.sort(Comparator.comparing((Finding f) -> -f.severity().ordinal()));
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

    private void perThreadWaits(JvmSummary s) {
        JvmRecording r = s.recording;
        for (int i = 0; i < r.waitCount(); i++) {
            int t = r.waitThread[i];
            if (t < 0) continue;
            Lane l = lanes.get(s.laneOf[t]);
            l.recordedWaits.recordValue(Math.max(0, r.waitNanos[i]));
        }
    }

    private void topSites() {
        Map<Long, Site> byKey = new HashMap<>();
        for (JvmSummary s : jvms) {
            JvmRecording r = s.recording;
            for (int i = 0; i < r.waitCount(); i++) {
                long key = ((long) s.index << 32) | r.waitSite[i];
                Site site = byKey.get(key);
                if (site == null) byKey.put(key, site = new Site(s.index, r.sites.get(r.waitSite[i])));
                site.count++;
                site.totalWaitNanos += r.waitNanos[i];
                site.maxWaitNanos = Math.max(site.maxWaitNanos, r.waitNanos[i]);
                int b = r.waitBlockedBy[i];
                int lane = b < 0 ? -1 : s.laneOf[b];
                site.blockers.merge(lane, r.waitNanos[i], Long::sum);
                site.blockerCounts.merge(lane, 1L, Long::sum);
            }
        }
        for (Site site : byKey.values()) {
            for (Map.Entry<Integer, Long> e : site.blockers.entrySet()) {
                int row = rowOfLane(e.getKey());
                site.rowBlockers.merge(row, e.getValue(), Long::sum);
                site.rowBlockerCounts.merge(row, site.blockerCounts.get(e.getKey()), Long::sum);
            }
        }
        List<Site> all = new ArrayList<>(byKey.values());
        all.sort(Comparator.comparingLong((Site x) -> -x.totalWaitNanos));
        sites.addAll(all.subList(0, Math.min(TOP_SITES, all.size())));
    }

    // =====================================================================================

    /** Per JVM (and, merged, for the whole report): the headline figures. */
    public static final class JvmSummary {
        public final int index;
        public final JvmRecording recording;
        final int[] laneOf;
        public String label;
        /** Σ statistics intervals: the time the GIL was observed. */
        public long observedNanos;
        public double heldNanos;
        public double someoneWaitingNanos;
        public long acquisitions, contendedAcquisitions, switches, forcedSwitches, tickDrops, tickDropsWonBack,
                blockingReleases, watchdogHandOffs, dropRequests;
        /** Σ over threads of time holding the GIL (ThreadStatistics). */
        public double threadsHeldNanos;
        /** Σ over threads of time waiting for it: the wait the GIL added. */
        public double threadsWaitNanos;
        public int threads;
        public int hwThreads;
        /** This JVM's run-time configuration changes (empty for the merged summary). */
        public List<ConfigurationSegments.Change> changes = List.of();
        /** start → first change → … → end (one segment when nothing changed; empty for the merged summary). */
        public List<ConfigurationSegments.Segment> segments = List.of();

        JvmSummary(int index, JvmRecording r, int[] laneOf) {
            this.index = index;
            this.recording = r;
            this.laneOf = laneOf;
            this.label = r.label;
            JvmRecording.Totals t = r.totals;
            observedNanos = t.intervalNanos;
            heldNanos = t.heldNanos;
            someoneWaitingNanos = t.someoneWaitingNanos;
            acquisitions = t.acquisitions;
            contendedAcquisitions = t.contendedAcquisitions;
            switches = t.switches;
            forcedSwitches = t.forcedSwitches;
            tickDrops = t.tickDrops;
            tickDropsWonBack = t.tickDropsWonBack;
            blockingReleases = t.blockingReleases;
            watchdogHandOffs = t.watchdogHandOffs;
            dropRequests = t.dropRequests;
            boolean anyStats = false;
            for (ThreadInfo ti : r.threads) {
                if (!ti.hasStatistics) continue;
                anyStats = true;
                threads++;
                threadsHeldNanos += ti.heldNanos;
                threadsWaitNanos += ti.waitNanos;
            }
            if (!anyStats) { // thread statistics off: fall back to the lock-wide sums
                threadsHeldNanos = t.heldNanos;
                threadsWaitNanos = t.waitNanos;
            }
            hwThreads = r.hwThreads;
        }

        private JvmSummary() {
            this.index = -1;
            this.recording = null;
            this.laneOf = new int[0];
        }

        static JvmSummary merge(List<JvmSummary> all) {
            JvmSummary m = new JvmSummary();
            m.label = all.size() == 1 ? all.get(0).label : all.size() + " JVMs";
            for (JvmSummary s : all) {
                m.observedNanos += s.observedNanos;
                m.heldNanos += s.heldNanos;
                m.someoneWaitingNanos += s.someoneWaitingNanos;
                m.acquisitions += s.acquisitions;
                m.contendedAcquisitions += s.contendedAcquisitions;
                m.switches += s.switches;
                m.forcedSwitches += s.forcedSwitches;
                m.tickDrops += s.tickDrops;
                m.tickDropsWonBack += s.tickDropsWonBack;
                m.blockingReleases += s.blockingReleases;
                m.watchdogHandOffs += s.watchdogHandOffs;
                m.dropRequests += s.dropRequests;
                m.threadsHeldNanos += s.threadsHeldNanos;
                m.threadsWaitNanos += s.threadsWaitNanos;
                m.threads += s.threads;
                m.hwThreads = Math.max(m.hwThreads, s.hwThreads);
            }
            return m;
        }

        /** Fraction of the observed time some thread held the GIL. */
        public double heldFraction() {
            return observedNanos == 0 ? 0 : heldNanos / observedNanos;
        }

        /** Fraction of the observed time at least one thread waited for it (sampled). */
        public double someoneWaitingFraction() {
            return observedNanos == 0 ? 0 : someoneWaitingNanos / observedNanos;
        }

        /**
         * How much faster the designated work could have gone without the GIL:
         * (Σ held + Σ wait) / Σ held over threads. Each thread spent held+wait getting through its
         * designated code and only held actually running it; without the lock the waits vanish and the
         * threads overlap, so this is the average number of threads that wanted to run designated code
         * at once. Capped by the machine's hardware threads when the recording says how many.
         */
        public double speedUpBound() {
            if (threadsHeldNanos <= 0) return 1;
            double p = (threadsHeldNanos + threadsWaitNanos) / threadsHeldNanos;
            return hwThreads > 0 ? Math.min(p, hwThreads) : p;
        }

        public boolean speedUpCapped() {
            return hwThreads > 0 && threadsHeldNanos > 0
                    && (threadsHeldNanos + threadsWaitNanos) / threadsHeldNanos > hwThreads;
        }
    }

    /** One thread's row in the per-thread table and lane in the timeline. */
    public static final class Lane {
        public final int index;
        public final int jvm;
        public final JvmRecording recording;
        public final ThreadInfo thread;
        /** Waits from the detail events (all of them under trace; ≥ 1 ms under default). */
        public final Histogram recordedWaits = new Histogram(3);

        Lane(int index, int jvm, JvmRecording recording, ThreadInfo thread) {
            this.index = index;
            this.jvm = jvm;
            this.recording = recording;
            this.thread = thread;
        }
    }

    /** A place where threads waited for the GIL (the stack of {@code jgil.ContendedAcquire}). */
    public static final class Site {
        public final int jvm;
        public final List<String> frames;
        public long count;
        public long totalWaitNanos;
        public long maxWaitNanos;
        /** Lane of the owner when the wait began (-1: the watchdog) → wait ns it caused here. */
        public final Map<Integer, Long> blockers = new HashMap<>();
        public final Map<Integer, Long> blockerCounts = new HashMap<>();
        /**
         * The same by the owner's row in {@link Analysis#threadRows} (-1: the watchdog): thirty threads named
         * {@code task-0} are one blocker, not thirty entries of one name.
         */
        public final Map<Integer, Long> rowBlockers = new HashMap<>();
        public final Map<Integer, Long> rowBlockerCounts = new HashMap<>();

        Site(int jvm, List<String> frames) {
            this.jvm = jvm;
            this.frames = frames;
        }

        /** Blocking lanes, most wait first. */
        public List<Map.Entry<Integer, Long>> blockersByWait() {
            return byWait(blockers);
        }

        /** Blocking rows (-1: the watchdog), most wait first. */
        public List<Map.Entry<Integer, Long>> blockerRowsByWait() {
            return byWait(rowBlockers);
        }

        private static List<Map.Entry<Integer, Long>> byWait(Map<Integer, Long> m) {
            List<Map.Entry<Integer, Long>> l = new ArrayList<>(m.entrySet());
            l.sort(Comparator.comparingLong((Map.Entry<Integer, Long> e) -> -e.getValue()).thenComparingInt(Map.Entry::getKey));
            return l;
        }
    }

    /** Whether some recorded wait began before {@code t} and ended after it (the owner cannot be waiting itself). */
    static boolean waiting(JvmRecording r, long[] maxWaitEnd, long t) {
        int lo = 0, hi = r.waitCount() - 1, k = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (r.waitStartEpochNanos[mid] < t) {
                k = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return k >= 0 && maxWaitEnd[k] > t;
    }

    /** Who handed the GIL to whom: consecutive holds, from the detail events. */
    public static final class HandOffs {
        /** Lanes in the matrix (the busiest {@link #MATRIX_THREADS}). */
        public final int[] lanes;
        /** counts[i][j]: holds of lanes[i] followed by a hold of lanes[j] (same JVM). */
        public final long[][] counts;
        /**
         * The matrix the report shows: by rows of {@link Analysis#threadRows} (the busiest {@link #MATRIX_THREADS}, in
         * row order), so that per-task threads with one name are one row. rowCounts[i][j]: holds of a member of
         * rows[i] followed by a hold of a member of rows[j]; a group's diagonal also counts hand-offs between its
         * members (not only a thread taking the GIL back).
         */
        public final int[] rows;
        public final long[][] rowCounts;
        public long total;
        /** Holds ended by a drop (forced switch or tick) and how many of them the same thread took back next. */
        public long drops, dropsRetaken;
        /**
         * Drops while another thread was waiting (a recorded wait spans the drop), and how many of them the
         * dropper won back anyway: the GIL battle itself. Drops with nobody waiting are won back trivially.
         */
        public long contestedDrops, contestedDropsRetaken;
        /** [jvm][configuration segment]: {@link #contestedDrops} and {@link #contestedDropsRetaken} of the drops made in it. */
        public final long[][] contestedDropsBySegment, contestedDropsRetakenBySegment;

        HandOffs(Analysis a) {
            int n = Math.min(MATRIX_THREADS, a.lanes.size());
            List<Lane> busiest = new ArrayList<>(a.lanes);
            busiest.sort(Comparator.comparingDouble((Lane l) -> -(l.thread.heldNanos + l.thread.waitNanos)));
            lanes = new int[n];
            int[] pos = new int[a.lanes.size()];
            Arrays.fill(pos, -1);
            for (int i = 0; i < n; i++) {
                lanes[i] = busiest.get(i).index;
                pos[lanes[i]] = i;
            }
            Arrays.sort(lanes);
            for (int i = 0; i < n; i++) pos[lanes[i]] = i;
            counts = new long[n][n];
            int nr = Math.min(MATRIX_THREADS, a.threadRows.size());
            List<ThreadRows.Row> busiestRows = new ArrayList<>(a.threadRows);
            busiestRows.sort(Comparator.comparingDouble((ThreadRows.Row r) -> -r.busy()).thenComparingInt(r -> r.index));
            rows = new int[nr];
            for (int i = 0; i < nr; i++) rows[i] = busiestRows.get(i).index;
            Arrays.sort(rows);
            int[] rowPos = new int[a.threadRows.size()];
            Arrays.fill(rowPos, -1);
            for (int i = 0; i < nr; i++) rowPos[rows[i]] = i;
            rowCounts = new long[nr][nr];
            contestedDropsBySegment = new long[a.jvms.size()][];
            contestedDropsRetakenBySegment = new long[a.jvms.size()][];
            for (JvmSummary s : a.jvms) {
                JvmRecording r = s.recording;
                long[] bySeg = contestedDropsBySegment[s.index] = new long[Math.max(1, s.segments.size())];
                long[] retakenBySeg = contestedDropsRetakenBySegment[s.index] = new long[bySeg.length];
                int forced = r.releaseCauses.indexOf("FORCED_SWITCH"), tick = r.releaseCauses.indexOf("TICK");
                // maxWaitEnd[k]: the latest end among waits 0..k (waits are sorted by start).
                long[] maxWaitEnd = new long[r.waitCount()];
                for (int k = 0; k < maxWaitEnd.length; k++) {
                    long e = r.waitStartEpochNanos[k] + r.waitNanos[k];
                    maxWaitEnd[k] = k == 0 ? e : Math.max(maxWaitEnd[k - 1], e);
                }
                for (int i = 1; i < r.holdCount(); i++) {
                    int from = r.holdThread[i - 1], to = r.holdThread[i];
                    if (from < 0 || to < 0) continue;
                    total++;
                    int rc = r.holdReleaseCause[i - 1];
                    if (rc == forced || rc == tick) {
                        drops++;
                        if (from == to) dropsRetaken++;
                        long end = r.holdStartEpochNanos[i - 1] + r.holdNanos[i - 1];
                        if (waiting(r, maxWaitEnd, end)) {
                            int g = s.segments.size() > 1 ? ConfigurationSegments.indexAt(s.segments, end) : 0;
                            contestedDrops++;
                            bySeg[g]++;
                            if (from == to) {
                                contestedDropsRetaken++;
                                retakenBySeg[g]++;
                            }
                        }
                    }
                    int pf = pos[s.laneOf[from]], pt = pos[s.laneOf[to]];
                    if (pf >= 0 && pt >= 0) counts[pf][pt]++;
                    int rf = rowPos[a.rowOfLane[s.laneOf[from]]], rt = rowPos[a.rowOfLane[s.laneOf[to]]];
                    if (rf >= 0 && rt >= 0) rowCounts[rf][rt]++;
                }
            }
        }
    }
}
