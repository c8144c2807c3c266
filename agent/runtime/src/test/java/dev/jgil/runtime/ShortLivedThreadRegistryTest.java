package dev.jgil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A thread per task: the lock's totals count every acquisition, whatever the threads' lifetimes, and its
 * registry of threads follows the live threads without anybody listing them (it once kept every thread
 * the program ever ran until someone called threadStates()).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShortLivedThreadRegistryTest {
    private static final int TASKS = 5_000;

    @Test
    void everyShortLivedThreadIsCountedAndNoneIsKept() throws Exception {
        try (GilLock lock = new GilLock()) {
            AtomicInteger started = new AtomicInteger();
            lock.setListener(new GilListener() {
                @Override
                public void threadStarted(ThreadState thread) {
                    started.incrementAndGet();
                }

                @Override
                public void acquired(ThreadState t, AcquireCause c, long ws, long an, ThreadState b, int w) {
                }

                @Override
                public void released(ThreadState t, ReleaseCause c, long hs, long rn) {
                }

                @Override
                public void switchRequested(ThreadState r, ThreadState o, long n) {
                }

                @Override
                public void dropped(ThreadState o, ThreadState r, long rn, long dn) {
                }
            });
            int maxRegistered = 0;
            List<Thread> batch = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                Thread t = new Thread(() -> {
                    ThreadState s = lock.enter();
                    lock.checkpoint();
                    lock.exit(s);
                }, "task-" + i);
                t.start();
                batch.add(t);
                if (batch.size() == 50) { // a few in flight, as a thread-per-task server has
                    for (Thread b : batch) b.join();
                    batch.clear();
                    maxRegistered = Math.max(maxRegistered, lock.registeredThreads());
                }
            }
            for (Thread b : batch) b.join();
            assertEquals(TASKS, lock.acquisitions(), "the lock-wide total counts the threads that have ended");
            assertEquals(lock.switches(), lock.acquisitions(), "one task, one acquisition, one switch");
            assertEquals(TASKS, started.get(), "the listener hears of every thread");
            // Pruned on its own as new threads come (2x the live ones, at least 1024), never all 5,000.
            assertTrue(maxRegistered <= 1024 + 100, "registry grew to " + maxRegistered);
            lock.pruneDeadThreads();
            assertEquals(0, lock.registeredThreads(), "every task thread has ended");
            assertEquals(0, lock.threadStates().size());
        }
    }
}
