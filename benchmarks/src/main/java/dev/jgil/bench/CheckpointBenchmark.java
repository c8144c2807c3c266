package dev.jgil.bench;

import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;
import dev.jgil.runtime.ThreadState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The checkpoint (eval breaker) fast path: the thread owns the token, nobody waits, so
 * {@code checkpoint()} is one volatile read of {@code runFast} compared with
 * {@code Thread.currentThread()}. The baseline is the cheapest eval breaker there is, CPython's shape:
 * a volatile boolean read and a never-taken branch to an out-of-line slow path.
 *
 * <p>Two shapes: one checkpoint per JMH operation (JMH's own loop overhead, ~0.3–0.5 ns, is inside
 * both scores and pulls the ratio towards 1), and 100 checkpoints in a counted loop per invocation
 * (how woven loop back-edges call it; the JIT can hoist {@code currentThread()} but not the volatile
 * reads), reported per checkpoint.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class CheckpointBenchmark {
    static final int LOOP = 100;

    private GilLock gil;
    private ThreadState outer;
    private Thread owner;
    private long switchesAtStart;
    /** Never set: the baseline's "somebody wants the token" flag. */
    private volatile boolean dropRequested;

    @Setup(Level.Trial)
    public void setUp() {
        gil = new GilLock(GilPolicy.SWITCH);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        gil.close();
    }

    @Setup(Level.Iteration)
    public void takeToken() {
        outer = gil.enter();
        owner = Thread.currentThread();
        switchesAtStart = gil.switches();
        if (!gil.isHeldByCurrentThread()) {
            throw new IllegalStateException("could not take the token");
        }
    }

    @TearDown(Level.Iteration)
    public void giveBackToken() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("iteration fixtures ran on different threads: figure invalid");
        }
        if (!gil.isHeldByCurrentThread() || gil.switches() != switchesAtStart || gil.forcedSwitches() != 0) {
            throw new IllegalStateException("token changed hands during the iteration: slow path measured");
        }
        gil.exit(outer);
    }

    /** Figure: one checkpoint while owning the token. */
    @Benchmark
    public void checkpoint() {
        gil.checkpoint();
    }

    /** Baseline: volatile boolean read + never-taken branch. */
    @Benchmark
    public void volatileBooleanRead() {
        if (dropRequested) {
            slowPath();
        }
    }

    /** Figure, loop shape: 100 checkpoints, reported per checkpoint. */
    @Benchmark
    @OperationsPerInvocation(LOOP)
    public void checkpointLoop() {
        GilLock g = gil;
        for (int i = 0; i < LOOP; i++) {
            g.checkpoint();
        }
    }

    /** Baseline, loop shape: 100 volatile boolean reads, reported per read. */
    @Benchmark
    @OperationsPerInvocation(LOOP)
    public void volatileBooleanReadLoop() {
        for (int i = 0; i < LOOP; i++) {
            if (dropRequested) {
                slowPath();
            }
        }
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static void slowPath() {
        throw new IllegalStateException("drop requested in a benchmark that never requests drops");
    }
}
