package dev.jgil.report.analysis;

import dev.jgil.report.model.JvmRecording;
import dev.jgil.schema.Names;
import java.util.ArrayList;
import java.util.List;

/**
 * One lane per thread: when it held the GIL, waited for it, or had released it around a blocking call
 * (anything else is "outside" designated code). Exact (every segment) when the detail events are few
 * enough for a page; otherwise each lane is cut into {@link Analysis#TIMELINE_BUCKETS} buckets holding
 * the fraction of the bucket spent in each state — the totals elsewhere in the report stay exact.
 */
public final class Timeline {
    public static final int HELD = 0, WAIT = 1, RELEASED = 2;
    public static final String[] STATE_NAMES = {"held", "waiting", "released for blocking"};

    /** The earliest recording's start: the Perfetto export's zero (one wall clock for every JVM). */
    public final long originEpochNanos;
    /**
     * Whether each JVM is drawn on its own axis, zero at its own start ({@link #alignAtEachStart}): recordings that do
     * not overlap in time, which on one wall-clock axis would each be a sliver of a span that is mostly the gap
     * between them. Recordings that overlap (a program and its children) keep the one shared axis.
     */
    public final boolean aligned;
    /** Per JVM: the instant its lanes' zero stands for (its own start when {@link #aligned}, else the origin). */
    public final long[] jvmZeroEpochNanos;
    /** Per JVM: the axis label drawn above its lanes when {@link #aligned} (empty otherwise). */
    public final List<String> jvmAxisLabels = new ArrayList<>();
    /** Longest lane time: the whole span from the origin, or when {@link #aligned} the longest recording. */
    public final long spanNanos;
    public final boolean exact;
    /** Exact mode: per lane, flat triples (state, start ns from origin, duration ns), by start. */
    public final List<long[]> segments = new ArrayList<>();
    /**
     * Downsampled mode: per row of {@link Analysis#threadRows} (not per thread: a recording of a million
     * short-lived threads has a handful of rows), [state][bucket] = the members' summed share of the bucket × 1000,
     * at most 1000.
     */
    public final List<short[][]> buckets = new ArrayList<>();
    public final long bucketNanos;
    /**
     * Exact mode: per lane, per segment (parallel to {@link #segments}' triples) an index into {@link #causeLabels}: what
     * the segment's tooltip says about its cause ("acquired: reacquire; released: blocking", "blocked by main").
     */
    public final List<int[]> segmentCauses = new ArrayList<>();
    /** The distinct cause labels of {@link #segmentCauses}. Untrusted text (thread names). */
    public final List<String> causeLabels = new ArrayList<>();
    /** Per row of {@link Analysis#threadRows}: times (ns from origin) at which an owner of that row was asked to drop. */
    public final List<long[]> switchMarks = new ArrayList<>();
    /** Segment count before any downsampling. */
    public long segmentCount;
    /** Shown on the timeline when some holds/waits were not recorded (default preset). */
    public final String note;
    /** Stretches in which events were lost ({@link DataLoss}): drawn hatched across their JVM's lanes, never as idle. */
    public final List<Lost> lost = new ArrayList<>();

    /** A lost stretch in the timeline's frame: ns from the origin, across the lanes of JVM {@code jvm}. */
    public record Lost(int jvm, long startNanos, long durationNanos, String label) {
    }

    /** Whether some recordings do not overlap in time: the union of their [first, last] intervals has a gap. */
    static boolean alignAtEachStart(List<JvmRecording> rs) {
        if (rs.size() < 2) return false;
        List<JvmRecording> byStart = new ArrayList<>(rs);
        byStart.sort(java.util.Comparator.comparingLong(r -> r.firstEpochNanos));
        long end = byStart.get(0).lastEpochNanos;
        for (JvmRecording r : byStart.subList(1, byStart.size())) {
            if (r.firstEpochNanos > end) return true;
            end = Math.max(end, r.lastEpochNanos);
        }
        return false;
    }

