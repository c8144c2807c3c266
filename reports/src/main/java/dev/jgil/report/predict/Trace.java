package dev.jgil.report.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code jgil predict} replays: per thread, its designated segments in order (from {@code jgil.Segment} events of
 * a {@code policy=off} recording, or written by a test), on one clock (ns, any origin), plus the recording's span and
 * the machine's cores.
 */
public final class Trace {
    /** One thread's segments: {@code start[i]}, {@code length[i]} on the trace's clock, ascending and disjoint. */
    public static final class ThreadTrace {
        public final String name;
        final long[] start;
        final long[] length;
        /** Segment {@code i} ended with a blocking release (the gap after it is a blocking call inside designated code). */
        final boolean[] blockingAfter;
        /** The thread's CPU time in segment {@code i}, or -1 when not recorded. */
        final long[] cpu;
        /** The lock segment {@code i} needs: an index into {@link Trace#gils}. */
        final int[] gil;

        public ThreadTrace(String name, long[] start, long[] length, boolean[] blockingAfter, long[] cpu) {
            this(name, start, length, blockingAfter, cpu, new int[start.length]);
        }

        public ThreadTrace(String name, long[] start, long[] length, boolean[] blockingAfter, long[] cpu, int[] gil) {
            if (start.length != length.length || start.length != blockingAfter.length || start.length != gil.length
                    || start.length == 0) {
                throw new IllegalArgumentException(name + ": segments " + start.length + "/" + length.length);
            }
            for (int i = 1; i < start.length; i++) {
                if (start[i] < start[i - 1] + length[i - 1]) {
                    throw new IllegalArgumentException(name + ": segment " + i + " starts before segment " + (i - 1) + " ended");
                }
            }
            this.name = name;
            this.start = start.clone();
            this.length = length.clone();
            this.blockingAfter = blockingAfter.clone();
            this.cpu = cpu.clone();
            this.gil = gil.clone();
        }

        public int segments() {
            return start.length;
        }

        long end(int i) {
            return start[i] + length[i];
        }

        long lastEnd() {
            return end(start.length - 1);
        }

        /** Σ segment lengths as recorded. */
        long recordedBusy() {
            long s = 0;
            for (long l : length) s += l;
            return s;
        }
    }

    /** Builds one thread's segments; appends must come in time order. */
    public static final class ThreadBuilder {
        private final String name;
        private long[] start = new long[16], length = new long[16];
        private boolean[] blocking = new boolean[16];
        private long[] cpu = new long[16];
        private int[] gil = new int[16];
        private int n;

        public ThreadBuilder(String name) {
            this.name = name;
        }

        public ThreadBuilder segment(long startNanos, long lengthNanos, boolean endsInBlockingCall) {
            return segment(startNanos, lengthNanos, endsInBlockingCall, -1);
        }

        /** A segment whose thread CPU time is known ({@code cpuNanos >= 0}). */
        public ThreadBuilder segment(long startNanos, long lengthNanos, boolean endsInBlockingCall, long cpuNanos) {
            return segment(startNanos, lengthNanos, endsInBlockingCall, cpuNanos, 0);
        }

        /** A segment that needs lock {@code gilIndex} of the trace's {@link Trace#gils} (0: the first). */
        public ThreadBuilder segment(long startNanos, long lengthNanos, boolean endsInBlockingCall, long cpuNanos, int gilIndex) {
            if (gilIndex < 0) throw new IllegalArgumentException(name + ": lock " + gilIndex);
            if (n == start.length) {
                gil = Arrays.copyOf(gil, n * 2);
                cpu = Arrays.copyOf(cpu, n * 2);
                start = Arrays.copyOf(start, n * 2);
                length = Arrays.copyOf(length, n * 2);
                blocking = Arrays.copyOf(blocking, n * 2);
            }
            start[n] = startNanos;
            length[n] = Math.max(0, lengthNanos);
            blocking[n] = endsInBlockingCall;
            cpu[n] = cpuNanos;
            gil[n] = gilIndex;
            n++;
            return this;
        }

