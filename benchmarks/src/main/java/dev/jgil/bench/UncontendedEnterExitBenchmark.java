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
    /** The GIL under test, in its own state so its sanity checks run only for the GIL figure. */
    @State(Scope.Thread)
    public static class Gil {
        GilLock lock;

        @Setup(Level.Trial)
        public void setUp() {
            lock = new GilLock(GilPolicy.SWITCH);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (lock.isHeldByCurrentThread() || lock.waiterCount() != 0) {
                throw new IllegalStateException("GIL left held or contended: the figure is invalid");
            }
            if (lock.currentThreadState().acquisitions() == 0) {
                // acquisitions counts outermost (token-taking) entries only: zero means we measured
                // the nested path by mistake.
                throw new IllegalStateException("outermost acquisition path never taken");
            }
            lock.close();
        }
    }

    private ReentrantLock reentrantLock;
    private AtomicReference<Thread> token;
    private ThreadLocal<Object> threadLocal;

    @Setup(Level.Trial)
    public void setUp() {
        reentrantLock = new ReentrantLock();
        token = new AtomicReference<>();
        threadLocal = ThreadLocal.withInitial(Object::new);
        threadLocal.get();
    }

    /** Figure: outermost enter + exit, default accounting. */
    @Benchmark
    public void gilEnterExit(Gil gil) {
        GilLock lock = gil.lock;
        ThreadState s = lock.enter();
        lock.exit(s);
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

    /**
     * Reference: an initialized ThreadLocal lookup, what {@code GilLock.enterSlow} pays on every
     * outermost enter ({@code states.get()}). This benchmark's thread has only a handful of
     * ThreadLocals; an application thread with many pays more (longer probe chains).
     */
    @Benchmark
    public Object threadLocalGet() {
        return threadLocal.get();
    }

    /** Reference: one clock read (trace accounting adds two per hold). */
    @Benchmark
    public long nanoTime() {
        return System.nanoTime();
    }
}
