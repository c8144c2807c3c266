package dev.jgil.report.analysis;

import dev.jgil.report.model.ConfigurationChange;
import dev.jgil.report.model.JvmRecording;
import dev.jgil.schema.Format;
import dev.jgil.schema.Names;
import dev.jgil.schema.Segments;
import dev.jgil.schema.Verdicts;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A recording cut at its run-time configuration changes: start → first change → … → end. Each
 * {@link Segment} holds what the {@code jgil.Statistics} (and {@code jgil.ThreadStatistics}) intervals in it
 * say, weighted by their {@code intervalNanos}. An interval that straddles a change mixes two configurations
 * and is left out, unless a segment has no whole interval at all (shorter than one statistics period): then
 * that segment gets the straddlers' time-share and is marked {@link Segment#approximate}.
 *
 * <p>What the agent records under policy {@code off}: the lock is never taken, so {@code heldFraction},
 * acquisitions and switches are 0 by construction, and nobody waits. The per-thread sampler counts a thread
 * that runs designated code without the token as "released"; {@link Segment#threadsInside()} (held +
 * released, summed over threads) is the figure that shows the overlap: ≈ 1 under a serializing policy with
 * CPU-bound threads, ≈ the number of threads running at once under {@code off}.
 */
public final class ConfigurationSegments {
    private ConfigurationSegments() {
    }

    static final DateTimeFormatter WALL = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /** One run-time change, placed in the report's time frame. */
    public static final class Change {
        /** Index of the JVM ({@link Analysis#jvms}). */
        public final int jvm;
        public final ConfigurationChange change;
        /** ns from the timeline's origin (the earliest recording's start). */
        public final long offsetNanos;
        /** ns from the start of this JVM's recording. */
        public final long sinceStartNanos;
        /** Short: {@code policy switch → off}, {@code interval 5ms → 1ms} (recorded text: escape it). */
        public final String label;
        /** Longer, for a hover title and the changes table (recorded text: escape it). */
        public final String description;

        Change(int jvm, JvmRecording r, ConfigurationChange c, long originEpochNanos) {
            this.jvm = jvm;
            this.change = c;
            this.offsetNanos = c.epochNanos - originEpochNanos;
            this.sinceStartNanos = c.epochNanos - r.firstEpochNanos;
            this.label = label(c);
            this.description = "at " + Format.nanos(sinceStartNanos) + " (" + wallClock(c.epochNanos) + " UTC): policy "
                    + (c.policyChanged() ? c.oldPolicy + " → " + c.newPolicy : c.newPolicy + " (unchanged)")
                    + "; switch interval " + (c.intervalChanged()
                            ? Format.interval(c.oldIntervalNanos) + " → " + Format.interval(c.newIntervalNanos)
                            : Format.interval(c.newIntervalNanos) + " (unchanged)");
        }

        static String label(ConfigurationChange c) {
            List<String> parts = new ArrayList<>(2);
            if (c.policyChanged()) parts.add("policy " + c.oldPolicy + " → " + c.newPolicy);
            if (c.intervalChanged()) {
                parts.add("interval " + Format.interval(c.oldIntervalNanos) + " → " + Format.interval(c.newIntervalNanos));
            }
            // Set to what it already was (jgil set policy=switch on a switch JVM): still a recorded change.
            if (parts.isEmpty()) parts.add("policy " + c.newPolicy + ", interval " + Format.interval(c.newIntervalNanos) + " (set again)");
            return String.join(", ", parts);
        }
    }

