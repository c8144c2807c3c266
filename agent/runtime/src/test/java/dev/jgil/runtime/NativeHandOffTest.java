package dev.jgil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The watchdog's in-native-and-sleeping rule. No agent here: a pipe read inside designated code is not
 * released by advice, so only the watchdog can take the token from an owner sitting in it.
 */
class NativeHandOffTest {
    private static boolean linux() {
        return Files.isDirectory(Paths.get("/proc/self/task"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"switch", "fifo", "ticks", "priority", "bfs"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aWaiterGetsTheTokenWithinIntervalsWhileTheOwnerSitsInANativeRead(String policy) throws Exception {
        assumeTrue(linux(), "kernel thread states come from /proc");
        try (GilLock lock = new GilLock(GilPolicy.byName(policy))) {
            Pipe pipe = Pipe.open();
            List<Long> waits = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                Thread owner = new Thread(() -> {
                    ThreadState s = lock.enter();
                    try {
                        pipe.source().read(ByteBuffer.allocate(1)); // native, RUNNABLE, sleeping in read(2)
                        lock.checkpoint();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    } finally {
                        lock.exit(s);
                    }
                }, "owner-" + round);
                owner.start();
                while (lock.ownerThread() != owner) Thread.onSpinWait();
                Thread.sleep(20); // into the read
                long t0 = System.nanoTime();
                ThreadState s = lock.enter();
                long waited = System.nanoTime() - t0;
                lock.exit(s);
                waits.add(waited);
                pipe.sink().write(ByteBuffer.wrap(new byte[]{1}));
                owner.join();
            }
            waits.sort(null);
            long median = waits.get(waits.size() / 2);
            assertTrue(median < TimeUnit.MILLISECONDS.toNanos(200), "median wait " + median / 1e6 + " ms; all " + waits);
            assertTrue(lock.nativeBlockedHandOffs() >= 4, "native hand-offs " + lock.nativeBlockedHandOffs());
        }
    }

    /**
     * Mutual exclusion holds while owners compute (Java and native-free) and sometimes sit in native
     * reads that the watchdog takes the token from; the machine is loaded by the computing threads
     * themselves (more threads than cores), which must never be mistaken for blocked.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"switch", "fifo", "ticks", "priority", "bfs"})
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void mutualExclusionHoldsWithNativeBlockingOwnersUnderLoad(String policy) throws Exception {
        assumeTrue(linux(), "kernel thread states come from /proc");
        try (GilLock lock = new GilLock(GilPolicy.byName(policy))) {
            lock.setIntervalNanos(TimeUnit.MICROSECONDS.toNanos(200));
            MutualExclusionOracle oracle = new MutualExclusionOracle(lock);
            long[] plain = new long[1];
            Pipe pipe = Pipe.open();
            AtomicBoolean done = new AtomicBoolean();
            Thread feeder = new Thread(() -> { // one byte every ~300 us: the readers block in between
                try {
                    while (!done.get()) {
                        pipe.sink().write(ByteBuffer.wrap(new byte[]{1}));
                        TimeUnit.MICROSECONDS.sleep(300);
                    }
                } catch (Exception e) {
                    // closed at the end
                }
            }, "feeder");
            feeder.start();
            int threads = 6, rounds = 300;
            List<Thread> ts = TestThreads.startAll(TestThreads.Kind.PLATFORM, threads, "w-", i -> () -> {
                for (int r = 0; r < rounds; r++) {
                    ThreadState s = lock.enter();
                    try {
                        oracle.in();
                        long before = plain[0];
                        MutualExclusionTest.busyWithoutCheckpoints();
                        plain[0] = before + 1;
                        oracle.out();
                        if (i % 2 == 0 && r % 3 == 0) {
                            pipe.source().read(ByteBuffer.allocate(1)); // may be handed off while in here
                        }
                        lock.checkpoint(); // the woven checkpoint after every call
                        oracle.in(); // right after the checkpoint: must own the token again
                        MutualExclusionTest.busyWithoutCheckpoints();
                        oracle.out();
                        TestThreads.spin(lock, 20); // checkpoints are switch points: outside the brackets
                    } catch (java.io.IOException e) {
                        throw new RuntimeException(e);
                    } finally {
                        lock.exit(s);
                    }
                }
            });
            TestThreads.joinAll(ts);
            done.set(true);
            pipe.sink().close();
            feeder.join();
            System.out.println(policy + ": native hand-offs " + lock.nativeBlockedHandOffs() + ", stalled "
                    + lock.stalledOwnerHandOffs() + ", watchdog " + lock.watchdogHandOffs() + ", maxInside " + oracle.maxInside()
                    + ", withoutToken " + oracle.timesSeenInsideWithoutToken() + ", lost " + ((long) threads * rounds - plain[0]));
            assertEquals(1, oracle.maxInside());
            assertEquals(0, oracle.timesSeenInsideWithoutToken());
            assertEquals((long) threads * rounds, plain[0]);
        }
    }
}
