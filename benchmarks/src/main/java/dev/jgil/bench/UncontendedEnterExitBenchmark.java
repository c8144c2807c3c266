package dev.jgil.bench;

import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;
import dev.jgil.runtime.ThreadState;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
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
 * Uncontended outermost {@code enter}+{@code exit} under default accounting (no clock reads), beside
 * a {@link ReentrantLock} lock/unlock (the baseline: a general-purpose JDK lock that also costs one CAS
 * and one volatile store), a bare CAS token (the floor for any token lock), and {@code System.nanoTime()}
 * alone (a reference for what trace accounting adds).
 *
 * <p>Single thread, nobody ever waits: every {@code enter} takes the token by CAS from null (the
 * outermost path: ThreadLocal lookup, CAS, bookkeeping) and every {@code exit} gives it back.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class UncontendedEnterExitBenchmark {
    private GilLock gil;
    private ReentrantLock reentrantLock;
    private AtomicReference<Thread> token;

    @Setup(Level.Trial)
    public void setUp() {
        gil = new GilLock(GilPolicy.SWITCH);
        reentrantLock = new ReentrantLock();
        token = new AtomicReference<>();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (gil.isHeldByCurrentThread() || gil.waiterCount() != 0) {
            throw new IllegalStateException("GIL left held or contended: the figure is invalid");
        }
        if (gil.switches() == 0) {
            // switches counts owner changes; the first acquisition by this thread is one. Zero means
            // the outermost (slow) path never ran, i.e. we measured the nested path by mistake.
            throw new IllegalStateException("outermost acquisition path never taken");
        }
        gil.close();
    }

    /** Figure: outermost enter + exit, default accounting. */
    @Benchmark
    public void gilEnterExit() {
        ThreadState s = gil.enter();
        gil.exit(s);
    }

    /** Baseline: ReentrantLock lock + unlock (non-fair, uncontended). */
    @Benchmark
    public void reentrantLock() {
        reentrantLock.lock();
        reentrantLock.unlock();
    }

    /** Reference: the cheapest possible token, a CAS from null and a volatile store back. */
    @Benchmark
    public void casToken() {
        Thread me = Thread.currentThread();
        if (!token.compareAndSet(null, me)) {
            throw new IllegalStateException("token taken");
        }
        token.set(null);
    }

    /** Reference: one clock read (trace accounting adds two per hold). */
    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }
}
