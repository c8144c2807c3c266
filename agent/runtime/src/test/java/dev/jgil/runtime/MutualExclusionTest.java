package dev.jgil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgil.runtime.TestThreads.Kind;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one property everything rests on: designated code never runs on two threads at once. */
class MutualExclusionTest {

    static List<Arguments> serializingPoliciesOnEveryThreadKind() {
        return List.of(
                Arguments.of("switch", Kind.PLATFORM), Arguments.of("ticks", Kind.PLATFORM),
                Arguments.of("fifo", Kind.PLATFORM), Arguments.of("priority", Kind.PLATFORM),
                Arguments.of("bfs", Kind.PLATFORM), Arguments.of("switch", Kind.VIRTUAL),
                Arguments.of("ticks", Kind.VIRTUAL), Arguments.of("fifo", Kind.VIRTUAL),
                Arguments.of("priority", Kind.VIRTUAL), Arguments.of("bfs", Kind.VIRTUAL));
    }

    @ParameterizedTest(name = "{0} on {1} threads")
    @MethodSource("serializingPoliciesOnEveryThreadKind")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void neverMoreThanOneThreadInsideUnderHeavyContention(String policy, Kind kind) throws Exception {
        assumeTrue(kind == Kind.PLATFORM || TestThreads.virtualThreadsAvailable(), "virtual threads need JDK 21+");
        try (GilLock lock = new GilLock(GilPolicy.byName(policy))) {
            lock.setIntervalNanos(TimeUnit.MICROSECONDS.toNanos(50)); // many forced switches
            lock.setCheckInterval(20);
            MutualExclusionOracle oracle = new MutualExclusionOracle(lock);
            AtomicLong unsafeCounter = new AtomicLong();
            long[] plainCounter = new long[1]; // lost updates here would prove two owners at once
            int threads = 8;
            int rounds = 2_000;
            List<Thread> ts = TestThreads.startAll(kind, threads, "worker-", i -> () -> {
                for (int r = 0; r < rounds; r++) {
                    ThreadState s = lock.enter();
                    try {
                        // A checkpoint is a switch point, so the oracle brackets the stretches between them.
                        oracle.in();
                        long before = plainCounter[0];
                        busyWithoutCheckpoints();
                        plainCounter[0] = before + 1;
                        oracle.out();
                        ThreadState nested = lock.enter();
                        TestThreads.spin(lock, 50); // checkpoints: forced switches and tick drops happen here
                        lock.exit(nested);
                        oracle.in();
                        unsafeCounter.incrementAndGet();
                        oracle.out();
                    } finally {
                        lock.exit(s);
                    }
                }
            });
            TestThreads.joinAll(ts);
            assertEquals(1, oracle.maxInside(), "threads inside designated code at once");
            assertEquals(0, oracle.timesSeenInsideWithoutToken(), "ran designated code without the token");
            assertEquals((long) threads * rounds, plainCounter[0], "lost updates on an unsynchronized counter");
            assertEquals(0, lock.waiterCount());
            assertEquals(null, lock.ownerThread(), "token left held after everyone exited");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serializingPoliciesOnEveryThreadKind")
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void noLostWakeUpsWithManyThreadsAndRandomBlocking(String policy, Kind kind) throws Exception {
        assumeTrue(kind == Kind.PLATFORM || TestThreads.virtualThreadsAvailable(), "virtual threads need JDK 21+");
        try (GilLock lock = new GilLock(GilPolicy.byName(policy))) {
            lock.setIntervalNanos(TimeUnit.MICROSECONDS.toNanos(200));
            MutualExclusionOracle oracle = new MutualExclusionOracle(lock);
            int threads = kind == Kind.VIRTUAL ? 200 : 24;
            List<Thread> ts = TestThreads.startAll(kind, threads, "stress-", i -> () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int r = 0; r < 150; r++) {
                    ThreadState s = lock.enter();
                    TestThreads.spin(lock, rnd.nextInt(200));
                    oracle.in();
                    busyWithoutCheckpoints();
                    oracle.out();
                    if (rnd.nextInt(4) == 0) { // a blocking call inside designated code
                        lock.releaseForBlocking();
                        sleepMicros(rnd.nextInt(300));
                        lock.checkpoint(); // lazy re-acquire at the next checkpoint
                        oracle.in();
                        oracle.out();
                    }
                    lock.exit(s);
                    if (rnd.nextBoolean()) sleepMicros(rnd.nextInt(200));
                }
            });
            TestThreads.joinAll(ts); // a lost wake-up shows up as the @Timeout
            assertEquals(1, oracle.maxInside());
            assertEquals(0, oracle.timesSeenInsideWithoutToken());
            assertEquals(0, lock.waiterCount());
        }
    }

    private static volatile long sink;

    /** Work between two checkpoints: long enough for an overlapping thread to be caught in the act. */
    static void busyWithoutCheckpoints() {
        long x = sink;
        for (int i = 0; i < 200; i++) x = x * 6364136223846793005L + 1442695040888963407L;
        sink = x;
    }

    static void sleepMicros(long micros) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"switch", "ticks", "fifo", "priority", "bfs", "off"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void tenThousandVirtualThreadsRunningDesignatedCodeComplete(String policy) throws Exception {
        assumeTrue(TestThreads.virtualThreadsAvailable(), "virtual threads need JDK 21+");
        Kind kind = Kind.VIRTUAL;
        try (GilLock lock = new GilLock(GilPolicy.byName(policy))) {
            MutualExclusionOracle oracle = new MutualExclusionOracle(lock);
            List<Thread> ts = TestThreads.startAll(kind, 10_000, "v-", i -> () -> {
                ThreadState s = lock.enter();
                TestThreads.spin(lock, 1_000);
                oracle.in();
                busyWithoutCheckpoints();
                oracle.out();
                lock.releaseForBlocking(); // "sleeping" releases it
                sleepMicros(100);
                lock.checkpoint();
                lock.exit(s);
            });
            TestThreads.joinAll(ts);
            if (lock.policy().serializes()) assertEquals(1, oracle.maxInside());
            assertEquals(0, oracle.timesSeenInsideWithoutToken());
            assertEquals(null, lock.ownerThread());
        }
    }
}
