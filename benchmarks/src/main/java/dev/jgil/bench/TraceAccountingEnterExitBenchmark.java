package dev.jgil.bench;

import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;
import dev.jgil.runtime.ThreadState;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Uncontended outermost {@code enter}+{@code exit} with trace accounting on: the runtime reads the
 * clock at acquisition and at release and calls {@link HistogramListener}, which records the hold into
 * an HdrHistogram. The baseline does the same useful work by hand: ReentrantLock lock, two
 * {@code System.nanoTime()} calls, {@code Histogram.recordValue}, unlock.
 *
 * <p>Both record into the same kind of single-writer {@link Histogram} with the same range and
 * precision, so the difference is the runtime's own overhead (ThreadLocal, bookkeeping, the two
 * listener calls) rather than the histogram's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class TraceAccountingEnterExitBenchmark {
    static final long HIGHEST_TRACKABLE = TimeUnit.SECONDS.toNanos(60);
    static final int SIGNIFICANT_DIGITS = 2;

    private GilLock gil;
    private Histogram gilHolds;
    private ReentrantLock reentrantLock;
    private Histogram baselineHolds;

    @Setup(Level.Trial)
    public void setUp() {
        gil = new GilLock(GilPolicy.SWITCH);
        gilHolds = new Histogram(HIGHEST_TRACKABLE, SIGNIFICANT_DIGITS);
        gil.setListener(new HistogramListener(gilHolds));
        gil.setTraceAccounting(true);
        reentrantLock = new ReentrantLock();
        baselineHolds = new Histogram(HIGHEST_TRACKABLE, SIGNIFICANT_DIGITS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        gil.close();
        if (gil.listenerErrors() != 0) {
            throw new IllegalStateException("listener threw " + gil.listenerErrors() + " times");
        }
    }

    /** Figure: outermost enter + exit, trace accounting, hold recorded into a Histogram. */
    @Benchmark
    public void gilTraceEnterExit() {
        ThreadState s = gil.enter();
        gil.exit(s);
    }

    /** Baseline: ReentrantLock lock/unlock + 2 x System.nanoTime() + Histogram.recordValue. */
    @Benchmark
    public void reentrantLockTimedRecord() {
        reentrantLock.lock();
        try {
            long start = System.nanoTime();
            long end = System.nanoTime();
            baselineHolds.recordValue(end - start);
        } finally {
            reentrantLock.unlock();
        }
    }
}
