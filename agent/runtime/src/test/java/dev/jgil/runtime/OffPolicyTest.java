package dev.jgil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code off}: no serialization, but the runtime still knows who is inside designated code. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OffPolicyTest {

    @Test
    void threadsOverlapInsideDesignatedCode() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.OFF)) {
            CyclicBarrier bothInside = new CyclicBarrier(2); // would never trip under a serializing policy
            MutualExclusionOracle oracle = new MutualExclusionOracle(lock);
            Runnable r = () -> {
                ThreadState s = lock.enter();
                oracle.in();
                try {
                    bothInside.await(10, TimeUnit.SECONDS);
                    assertEquals(1, s.depth());
                } catch (Exception e) {
                    throw new AssertionError(e);
                } finally {
                    oracle.out();
                    lock.exit(s);
                }
            };
            Thread a = new Thread(r);
            Thread b = new Thread(r);
            a.start();
            b.start();
            a.join();
            b.join();
            assertEquals(2, oracle.maxInside());
            assertNull(lock.ownerThread());
        }
    }

    @Test
    void switchingToOffReleasesEveryWaiterAtOnce() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.SWITCH)) {
            lock.setIntervalNanos(TimeUnit.SECONDS.toNanos(10));
            ThreadState holder = lock.enter();
            CountDownLatch inside = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                new Thread(() -> {
                    ThreadState s = lock.enter();
                    inside.countDown();
                    lock.exit(s);
                }).start();
            }
            while (lock.waiterCount() < 3) Thread.onSpinWait();
            lock.setPolicy(GilPolicy.OFF);
            assertTrue(inside.await(5, TimeUnit.SECONDS), "waiters still blocked after policy=off");
            lock.exit(holder);
            assertEquals(0, lock.waiterCount());
        }
    }
}
