package dev.jgil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Nesting, exceptional exits, eager release and lazy re-acquire. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReentrancyAndReleaseTest {

    @Test
    void nestedEntersOnlyCountDepthAndOnlyTheOutermostExitReleases() {
        try (GilLock lock = new GilLock()) {
            ThreadState outer = lock.enter();
            ThreadState inner = lock.enter();
            ThreadState innermost = lock.enter();
            assertSame(outer, inner);
            assertSame(outer, innermost);
            assertEquals(3, outer.depth());
            assertEquals(1, outer.acquisitions(), "nested enters are not acquisitions");
            lock.exit(innermost);
            lock.exit(inner);
            assertTrue(lock.isHeldByCurrentThread());
            lock.exit(outer);
            assertFalse(lock.isHeldByCurrentThread());
            assertEquals(0, outer.depth());
        }
    }

    @Test
    void exitOnExceptionReleasesTheToken() throws Exception {
        try (GilLock lock = new GilLock()) {
            assertThrows(IllegalStateException.class, () -> designatedMethodThatThrows(lock, 3));
            assertNull(lock.ownerThread());
            Thread other = new Thread(() -> lock.exit(lock.enter()));
            other.start();
            other.join(5_000);
            assertFalse(other.isAlive(), "another thread could not take the token after an exception");
        }
    }

    /** What woven code does: enter, body, exit in a finally (ByteBuddy's onThrowable exit advice). */
    private static void designatedMethodThatThrows(GilLock lock, int depth) {
        ThreadState s = lock.enter();
        try {
            if (depth == 0) throw new IllegalStateException("boom");
            designatedMethodThatThrows(lock, depth - 1);
        } finally {
            lock.exit(s);
        }
    }

    @Test
    void releaseForBlockingIsANoOpForAThreadThatDoesNotOwnTheToken() {
        try (GilLock lock = new GilLock()) {
            lock.releaseForBlocking(); // outside designated code
            assertNull(lock.ownerThread());
            assertEquals(0, lock.blockingReleases());
        }
    }

    @Test
    void releaseForBlockingLetsOthersInAndTheNextCheckpointReacquiresWithDepthPreserved() throws Exception {
        try (GilLock lock = new GilLock()) {
            ThreadState s = lock.enter();
            lock.enter();
            lock.enter();
            lock.releaseForBlocking(); // eagerly, before "the blocking call"
            assertFalse(lock.isHeldByCurrentThread());
            assertEquals(3, s.depth(), "depth is remembered while released");

            AtomicBoolean otherRan = new AtomicBoolean();
            Thread other = new Thread(() -> {
                ThreadState o = lock.enter(); // does not wait: the token is free
                otherRan.set(true);
                lock.exit(o);
            });
            other.start();
            other.join(5_000);
            assertTrue(otherRan.get(), "another thread could not enter while we were 'blocked'");

            assertFalse(lock.isHeldByCurrentThread(), "re-acquired on the blocking call's return path");
            lock.checkpoint(); // back in designated code: lazy re-acquire
            assertTrue(lock.isHeldByCurrentThread());
            assertEquals(3, s.depth());
            lock.exit(s);
            lock.exit(s);
            assertTrue(lock.isHeldByCurrentThread());
            lock.exit(s);
            assertNull(lock.ownerThread());
        }
    }

    @Test
    void nestedExitAfterABlockingReleaseReacquiresBeforeReturningToTheDesignatedCaller() throws Exception {
        try (GilLock lock = new GilLock()) {
            ThreadState s = lock.enter();
            lock.enter();
            lock.releaseForBlocking();
            lock.exit(s); // returns into the designated caller
            assertTrue(lock.isHeldByCurrentThread());
            assertEquals(1, s.depth());
            lock.exit(s);
            assertNull(lock.ownerThread());
        }
    }

    @Test
    void outermostExitWhileReleasedGivesNothingBack() throws Exception {
        try (GilLock lock = new GilLock()) {
            ThreadState s = lock.enter();
            lock.releaseForBlocking();
            CountDownLatch otherHolds = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Thread other = new Thread(() -> {
                ThreadState o = lock.enter();
                otherHolds.countDown();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                lock.exit(o);
            });
            other.start();
            otherHolds.await();
            lock.exit(s); // must neither wait for nor steal the other thread's token
            assertSame(other, lock.ownerThread());
            done.countDown();
            other.join();
            assertNull(lock.ownerThread());
        }
    }

    @Test
    void interruptWhileWaitingIsKeptForTheApplicationAndDoesNotSpin() throws Exception {
        try (GilLock lock = new GilLock()) {
            lock.setIntervalNanos(TimeUnit.SECONDS.toNanos(10));
            ThreadState holder = lock.enter();
            AtomicBoolean interruptedAfter = new AtomicBoolean();
            Thread w = new Thread(() -> {
                ThreadState s = lock.enter();
                interruptedAfter.set(Thread.currentThread().isInterrupted());
                lock.exit(s);
            });
            w.start();
            while (lock.waiterCount() == 0) Thread.onSpinWait();
            w.interrupt();
            Thread.sleep(50);
            lock.exit(holder);
            w.join(5_000);
            assertFalse(w.isAlive());
            assertTrue(interruptedAfter.get(), "the interrupt was swallowed");
        }
    }
}
