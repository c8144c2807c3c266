package dev.jgil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hot path finds a thread's state in a table indexed by thread id; a shared slot must never mix threads up. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StateCacheTest {

    /** A new (unstarted) thread whose id maps to the same slot as the calling thread's. */
    private static Thread collidingWithMe(Runnable body) {
        long mine = Thread.currentThread().getId() & (GilLock.BY_ID_SLOTS - 1);
        while (true) {
            Thread t = new Thread(body); // ids are handed out at construction
            if ((t.getId() & (GilLock.BY_ID_SLOTS - 1)) == mine) return t;
        }
    }

    @Test
    void threadsSharingACacheSlotEachGetTheirOwnState() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.SWITCH)) {
            ThreadState mine = lock.enter();
            lock.exit(mine);
            AtomicReference<ThreadState> theirs = new AtomicReference<>();
            AtomicReference<Boolean> heldInside = new AtomicReference<>();
            Thread other = collidingWithMe(() -> {
                ThreadState s = lock.enter(); // evicts the main thread's entry from the shared slot
                heldInside.set(lock.isHeldByCurrentThread());
                lock.exit(s);
                theirs.set(s);
            });
            other.start();
            other.join();
            assertSame(other, theirs.get().thread);
            assertEquals(true, heldInside.get());
            assertEquals(0, theirs.get().depth());
            ThreadState again = lock.enter();
            assertSame(mine, again, "the main thread got another thread's state back from the shared slot");
            assertEquals(1, again.depth());
            lock.exit(again);
            assertFalse(lock.isHeldByCurrentThread());
        }
    }

    @Test
    void offCountsDepthWithoutTakingTheToken() {
        try (GilLock lock = new GilLock(GilPolicy.OFF)) {
            ThreadState outer = lock.enter();
            ThreadState inner = lock.enter();
            assertSame(outer, inner);
            assertEquals(2, outer.depth());
            assertFalse(lock.isHeldByCurrentThread());
            lock.exit(inner);
            lock.exit(outer);
            assertEquals(0, outer.depth());
            assertEquals(0, outer.acquisitions(), "off takes no token");
        }
    }
}
