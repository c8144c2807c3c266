package dev.jgil.report.predict;

import dev.jgil.schema.Format;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where the model of {@link Simulator} breaks, detected in the recording: each warning names the assumption a
 * recording violates, so the prediction is read with that in mind. The thresholds come from the accuracy runs in
 * benchmarks/README.md ("jgil predict: accuracy").
 */
public final class Zones {
    /** Wake-ups closer than this after another thread's segment end count as caused by it. */
    static final long WAKE_WINDOW_NANOS = 50_000;
    static final double WAKE_EXCESS_WARN = 0.2;
    static final double OVERSUBSCRIBED_WARN = 0.1;
    /** Warn when the program had less than this share of the cores. */
    static final double BUSY_WARN = 0.9;
    static final long SHORT_SEGMENT_NANOS = 20_000;
    /** Warn when calls across groups took more than this share of the designated time (groups kept apart). */
    static final double CROSS_GROUP_WARN = 0.01;
    /**
     * A thread looks time-bound when it has few segments, its last designated call covers at least this share of the
     * designated span and ends at its end (within {@link #END_SHARE} of it), beside a thread of many segments: the convoy
     * cell's CPU thread, which spins until a stop flag beside the echo client for the second half of the run.
     */
    static final double LONG_CALL_SHARE = 0.25;
    static final double END_SHARE = 0.02;
    static final int MANY_SEGMENTS = 10;

    private Zones() {
    }

    public static List<String> of(Trace trace) {
        List<String> out = new ArrayList<>();
        if (!trace.coresRecorded) {
            out.add(String.format(Locale.ROOT, "cores: %d assumed (not in the recording, or set by --cores)", trace.cores));
        }
        Demand d = new Demand(trace);
        if (d.capacity < BUSY_WARN * trace.cores) {
            out.add(String.format(Locale.ROOT, "the machine was busy: the program had about %.2f of its %d cores (%s); the "
                    + "prediction assumes the same share during the run under the lock", d.capacity, trace.cores,
                    Double.isNaN(trace.otherCores) ? "estimated from the segments' CPU times"
                            : "the rest went to other processes, from the recording's jdk.CPULoad"));
        }
        if (d.oversubscribedShare > OVERSUBSCRIBED_WARN) {
            // Demand is a segment's CPU time where recorded (Demand.perSegment), its scaled length otherwise.
            out.add(Format.percent(d.oversubscribedShare) + " of the designated time was recorded while its threads got less "
                    + "than a core: " + (cpuTimeShare(trace) >= 0.5
                            ? "their CPU time stands for their demand, and it includes what running side by side cost them "
                                    + "(caches, memory, contended monitors), which a lock takes away: the prediction is likely "
                                    + "to be high"
                            : "its demand is estimated (scaled by the share of a core they got)"));
        }
        double wake = wakeExcess(trace);
        if (wake > WAKE_EXCESS_WARN) {
            out.add(String.format(Locale.ROOT, "threads wait for each other: %s of segment starts follow another thread's "
                    + "segment end within %s (beyond chance); the model replays those waits with their recorded length, "
                    + "so it under-predicts when the waker is delayed by the GIL", Format.percent(wake), Format.nanos(WAKE_WINDOW_NANOS)));
        }
        int segments = trace.segmentCount();
        long busy = 0;
        for (Trace.ThreadTrace t : trace.threads) busy += t.recordedBusy();
        if (segments > 0 && busy / segments < SHORT_SEGMENT_NANOS) {
            out.add(String.format(Locale.ROOT, "designated segments are short (mean %s, %s of them): the cost of taking the "
                    + "token on every entry and the trace's own cost are not modelled", Format.nanos((double) busy / segments),
                    Format.count(segments)));
        }
        if (trace.gils.size() > 1 && busy > 0 && trace.crossGroupNanos > CROSS_GROUP_WARN * busy) {
            out.add(String.format(Locale.ROOT, "%s of the designated time ran inside calls from one group's code into "
                    + "another's: the model hands the outer group's lock over for such a call, where the runtime keeps it, so "
                    + "it under-predicts the waits of threads that need the outer group meanwhile",
                    Format.percent((double) trace.crossGroupNanos / busy)));
        }
        String bounded = looksTimeBound(trace);
        if (bounded != null) {
            out.add(String.format(Locale.ROOT, "%s was inside one designated call for most of the run, up to its end: if it "
                    + "runs until a deadline or a stop flag rather than through a fixed amount of work, --time-bound %s keeps "
                    + "it busy while the others replay their work (replayed as work, it is done early and the lock costs the "
                    + "others less than it would)", bounded, bounded));
        }
        return out;
    }

    /** Share of the designated time (by length) in segments whose thread CPU time is recorded. */
    static double cpuTimeShare(Trace trace) {
        long known = 0, all = 0;
        for (Trace.ThreadTrace t : trace.threads) {
            for (int i = 0; i < t.segments(); i++) {
                all += t.length[i];
                if (t.cpu[i] >= 0) known += t.length[i];
            }
        }
        return all == 0 ? 0 : (double) known / all;
    }

    /** The first thread that looks time-bound and is not marked so ({@link #LONG_CALL_SHARE}), or null. */
    static String looksTimeBound(Trace trace) {
        long first = Long.MAX_VALUE, last = trace.lastSegmentEnd();
        boolean manySegments = false;
        for (Trace.ThreadTrace t : trace.threads) {
            first = Math.min(first, t.start[0]);
            manySegments |= t.segments() >= MANY_SEGMENTS;
        }
        long span = last - first;
        if (!manySegments || span <= 0) return null;
        for (int k = 0; k < trace.threads.size(); k++) {
            Trace.ThreadTrace t = trace.threads.get(k);
            int i = t.segments() - 1;
            if (!trace.timeBound[k] && t.segments() < MANY_SEGMENTS && t.length[i] >= LONG_CALL_SHARE * span
                    && last - t.end(i) <= END_SHARE * span) {
                return t.name;
            }
        }
        return null;
    }

    /**
     * Share of segment starts (after a gap) that come within the window after another thread's segment end, minus the
     * share within the same window before one (what chance alone gives at that rate of ends).
     */
    static double wakeExcess(Trace trace) {
        int m = trace.segmentCount();
        long[] ends = new long[m];
        int k = 0;
        for (int t = 0; t < trace.threads.size(); t++) {
            Trace.ThreadTrace tt = trace.threads.get(t);
            for (int i = 0; i < tt.segments(); i++) ends[k++] = tt.end(i) * 64 + Math.min(t, 63);
        }
        Arrays.sort(ends);
        long after = 0, before = 0, starts = 0;
        for (int t = 0; t < trace.threads.size(); t++) {
            Trace.ThreadTrace tt = trace.threads.get(t);
            for (int i = 1; i < tt.segments(); i++) {
                long s = tt.start[i];
                starts++;
                if (otherEndIn(ends, s - WAKE_WINDOW_NANOS, s, t)) after++;
                if (otherEndIn(ends, s, s + WAKE_WINDOW_NANOS, t)) before++;
            }
        }
        return starts == 0 ? 0 : (double) (after - before) / starts;
    }

    /** Whether a segment of a thread other than {@code self} ends in {@code [from, to)}. */
    private static boolean otherEndIn(long[] packedEnds, long from, long to, int self) {
        int i = Arrays.binarySearch(packedEnds, from * 64);
        if (i < 0) i = -i - 1;
        for (; i < packedEnds.length && packedEnds[i] < to * 64; i++) {
            if ((int) (packedEnds[i] & 63) != Math.min(self, 63)) return true;
        }
        return false;
    }
}
