package dev.jgil.report.predict;

import java.util.Arrays;
import java.util.List;

/** What one simulated run gives: the run's wall time and, per thread, its waits and holds. Every figure shown comes from here. */
public final class Prediction {
    /** One thread's predicted figures. */
    public static final class ThreadResult {
        public final String name;
        public final int segments;
        /** Σ segment lengths as recorded under off. */
        public final long recordedBusyNanos;
        /** Σ CPU demand after deflation (what the simulation ran). */
        public final double demandNanos;
        public final double waitNanos;
        public final double heldNanos;
        /** Its first segment's start to its last segment's end, simulated (the denominator of the fractions). */
        public final double spanNanos;
        public final double recordedSpanNanos;
        /** Contended waits, ascending (ns). */
        final double[] waits;
        /** Waits that began on the way back from a blocking call (the convoy's victims). */
        public final int waitsAfterBlocking;
        public final double waitAfterBlockingNanos;
        public final int forcedDrops;
        /** Replayed as running for a fixed time ({@code --time-bound}): busy while the others replay their work. */
        public final boolean timeBound;

        ThreadResult(String name, int segments, long recordedBusyNanos, double demandNanos, double waitNanos,
                     double heldNanos, double spanNanos, double recordedSpanNanos, double[] waits,
                     int waitsAfterBlocking, double waitAfterBlockingNanos, int forcedDrops, boolean timeBound) {
            this.name = name;
            this.segments = segments;
            this.recordedBusyNanos = recordedBusyNanos;
            this.demandNanos = demandNanos;
            this.waitNanos = waitNanos;
            this.heldNanos = heldNanos;
            this.spanNanos = spanNanos;
            this.recordedSpanNanos = recordedSpanNanos;
            this.waits = waits.clone();
            Arrays.sort(this.waits);
            this.waitsAfterBlocking = waitsAfterBlocking;
            this.waitAfterBlockingNanos = waitAfterBlockingNanos;
            this.forcedDrops = forcedDrops;
            this.timeBound = timeBound;
        }

        public int contendedWaits() {
            return waits.length;
        }

        public double waitFraction() {
            return spanNanos > 0 ? waitNanos / spanNanos : 0;
        }

        public double heldFraction() {
            return spanNanos > 0 ? heldNanos / spanNanos : 0;
        }

        /** Nearest-rank percentile of the contended waits (0 when none). */
        public double waitPercentile(double p) {
            if (waits.length == 0) return 0;
            int k = (int) Math.ceil(p / 100.0 * waits.length) - 1;
            return waits[Math.max(0, Math.min(waits.length - 1, k))];
        }
    }

    public final Policy policy;
    public final long intervalNanos;
    public final long handOffNanos;
    public final int cores;
    /** The recorded (off) run's wall time. */
    public final long recordedWallNanos;
    public final double wallNanos;
    /** First segment start to last segment end: the part of the run the lock changes, recorded and predicted. */
    public final long recordedDesignatedSpanNanos;
    public final double designatedSpanNanos;
    /** Cores the program had to itself while recorded (see Demand). */
    public final double capacity;
    public final List<ThreadResult> threads;
    /** The locks simulated ({@link Trace#gils}): one unless the recording had groups kept apart. */
    public final List<String> gils;

    Prediction(Policy policy, long intervalNanos, long handOffNanos, int cores, long recordedWallNanos, double wallNanos,
               long recordedDesignatedSpanNanos, double designatedSpanNanos, double capacity, List<ThreadResult> threads,
               List<String> gils) {
        this.gils = List.copyOf(gils);
        this.recordedDesignatedSpanNanos = recordedDesignatedSpanNanos;
        this.designatedSpanNanos = designatedSpanNanos;
        this.capacity = capacity;
        this.policy = policy;
        this.intervalNanos = intervalNanos;
        this.handOffNanos = handOffNanos;
        this.cores = cores;
        this.recordedWallNanos = recordedWallNanos;
        this.wallNanos = wallNanos;
        this.threads = List.copyOf(threads);
    }

    /** Σ of every thread's wait for the token: the time the GIL adds as waiting. */
    public double addedWaitNanos() {
        double s = 0;
        for (ThreadResult t : threads) s += t.waitNanos;
        return s;
    }

    public double slowdown() {
        return recordedWallNanos > 0 ? wallNanos / recordedWallNanos : 0;
    }

    /** The thread that would wait the largest share of its span (null when nobody waits). */
    public ThreadResult mostWaiting() {
        ThreadResult best = null;
        for (ThreadResult t : threads) {
            if (t.waitNanos > 0 && (best == null || t.waitFraction() > best.waitFraction())) best = t;
        }
        return best;
    }

    public int waitsAfterBlocking() {
        int n = 0;
        for (ThreadResult t : threads) n += t.waitsAfterBlocking;
        return n;
    }

    /** The threads replayed as running for a fixed time, by name (empty unless {@code --time-bound}). */
    public List<String> timeBound() {
        return threads.stream().filter(t -> t.timeBound).map(t -> t.name).toList();
    }

    public double waitAfterBlockingNanos() {
        double s = 0;
        for (ThreadResult t : threads) s += t.waitAfterBlockingNanos;
        return s;
    }
}