    /** Each JVM's zero (the first instant its lanes show) in the drawn timeline; see {@link #aligned}. */
    public long zeroOf(int jvm) {
        return jvmZeroEpochNanos[jvm];
    }

    Timeline(Analysis a) {
        originEpochNanos = a.originEpochNanos();
        aligned = alignAtEachStart(a.model.jvms);
        jvmZeroEpochNanos = new long[a.jvms.size()];
        long longest = 1;
        for (JvmSummary s : a.jvms) {
            JvmRecording r = s.recording;
            jvmZeroEpochNanos[s.index] = aligned ? r.firstEpochNanos : originEpochNanos;
            longest = Math.max(longest, r.durationNanos());
            if (aligned) {
                jvmAxisLabels.add("#" + (s.index + 1) + " " + s.label + ": time since its start, "
                        + ConfigurationSegments.wallClock(r.firstEpochNanos) + " UTC"
                        + (s.index == 0 ? "" : " (" + sign(r.firstEpochNanos - a.model.jvms.get(0).firstEpochNanos) + " after #1)"));
            } else {
                jvmAxisLabels.add("");
            }
        }
        spanNanos = aligned ? longest : a.spanNanos();
        bucketNanos = Math.max(1, (spanNanos + Analysis.TIMELINE_BUCKETS - 1) / Analysis.TIMELINE_BUCKETS);
        int lanes = a.lanes.size();
        // Count first: a 1M-event recording must not build 1M segment objects just to bucket them.
        long count = 0;
        for (JvmSummary s : a.jvms) count += s.recording.holdCount() + s.recording.waitCount();
        segmentCount = count;
        exact = count <= Analysis.EXACT_TIMELINE_SEGMENTS;
        Sink sink = exact ? new ExactSink(lanes) : new BucketSink(a.threadRows.size(), a.rowOfLane);
        for (JvmSummary s : a.jvms) {
            if (exact) ((ExactSink) sink).recording(s.recording);
            segments(s, zeroOf(s.index), sink);
        }
        if (exact) {
            ExactSink es = (ExactSink) sink;
            for (int i = 0; i < lanes; i++) {
                segments.add(es.lane(i));
                segmentCauses.add(es.causes(i));
            }
            causeLabels.addAll(es.labels.keySet());
        } else {
            buckets.addAll(((BucketSink) sink).out);
        }
        // Switch requests: a tick on the owner's lane at the request.
        List<Growable> marks = new ArrayList<>();
        for (int i = 0; i < a.threadRows.size(); i++) marks.add(new Growable());
        int budget = Analysis.MAX_SWITCH_MARKS;
        for (JvmSummary s : a.jvms) {
            JvmRecording r = s.recording;
            for (int i = 0; i < r.switchRequestEpochNanos.length && budget > 0; i++, budget--) {
                int owner = r.switchOwner[i];
                if (owner >= 0) marks.get(a.rowOfLane[s.laneOf[owner]]).add(r.switchRequestEpochNanos[i] - zeroOf(s.index));
            }
        }
        for (Growable g : marks) switchMarks.add(g.trim());
        boolean allTrace = a.jvms.stream().allMatch(s -> s.recording.tracePreset());
        note = allTrace ? "" : "holds/waits shorter than 1 ms not recorded (default preset): this timeline shows "
                + "only the long ones; record with jfr.settings=trace for an exact timeline. Totals above are exact.";
        for (JvmSummary s : a.jvms) {
            for (DataLoss.Stretch l : s.loss.stretches) {
                lost.add(new Lost(s.index, l.startEpochNanos() - zeroOf(s.index), l.endEpochNanos() - l.startEpochNanos(), l.label()));
            }
        }
    }

    private static String sign(long nanos) {
        return (nanos < 0 ? "-" : "+") + dev.jgil.schema.Format.nanos(Math.abs(nanos));
    }