        public boolean isEmpty() {
            return n == 0;
        }

        public ThreadTrace build() {
            return new ThreadTrace(name, Arrays.copyOf(start, n), Arrays.copyOf(length, n), Arrays.copyOf(blocking, n), Arrays.copyOf(cpu, n),
                    Arrays.copyOf(gil, n));
        }
    }

    public final String source;
    /** The recorded run's span on the trace's clock: its wall time is {@code end - start}. */
    public final long start;
    public final long end;
    /** Hardware threads of the recording machine (what the simulation gives the program). */
    public final int cores;
    /** Whether {@link #cores} came from the recording (jdk.CPUInformation) rather than a guess or an option. */
    public final boolean coresRecorded;
    public final List<ThreadTrace> threads;
    /**
     * Cores the machine's other processes used while the program ran (median of the recording's {@code jdk.CPULoad}
     * samples: machine total minus this JVM), or NaN when the recording has none; see {@link Demand}.
     */
    public final double otherCores;
    /**
     * The locks the simulation runs, by the names the report gives them (the default GIL, a group's name, or several
     * groups merged into one): a segment's {@code gil} indexes this list. One entry unless the recording had groups.
     */
    public final List<String> gils;
    /** Designated time the recording spent inside calls from one group's code into another's (see {@link TraceReader}). */
    public final long crossGroupNanos;
    /**
     * Per thread (as {@link #threads}): the index of the thread that started it, or -1 when unknown or not in the trace
     * (no designated segment), and when it started, on the trace's clock (see {@link Simulator}'s first assumption).
     */
    final int[] parent;
    final long[] startedAtNanos;
    /**
     * Per thread: whether it runs for a fixed time rather than a fixed amount of work (a loop until a deadline or a stop
     * flag: {@code jgil predict --time-bound}). The simulation keeps it busy, repeating what it did, while the others run.
     */
    final boolean[] timeBound;

    public Trace(String source, long start, long end, int cores, boolean coresRecorded, List<ThreadTrace> threads) {
        this(source, start, end, cores, coresRecorded, threads, Double.NaN);
    }

    public Trace(String source, long start, long end, int cores, boolean coresRecorded, List<ThreadTrace> threads,
                 double otherCores) {
        this(source, start, end, cores, coresRecorded, threads, otherCores, List.of(dev.jgil.schema.Names.DEFAULT_GROUP), 0);
    }

    /** Joins the names of groups merged into one simulated lock ({@code --groups one}): "driver+parser". */
    public static final String MERGED = "+";

    public Trace(String source, long start, long end, int cores, boolean coresRecorded, List<ThreadTrace> threads,
                 double otherCores, List<String> gils, long crossGroupNanos) {
        if (cores < 1) throw new IllegalArgumentException("cores: " + cores);
        if (threads.isEmpty()) throw new IllegalArgumentException("no threads");
        if (gils.isEmpty()) throw new IllegalArgumentException("no lock");
        long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
        for (ThreadTrace t : threads) {
            first = Math.min(first, t.start[0]);
            last = Math.max(last, t.lastEnd());
            for (int g : t.gil) {
                if (g >= gils.size()) throw new IllegalArgumentException(t.name + ": lock " + g + " of " + gils.size());
            }
        }
        this.source = source;
        this.start = Math.min(start, first);
        this.end = Math.max(end, last);
        this.cores = cores;
        this.coresRecorded = coresRecorded;
        this.threads = List.copyOf(threads);
        this.otherCores = otherCores;
        this.gils = List.copyOf(gils);
        this.crossGroupNanos = crossGroupNanos;
        this.parent = new int[threads.size()];
        java.util.Arrays.fill(parent, -1);
        this.startedAtNanos = new long[threads.size()];
        this.timeBound = new boolean[threads.size()];
    }

