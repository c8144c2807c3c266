package dev.jgil.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What priority and bfs share: threads that keep coming back from blocking calls win, and starve nobody. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PriorityRequestsTest {

    /**
     * Three CPU-bound threads beside a thread that blocks every few hundred microseconds and preempts them
     * each time it comes back: each CPU-bound thread still gets a fair part of the token's time. (The head
     * waiter's interval must keep running while the owner it times is back after each priority hold; if it
     * restarted at every change of holder, the owner would keep the token and the others starve; and a priority
     * hold is a loan: the token goes back to the owner that dropped for it while that one still spins for it.)
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"priority", "bfs"})
    void cpuBoundThreadsAreNotStarvedByAThreadThatKeepsComingBackFromBlocking(String policy) throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.byName(policy))) {
            lock.setIntervalNanos(TimeUnit.MILLISECONDS.toNanos(1));
            int n = 3;
            AtomicLongArray spins = new AtomicLongArray(n);
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int me = i;
                threads.add(new Thread(() -> {
                    ThreadState s = lock.enter();
                    while (!stop.get()) {
                        TestThreads.spin(lock, 200);
                        spins.incrementAndGet(me);
                    }
                    lock.exit(s);
                }, "cpu-" + i));
            }
            java.util.concurrent.atomic.AtomicLong ioRounds = new java.util.concurrent.atomic.AtomicLong();
            threads.add(new Thread(() -> {
                ThreadState s = lock.enter();
                while (!stop.get()) {
                    TestThreads.spin(lock, 50);
                    lock.releaseForBlocking();
                    MutualExclusionTest.sleepMicros(200);
                    lock.checkpoint(); // back from "I/O": an earlier deadline than any CPU-bound owner
                    ioRounds.incrementAndGet();
                }
                lock.exit(s);
            }, "io"));
            for (Thread t : threads) t.start();
            // 1.5 s, and at least 100 trips to "I/O" (10 s at most: a loaded machine slows the threads, not the rule)
            Thread.sleep(1500);
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ioRounds.get() < 100 && System.nanoTime() < giveUp) Thread.sleep(20);
            stop.set(true);
            for (Thread t : threads) t.join();

            long total = 0;
            for (int i = 0; i < n; i++) total += spins.get(i);
            StringBuilder shares = new StringBuilder(policy + ": io rounds " + ioRounds.get() + ", shares");
            for (int i = 0; i < n; i++) shares.append(String.format(" %.3f", spins.get(i) / (double) total));
            System.out.println(shares);
            for (int i = 0; i < n; i++) {
                // A fair part is a third; a starved thread gets next to nothing (before the loan was returned to its
                // lender: 0.033 and 0.055 in CI). Under priority the parts are uneven: 0.10-0.55 over 26 runs on JDK 25
                // (two CI runs gave 0.104 and 0.112), 0.21-0.48 on JDK 17; bfs stays at 0.32-0.35. The bound is
                // "not starved", not "fair": see benchmarks/README.md, "a priority hold is a loan".
                assertTrue(spins.get(i) >= total / 12, "cpu-" + i + " got " + spins.get(i) + " of " + total + " spins");
            }
            assertTrue(ioRounds.get() >= 100, "the blocking thread made only " + ioRounds.get() + " rounds");
        }
    }

}