    /**
     * Receives a JVM's segments in start order: {@code state} ({@link #HELD}, {@link #WAIT}, {@link #RELEASED}), start
     * (ns from the origin), duration, and the event it comes from: the hold's index ({@code HELD}; for {@code RELEASED}
     * the hold that ended with the blocking release) or the wait's ({@code WAIT}) in the {@link JvmRecording}'s arrays.
     */
    public interface SegmentSink {
        void add(int lane, int state, long start, long nanos, int event);
    }

    private interface Sink extends SegmentSink {
        void add(int lane, int state, long start, long nanos);

        @Override
        default void add(int lane, int state, long start, long nanos, int event) {
            add(lane, state, start, nanos);
        }
    }

    /**
     * Held and wait segments straight from the events; released segments from a hold that ended with a
     * blocking release (or a watchdog hand-off) to the same thread's next wait or hold. Those need every
     * hold, so they are derived under the trace preset only.
     */
    public static void segments(JvmSummary s, long originEpochNanos, SegmentSink sink) {
        JvmRecording r = s.recording;
        long o = originEpochNanos;
        int blocking = r.releaseCauses.indexOf(Names.RELEASE_BLOCKING), handOff = r.releaseCauses.indexOf(Names.RELEASE_WATCHDOG_HANDOFF);
        boolean released = r.tracePreset() && (blocking >= 0 || handOff >= 0);
        long[] pendingRelease = new long[r.threads.size()];
        int[] releasedBy = new int[r.threads.size()];
        java.util.Arrays.fill(pendingRelease, -1);
        int h = 0, w = 0, nh = r.holdCount(), nw = r.waitCount();
        while (h < nh || w < nw) {
            boolean takeHold = w >= nw || (h < nh && r.holdStartEpochNanos[h] <= r.waitStartEpochNanos[w]);
            int t;
            long start, nanos;
            int state;
            if (takeHold) {
                t = r.holdThread[h];
                start = r.holdStartEpochNanos[h];
                nanos = r.holdNanos[h];
                state = HELD;
            } else {
                t = r.waitThread[w];
                start = r.waitStartEpochNanos[w];
                nanos = r.waitNanos[w];
                state = WAIT;
            }
            if (t >= 0) {
                int lane = s.laneOf[t];
                if (released && pendingRelease[t] >= 0 && start >= pendingRelease[t]) {
                    sink.add(lane, RELEASED, pendingRelease[t] - o, start - pendingRelease[t], releasedBy[t]);
                    pendingRelease[t] = -1;
                }
                sink.add(lane, state, start - o, nanos, takeHold ? h : w);
                if (takeHold && released) {
                    int rc = r.holdReleaseCause[h];
                    if (rc == blocking || rc == handOff) {
                        pendingRelease[t] = start + nanos;
                        releasedBy[t] = h;
                    }
                }
            }
            if (takeHold) h++;
            else w++;
        }
    }

    private static final long[] NONE = new long[0];

    /** A long list that allocates nothing until its first value (most lanes of a thread-per-task run get none). */
    private static final class Growable {
        long[] a = NONE;
        int n;

        void add(long v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, Math.max(8, n * 2));
            a[n++] = v;
        }

