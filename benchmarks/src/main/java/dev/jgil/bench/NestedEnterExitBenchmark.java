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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nested (reentrant) {@code enter}+{@code exit} while the thread already owns the token: what a woven
 * designated method costs when called from designated code. Modelled as woven code is: the advice
 * brackets an opaque body ({@link #body()}, never inlined), so the JIT cannot fuse the
 * {@code depth++}/{@code --depth} pair away as it could around an empty inlined body. The baseline is
 * the same opaque call without the advice; the figure is the difference (target ≤ 3 ns extra).
 *
 * <p>The outer (owning) {@code enter} runs in {@code @Setup(Level.Iteration)}: JMH runs iteration
 * fixtures of a {@code Scope.Thread} state on the worker thread that then runs the measurement loop.
 * That is checked, not assumed: the tear-down fails the run if it runs on another thread or if the
 * thread no longer owns the token (so the slow path could have been measured).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class NestedEnterExitBenchmark {
    private GilLock gil;
    private ThreadState outer;
    private Thread owner;
    private long switchesAtStart;

    @Setup(Level.Trial)
    public void setUp() {
        gil = new GilLock(GilPolicy.SWITCH);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        gil.close();
    }

    @Setup(Level.Iteration)
    public void enterOuter() {
        outer = gil.enter();
        owner = Thread.currentThread();
        switchesAtStart = gil.switches();
        if (!gil.isHeldByCurrentThread() || outer.depth() != 1) {
            throw new IllegalStateException("outer enter did not take the token");
        }
    }

    @TearDown(Level.Iteration)
    public void exitOuter() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("iteration fixtures ran on different threads: figure invalid");
        }
        if (!gil.isHeldByCurrentThread() || outer.depth() != 1 || gil.switches() != switchesAtStart) {
            throw new IllegalStateException("token lost during the iteration: slow path measured");
        }
        gil.exit(outer);
    }

    /** Figure: nested enter + opaque body + exit. */
    @Benchmark
    public void gilNestedEnterExit() {
        ThreadState s = gil.enter();
        try {
            body();
        } finally {
            gil.exit(s);
        }
    }

    /** Baseline: the opaque body alone (an empty, never-inlined method call). */
    @Benchmark
    public void emptyCall() {
        body();
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static void body() {
    }
}
