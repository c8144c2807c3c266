package dev.jgil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Fair comparison policy: hand-off order equals arrival order. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FifoPolicyTest {

    @Test
    void handOffOrderEqualsArrivalOrder() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.FIFO)) {
            lock.setIntervalNanos(TimeUnit.SECONDS.toNanos(10)); // no drop requests during the test
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            ThreadState holder = lock.enter();
            List<Thread> waiters = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                final int id = i;
                Thread t = new Thread(() -> {
                    ThreadState s = lock.enter();
                    order.add(id);
                    lock.exit(s);
                }, "arrival-" + i);
                t.start();
                waiters.add(t);
                // arrival i is parked in the queue before arrival i+1 starts
                while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
                    Thread.onSpinWait();
                }
            }
            // A late arrival that never queued must not barge ahead of the queue.
            lock.exit(holder);
            for (Thread t : waiters) t.join();
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), order);
        }
    }

    @Test
    void dropRequestHandsTheTokenToTheLongestWaiterAndRequeuesTheHolder() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.FIFO)) {
            lock.setIntervalNanos(TimeUnit.MILLISECONDS.toNanos(1));
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            ThreadState hog = lock.enter();
            Thread w = new Thread(() -> {
                ThreadState s = lock.enter();
                order.add("waiter");
                lock.exit(s);
            }, "waiter");
            w.start();
            while (lock.waiterCount() == 0) Thread.onSpinWait();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (order.isEmpty() && System.nanoTime() < deadline) TestThreads.spin(lock, 1_000);
            order.add("hog again");
            lock.exit(hog);
            w.join();
            assertEquals(List.of("waiter", "hog again"), order);
            assertEquals(1, lock.forcedSwitches());
        }
    }
}
