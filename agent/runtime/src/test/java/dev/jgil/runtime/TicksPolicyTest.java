package dev.jgil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython &le; 3.1 semantics: drop every N checks and immediately compete again. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TicksPolicyTest {

    @Test
    void holderDropsEveryCheckIntervalCheckpoints() {
        try (GilLock lock = new GilLock(GilPolicy.TICKS)) {
            lock.setCheckInterval(100);
            ThreadState s = lock.enter();
            TestThreads.spin(lock, 10_000); // 10,000 checkpoints
            lock.exit(s);
            assertEquals(100, lock.tickDrops());
            assertEquals(100, lock.tickDropsWonBack(), "alone, the releaser always takes it back");
        }
    }

    @Test
    void releaserWinsTheTokenBackInMostDropsTheGilBattle() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.TICKS)) {
            lock.setCheckInterval(100);
            AtomicBoolean stop = new AtomicBoolean();
            Runnable cpuBound = () -> {
                ThreadState s = lock.enter();
                while (!stop.get()) TestThreads.spin(lock, 1_000);
                lock.exit(s);
            };
            Thread a = new Thread(cpuBound, "A");
            Thread b = new Thread(cpuBound, "B");
            a.start();
            b.start();
            Thread.sleep(500);
            stop.set(true);
            a.join();
            b.join();
            long drops = lock.tickDrops();
            long wonBack = lock.tickDropsWonBack();
            assertTrue(drops > 1_000, "drops: " + drops);
            // The woken waiter needs microseconds to be scheduled; the releaser retries at once.
            assertTrue(wonBack > drops / 2, "releaser won back " + wonBack + " of " + drops + " drops");
        }
    }
}
