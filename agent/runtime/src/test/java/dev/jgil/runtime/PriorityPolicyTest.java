package dev.jgil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** bpo-7946's priority requests: {@code switch}, except for threads coming back from a blocking call. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PriorityPolicyTest {

    @Test
    void isSelectedByItsOptionName() {
        assertSame(GilPolicy.PRIORITY, GilPolicy.byName("priority"));
        assertEquals("priority", GilPolicy.PRIORITY.name());
    }

    /**
     * The convoy's setup (SwitchPolicyTest: under {@code switch} the I/O thread waits a whole interval) with
     * an interval of two seconds: the thread back from its blocking call must not wait it out, and it goes
     * ahead of the CPU-bound thread already queued.
     */
    @Test
    void aThreadBackFromBlockingTakesTheTokenAtTheOwnersNextCheckpointUnderPriority() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.PRIORITY)) {
            long interval = TimeUnit.SECONDS.toNanos(2);
            lock.setIntervalNanos(interval);
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            lock.setTraceAccounting(true);
            lock.setListener(new SwitchPolicyTest.RecordingListener(order));
            String me = Thread.currentThread().getName();
            ThreadState io = lock.enter();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong cpuRan = new AtomicLong();
            Runnable cpuBound = () -> {
                ThreadState s = lock.enter();
                while (!stop.get()) {
                    TestThreads.spin(lock, 1_000);
                    cpuRan.incrementAndGet();
                }
                lock.exit(s);
            };
            Thread a = new Thread(cpuBound, "cpu-A");
            Thread b = new Thread(cpuBound, "cpu-B");
            a.start();
            while (lock.waiterCount() < 1) Thread.onSpinWait();
            b.start();
            while (lock.waiterCount() < 2) Thread.onSpinWait();

            int rounds = 5;
            long waitedMax = 0;
            for (int i = 0; i < rounds; i++) {
                long ranBefore = cpuRan.get();
                lock.releaseForBlocking(); // the I/O thread is about to block: a CPU-bound waiter takes the token
                while (cpuRan.get() == ranBefore) Thread.onSpinWait(); // "the system call": CPU-bound code runs meanwhile
                long back = System.nanoTime();
                lock.checkpoint(); // lazy re-acquire: a priority request
                waitedMax = Math.max(waitedMax, System.nanoTime() - back);
                assertTrue(lock.isHeldByCurrentThread());
            }
            stop.set(true);
            lock.exit(io);
            a.join();
            b.join();

            // Under switch each round waits about one interval (2 s); generous for a loaded machine.
            assertTrue(waitedMax < interval / 2, "the I/O thread waited up to " + waitedMax / 1_000 + " us");
            // The token's history: each re-acquisition follows one CPU-bound hold, never two in a row.
            List<String> history;
            synchronized (order) {
                history = new ArrayList<>(order);
            }
            int reacquires = 0;
            for (int i = 1; i < history.size(); i++) {
                if (!history.get(i).equals(me + ":" + AcquireCause.REACQUIRE)) continue;
                reacquires++;
                assertTrue(history.get(i - 1).startsWith("cpu-") && history.get(i - 2).startsWith(me + ":"),
                        "the I/O thread waited behind a second CPU-bound thread: " + history);
            }
            assertEquals(rounds, reacquires, history::toString);
        }
    }

    /** Threads that never block keep {@code switch}'s rules: forced switches every interval, no battle. */
    @Test
    void cpuBoundThreadsStillSwitchEveryIntervalUnderPriority() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.PRIORITY)) {
            lock.setIntervalNanos(TimeUnit.MILLISECONDS.toNanos(1));
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            lock.setTraceAccounting(true);
            lock.setListener(new SwitchPolicyTest.RecordingListener(order));
            AtomicBoolean stop = new AtomicBoolean();
            Runnable cpuBound = () -> {
                ThreadState s = lock.enter();
                while (!stop.get()) TestThreads.spin(lock, 500);
                lock.exit(s);
            };
            Thread a = new Thread(cpuBound, "A");
            Thread b = new Thread(cpuBound, "B");
            a.start();
            b.start();
            // Until 20 forced switches (0.4 s on a quiet machine at a 1 ms interval), 10 s at most: a loaded
            // machine slows the threads, not the rule.
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (lock.forcedSwitches() < 20 && System.nanoTime() < giveUp) Thread.sleep(20);
            stop.set(true);
            a.join();
            b.join();

            int[] dw = SwitchPolicyTest.RecordingListener.dropsAndWonBack(order);
            int drops = dw[0];
            int wonBack = dw[1];
            assertTrue(drops >= 20, "expected 20 forced switches within 10 s at a 1 ms interval, got " + drops);
            assertEquals(0, wonBack, "forced dropper re-took the token before the other thread, of " + drops + " drops");
            assertEquals(0, lock.blockingReleases(), "nobody blocked, so nobody made a priority request");
        }
    }
}