    /** The same trace with thread {@code child} started by thread {@code parent} at {@code atNanos} (indexes of {@link #threads}). */
    public Trace withStart(int child, int parent, long atNanos) {
        if (child == parent || parent < 0 || parent >= threads.size()) throw new IllegalArgumentException(child + " by " + parent);
        Trace t = copyStarts(new Trace(source, start, end, cores, coresRecorded, threads, otherCores, gils, crossGroupNanos));
        t.parent[child] = parent;
        t.startedAtNanos[child] = atNanos;
        return t;
    }

    /** A trace that spans exactly its segments (tests). */
    public static Trace of(int cores, ThreadTrace... threads) {
        return new Trace("synthetic", Long.MAX_VALUE, Long.MIN_VALUE, cores, true, List.of(threads));
    }

    public Trace withCores(int c) {
        return copyStarts(new Trace(source, start, end, c, false, threads, otherCores, gils, crossGroupNanos));
    }

    private Trace copyStarts(Trace t) {
        System.arraycopy(parent, 0, t.parent, 0, parent.length);
        System.arraycopy(startedAtNanos, 0, t.startedAtNanos, 0, startedAtNanos.length);
        System.arraycopy(timeBound, 0, t.timeBound, 0, timeBound.length);
        return t;
    }

    /**
     * The same trace with the threads named by {@code names} (exact names, or globs with {@code *}) run for a fixed time
     * ({@link #timeBound}). A name that matches no thread, or names that match every thread (then nothing is left to
     * replay as work), are refused.
     */
    public Trace withTimeBound(List<String> names) {
        Trace t = copyStarts(new Trace(source, start, end, cores, coresRecorded, threads, otherCores, gils, crossGroupNanos));
        for (String name : names) {
            StringBuilder glob = new StringBuilder();
            for (String part : name.trim().split("\\*", -1)) glob.append(glob.length() == 0 ? "" : ".*").append(java.util.regex.Pattern.quote(part));
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(glob.toString());
            boolean any = false;
            for (int i = 0; i < threads.size(); i++) {
                if (p.matcher(threads.get(i).name).matches()) t.timeBound[i] = any = true;
            }
            if (!any) {
                StringBuilder known = new StringBuilder();
                for (int i = 0; i < threads.size() && i < 10; i++) known.append(i == 0 ? "" : ", ").append(threads.get(i).name);
                throw new IllegalArgumentException("--time-bound " + name + ": no thread of that name has designated segments (threads: "
                        + known + (threads.size() > 10 ? ", … " + threads.size() + " in all" : "") + ")");
            }
        }
        for (boolean b : t.timeBound) if (!b) return t;
        throw new IllegalArgumentException("--time-bound names every thread: at least one must replay its recorded work");
    }

    /** Whether any thread runs for a fixed time ({@link #withTimeBound}). */
    boolean anyTimeBound() {
        for (boolean b : timeBound) if (b) return true;
        return false;
    }

    /** The same trace with the other processes' CPU use known (tests; the reader passes it to the constructor). */
    public Trace withOtherCores(double others) {
        return copyStarts(new Trace(source, start, end, cores, coresRecorded, threads, others, gils, crossGroupNanos));
    }

    /** A trace with several locks, {@code gils}, that spans exactly its segments (tests). */
    public static Trace of(int cores, List<String> gils, ThreadTrace... threads) {
        return new Trace("synthetic", Long.MAX_VALUE, Long.MIN_VALUE, cores, true, List.of(threads), Double.NaN, gils, 0);
    }

    public long wallNanos() {
        return end - start;
    }

    /** End of the last segment of any thread: the recorded run's last designated activity. */
    long lastSegmentEnd() {
        long last = Long.MIN_VALUE;
        for (ThreadTrace t : threads) last = Math.max(last, t.lastEnd());
        return last;
    }

    int segmentCount() {
        int n = 0;
        for (ThreadTrace t : threads) n += t.segments();
        return n;
    }

    List<long[]> allSegments() {
        List<long[]> out = new ArrayList<>(segmentCount());
        for (ThreadTrace t : threads) {
            for (int i = 0; i < t.segments(); i++) out.add(new long[] {t.start[i], t.end(i)});
        }
        return out;
    }
}