    /** Time of day (UTC, ms) of an epoch instant. */
    public static String wallClock(long epochNanos) {
        return WALL.format(Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L)));
    }

    /** One stretch of a recording under one configuration. */
    public static final class Segment {
        public final int jvm;
        /** 0-based position in the JVM's segments. */
        public final int index;
        public final long startEpochNanos, endEpochNanos;
        /** ns from the start of this JVM's recording. */
        public final long startSinceStartNanos;
        /** Recorded text: escape it. */
        public final String policy;
        public final long intervalNanos;
        /** Σ of the statistics intervals' time inside this segment: what the fractions and rates are over. */
        public double observedNanos;
        /** Σ heldFraction × time: sampled under default accounting, exact under trace. */
        public double heldNanos;
        /** Σ waitFraction × time: at least one thread waited (sampled). */
        public double someoneWaitingNanos;
        public double acquisitions, contendedAcquisitions, switches;
        /** Σ over threads of (held + released) × time, from jgil.ThreadStatistics; NaN without them. */
        public double insideNanos = Double.NaN;
        /**
         * Whether no statistics interval lies wholly inside this segment (shorter than one statistics period),
         * so its figures are its time-share of the intervals that straddle its changes, mixed with the
         * neighbours' configuration.
         */
        public boolean approximate;
        /** jgil.ThreadStatistics entries (one per thread per interval) counted in this segment. */
        public int threadStatistics;
        /** Σ over threads of held × time and of wait × time (jgil.ThreadStatistics): the speed-up bound's terms. */
        public double threadsHeldNanos, threadsWaitNanos;
        /** How many segments the JVM's recording has. */
        public int of = 1;

        Segment(int jvm, int index, long start, long end, long recordingStart, String policy, long intervalNanos) {
            this.jvm = jvm;
            this.index = index;
            this.startEpochNanos = start;
            this.endEpochNanos = end;
            this.startSinceStartNanos = start - recordingStart;
            this.policy = policy;
            this.intervalNanos = intervalNanos;
        }

        public long durationNanos() {
            return Math.max(0, endEpochNanos - startEpochNanos);
        }

        /** Whether any statistics interval covers part of this segment (else its figures are unknown, not 0). */
        public boolean observed() {
            return observedNanos > 0;
        }

        /** Under {@code off} the agent never takes the lock: held, acquisitions and switches are 0 by construction. */
        public boolean lockOff() {
            return policy.equals(Names.OFF);
        }

        public double heldFraction() {
            return observedNanos > 0 ? heldNanos / observedNanos : 0;
        }

        public double someoneWaitingFraction() {
            return observedNanos > 0 ? someoneWaitingNanos / observedNanos : 0;
        }

        /** Average number of threads inside designated code and not waiting (held + released); NaN if unknown. */
        public double threadsInside() {
            return observedNanos > 0 && !Double.isNaN(insideNanos) ? insideNanos / observedNanos : Double.NaN;
        }

        public double acquisitionsPerSecond() {
            return perSecond(acquisitions);
        }

        public double contendedPerSecond() {
            return perSecond(contendedAcquisitions);
        }

        public double switchesPerSecond() {
            return perSecond(switches);
        }

        private double perSecond(double n) {
            return observedNanos > 0 ? n * 1e9 / observedNanos : 0;
        }

        /** {@link Verdicts#speedUpBound} over the threads' time in this segment; 1 if nothing held. */
        public double speedUpBound(int hwThreads) {
            return Verdicts.speedUpBound(threadsHeldNanos, threadsWaitNanos, hwThreads);
        }

        /**
         * What a finding says its evidence came from: {@code segment 2 of 4 (switch, 1ms, from +1.56 s for 693 ms)}
         * (recorded policy text: escape it).
         */
        public String label() {
            return "segment " + (index + 1) + " of " + of + " (" + policy + ", " + Format.interval(intervalNanos) + ", "
                    + (index == 0 ? "from the start" : "from +" + Format.nanos(startSinceStartNanos)) + " for " + Format.nanos(durationNanos()) + ")";
        }
    }

    /**
     * Index of the segment in force at {@code epochNanos}: the last one starting at or before it (at the instant of a
     * change the new configuration holds; of several changes at one instant, the last). Before the first segment: 0;
     * after the end: the last. {@link Segments#indexAt}, as the JMC rules split too.
     */
    public static int indexAt(List<Segment> segments, long epochNanos) {
        return Segments.indexAt(i -> segments.get(i).startEpochNanos, segments.size(), epochNanos);
    }

    /** The segments' time bounds, for the shared computations ({@link Segments}). */
    public static Segments bounds(List<Segment> segments) {
        long[] start = new long[segments.size()], end = new long[segments.size()];
        for (int i = 0; i < start.length; i++) {
            start[i] = segments.get(i).startEpochNanos;
            end[i] = segments.get(i).endEpochNanos;
        }
        return new Segments(start, end);
    }

    /** The segment in force at {@code epochNanos} (see {@link #indexAt}). */
    public static Segment at(List<Segment> segments, long epochNanos) {
        return segments.get(indexAt(segments, epochNanos));
    }

    /** Explains the figures of a segment under {@code off}: what the agent records there. */
    public static final String OFF_NOTE = "policy off: the agent never takes the lock, so it records held 0 %, no waits, "
            + "no acquisitions and no switches; the threads run designated code at once, which the sampler counts as "
            + "\"released\" (inside designated code without the GIL). \"Threads in designated code\" (held + released, "
            + "summed over threads) shows that overlap: about 1 while a policy serializes CPU-bound threads, up to the "
            + "number of threads under off.";

    /** Explains how statistics intervals are attributed to segments. */
    public static final String INTERVALS_NOTE = "Figures come from the jgil.Statistics and jgil.ThreadStatistics intervals "
            + "that lie wholly inside a segment, weighted by their length; intervals that straddle a change mix two "
            + "configurations and are left out. A segment shorter than one statistics period (marked ~) gets its time-share "
            + "of the straddling intervals instead.";

    /** The values a segment list went through, repeats collapsed: {@code switch → off → switch}; long lists elided. */
    public static String history(List<Segment> segments, java.util.function.Function<Segment, String> value) {
        List<String> seq = new ArrayList<>();
        for (Segment g : segments) {
            String v = value.apply(g);
            if (seq.isEmpty() || !seq.get(seq.size() - 1).equals(v)) seq.add(v);
        }
        if (seq.size() > 6) {
            int n = seq.size();
            seq = List.of(seq.get(0), seq.get(1), "… (" + (n - 4) + " more)", seq.get(n - 2), seq.get(n - 1));
        }
        return String.join(" → ", seq);
    }

    public static String policyHistory(List<Segment> segments) {
        return history(segments, g -> g.policy);
    }

    public static String intervalHistory(List<Segment> segments) {
        return history(segments, g -> Format.interval(g.intervalNanos));
    }

    static List<Change> changes(int jvm, JvmRecording r, long originEpochNanos) {
        List<Change> out = new ArrayList<>(r.configurationChanges.size());
        for (ConfigurationChange c : r.configurationChanges) out.add(new Change(jvm, r, c, originEpochNanos));
        return Collections.unmodifiableList(out);
    }

    /** The segments of one JVM's recording (one segment when nothing changed). */
    static List<Segment> segments(int jvm, JvmRecording r) {
        List<ConfigurationChange> cs = r.configurationChanges;
        long[] at = new long[cs.size()];
        for (int i = 0; i < at.length; i++) at[i] = cs.get(i).epochNanos;
        Segments bounds = Segments.cutAt(r.firstEpochNanos, r.lastEpochNanos, at);
        List<Segment> out = new ArrayList<>(bounds.size());
        String policy = cs.isEmpty() ? r.configuration.policy : cs.get(0).oldPolicy;
        long interval = cs.isEmpty() ? r.configuration.intervalNanos : cs.get(0).oldIntervalNanos;
        for (int i = 0; i < bounds.size(); i++) {
            if (i > 0) {
                policy = cs.get(i - 1).newPolicy;
                interval = cs.get(i - 1).newIntervalNanos;
            }
            out.add(new Segment(jvm, i, bounds.start(i), bounds.end(i), r.firstEpochNanos, policy, interval));
        }
        for (Segment g : out) g.of = out.size();

        // Statistics: whole intervals first; a segment left without any gets its share of the straddlers.
        Segments.Allot stats = statistics(r, out);
        int[] straddlers = bounds.allotWhole(r.intervalEndEpochNanos, r.intervalNanos, stats);
        boolean[] approximate = new boolean[out.size()];
        for (Segment g : out) approximate[g.index] = g.approximate = g.observedNanos == 0 && g.durationNanos() > 0;
        bounds.allotShares(straddlers, r.intervalEndEpochNanos, r.intervalNanos, approximate, stats);
        Segments.Allot threads = threadStatistics(r, out);
        straddlers = bounds.allotWhole(r.threadIntervalEndEpochNanos, r.threadIntervalNanos, threads);
        bounds.allotShares(straddlers, r.threadIntervalEndEpochNanos, r.threadIntervalNanos, approximate, threads);
        return Collections.unmodifiableList(out);
    }

    private static Segments.Allot statistics(JvmRecording r, List<Segment> segs) {
        return (g, i, overlap, share) -> {
            Segment s = segs.get(g);
            s.observedNanos += overlap;
            s.heldNanos += r.intervalHeldFraction[i] * overlap;
            s.someoneWaitingNanos += r.intervalWaitFraction[i] * overlap;
            s.acquisitions += at(r.intervalAcquisitions, i) * share;
            s.contendedAcquisitions += at(r.intervalContendedAcquisitions, i) * share;
            s.switches += at(r.intervalSwitches, i) * share;
        };
    }

    private static Segments.Allot threadStatistics(JvmRecording r, List<Segment> segs) {
        return (g, i, overlap, share) -> {
            Segment s = segs.get(g);
            if (Double.isNaN(s.insideNanos)) s.insideNanos = 0;
            s.insideNanos += r.threadIntervalInsideFraction[i] * overlap;
            s.threadsHeldNanos += r.threadIntervalHeldFraction[i] * overlap;
            s.threadsWaitNanos += r.threadIntervalWaitFraction[i] * overlap;
            s.threadStatistics++;
        };
    }

    private static long at(long[] a, int i) {
        return i < a.length ? a[i] : 0;
    }
}