        long[] trim() {
            return n == 0 ? NONE : java.util.Arrays.copyOf(a, n);
        }
    }

    private static final class ExactSink implements Sink {
        final Growable[] lanes, causes;
        final java.util.LinkedHashMap<String, Integer> labels = new java.util.LinkedHashMap<>();
        /**
         * The label's index by what the label is made of (state, causes, blocker) in {@link #recording}: a page's worth
         * of segments has a handful of distinct labels, and building each segment's text to look it up cost more than
         * the rest of the timeline.
         */
        final java.util.HashMap<Long, Integer> labelOf = new java.util.HashMap<>();
        JvmRecording recording;

        void recording(JvmRecording r) {
            recording = r;
            labelOf.clear();
        }

        ExactSink(int n) {
            lanes = new Growable[n];
            causes = new Growable[n];
            for (int i = 0; i < n; i++) {
                lanes[i] = new Growable();
                causes[i] = new Growable();
            }
        }

        @Override
        public void add(int lane, int state, long start, long nanos) {
            add(lane, state, start, nanos, -1);
        }

        @Override
        public void add(int lane, int state, long start, long nanos, int event) {
            Growable g = lanes[lane];
            g.add(state);
            g.add(start);
            g.add(Math.max(0, nanos));
            Long key = event < 0 || recording == null ? -1L : labelKey(recording, state, event);
            Integer index = labelOf.get(key);
            if (index == null) {
                String label = key == -1L ? "" : causeLabel(recording, state, event);
                index = labels.computeIfAbsent(label, k -> labels.size());
                labelOf.put(key, index);
            }
            causes[lane].add(index);
        }

        /** What {@link #causeLabel} depends on, as one number: state, cause bytes and the blocker's index. */
        private static long labelKey(JvmRecording r, int state, int event) {
            if (state == HELD) return ((long) state << 48) | ((r.holdAcquireCause[event] & 0xffL) << 8) | (r.holdReleaseCause[event] & 0xffL);
            if (state == WAIT) return ((long) state << 48) | ((r.waitCause[event] & 0xffL) << 32) | (r.waitBlockedBy[event] & 0xffffffffL);
            return ((long) state << 48) | (r.holdReleaseCause[event] & 0xffL);
        }

        long[] lane(int i) {
            return lanes[i].trim();
        }

        int[] causes(int i) {
            long[] c = causes[i].trim();
            int[] out = new int[c.length];
            for (int k = 0; k < c.length; k++) out[k] = (int) c[k];
            return out;
        }
    }

    /** What a segment's tooltip says about its cause: the hold's acquire/release causes, the wait's cause and blocker. */
    public static String causeLabel(JvmRecording r, int state, int event) {
        if (state == HELD) {
            return "acquired: " + name(r.acquireCauses, r.holdAcquireCause[event]) + "; released: " + name(r.releaseCauses, r.holdReleaseCause[event]);
        }
        if (state == WAIT) {
            int b = r.waitBlockedBy[event];
            return "waiting to " + name(r.acquireCauses, r.waitCause[event]) + "; blocked by "
                    + (b < 0 ? "(the watchdog, or unknown)" : r.threads.get(b).name);
        }
        return "GIL released around a blocking call (" + name(r.releaseCauses, r.holdReleaseCause[event]) + ")";
    }

    private static String name(List<String> names, byte i) {
        return i >= 0 && i < names.size() ? names.get(i) : "?";
    }

    /** Sums each row's members into the row's buckets (see {@link #buckets}). */
    private final class BucketSink implements Sink {
        final List<short[][]> out = new ArrayList<>();
        final long[][][] nanos;
        final int[] rowOfLane;

        BucketSink(int rows, int[] rowOfLane) {
            this.rowOfLane = rowOfLane;
            nanos = new long[rows][3][Analysis.TIMELINE_BUCKETS];
            for (int i = 0; i < rows; i++) out.add(new short[3][Analysis.TIMELINE_BUCKETS]);
        }

        @Override
        public void add(int lane, int state, long start, long len) {
            int row = rowOfLane[lane];
            long[] b = nanos[row][state];
            long end = start + Math.max(0, len);
            long t = Math.max(0, start);
            while (t < end) {
                int i = (int) Math.min(Analysis.TIMELINE_BUCKETS - 1, t / bucketNanos);
                long bucketEnd = (i + 1L) * bucketNanos;
                long upTo = i == Analysis.TIMELINE_BUCKETS - 1 ? end : Math.min(end, bucketEnd);
                b[i] += upTo - t;
                out.get(row)[state][i] = (short) Math.min(1000, b[i] * 1000 / bucketNanos);
                t = upTo;
            }
        }
    }
}
