package dev.jgil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FastOff's bodies count only outermost entries: a nested entry gets {@link ThreadState#NESTED} back and writes
 * nothing. These hold the contract that makes that safe across a change of policy: the depth stays above 0 while
 * the thread is inside, and a nested exit made with the general bodies (after the swap back) still takes the token
 * back before the designated caller runs on.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FastOffNestingTest {

    @Test
    void aNestedEntryUnderFastOffWritesNothingAndItsExitLeavesTheDepthAlone() {
        try (GilLock lock = new GilLock(GilPolicy.OFF)) {
            ThreadState outer = FastOff.enter(lock);
            assertEquals(1, outer.depth());
            ThreadState inner = FastOff.enter(lock);
            ThreadState innermost = FastOff.enter(lock);
            assertSame(ThreadState.NESTED, inner);
            assertSame(ThreadState.NESTED, innermost);
            assertEquals(1, outer.depth(), "nested entries under FastOff are not counted");
            FastOff.exit(lock, innermost);
            FastOff.exit(lock, inner);
            assertEquals(1, outer.depth(), "the outermost entry is still open");
            FastOff.exit(lock, outer);
            assertEquals(0, outer.depth());
        }
    }

    @Test
    void aNestedExitAfterTheSwapToASerializingPolicyTakesTheTokenBackBeforeTheCallerRunsOn() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.OFF)) {
            lock.setIntervalNanos(TimeUnit.SECONDS.toNanos(10));
            CountDownLatch nestedOpen = new CountDownLatch(1);
            CountDownLatch policyChanged = new CountDownLatch(1);
            CountDownLatch otherHolds = new CountDownLatch(1);
            AtomicReference<Thread> ownerAfterNestedExit = new AtomicReference<>();
            AtomicReference<Long> otherReleasedAt = new AtomicReference<>();
            AtomicReference<Long> nestedExitReturnedAt = new AtomicReference<>();
            Thread a = new Thread(() -> {
                ThreadState outer = FastOff.enter(lock); // under off: the thread's own state, depth 1
                ThreadState inner = FastOff.enter(lock); // nested: NESTED
                nestedOpen.countDown();
                await(policyChanged);
                await(otherHolds);
                lock.exit(inner); // the general body: a nested exit must own the token when it returns
                nestedExitReturnedAt.set(System.nanoTime());
                ownerAfterNestedExit.set(lock.ownerThread());
                lock.exit(outer);
            }, "nested");
            a.start();
            await(nestedOpen);
            lock.setPolicy(GilPolicy.SWITCH);
            policyChanged.countDown();
            Thread b = new Thread(() -> {
                ThreadState s = lock.enter();
                otherHolds.countDown();
                spin(200); // computing, not blocked: the watchdog leaves the token with it
                otherReleasedAt.set(System.nanoTime());
                lock.exit(s);
            }, "other");
            b.start();
            a.join();
            b.join();
            assertSame(a, ownerAfterNestedExit.get(), "the nested exit returned without the token");
            assertTrue(nestedExitReturnedAt.get() >= otherReleasedAt.get(),
                    "the nested exit ran on while another thread held the token");
            assertNull(lock.ownerThread(), "the outermost exit gives the token back");
        }
    }

    private static void await(CountDownLatch l) {
        try {
            assertTrue(l.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void spin(long ms) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (System.nanoTime() < end) Thread.onSpinWait();
    }
}
