package dev.jgil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CPython &ge; 3.2 semantics: timed waits, drop requests, forced switching. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SwitchPolicyTest {

    @Test
    void cpuBoundHolderIsForcedToDropWithinAFewIntervalsOnceSomeoneWaits() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.SWITCH)) {
            long interval = TimeUnit.MILLISECONDS.toNanos(5);
            lock.setIntervalNanos(interval);
            CountDownLatch holding = new CountDownLatch(1);
            AtomicBoolean stop = new AtomicBoolean();
            Thread hog = new Thread(() -> {
                ThreadState s = lock.enter();
                holding.countDown();
                while (!stop.get()) TestThreads.spin(lock, 1_000); // never blocks, never exits
                lock.exit(s);
            }, "cpu-hog");
            hog.start();
            holding.await();

            long start = System.nanoTime();
            ThreadState s = lock.enter(); // must not wait for the hog to finish: it never would
            long waited = System.nanoTime() - start;
            lock.exit(s);
            stop.set(true);
            hog.join();

            // One interval of timed wait, then the drop request is honoured at the hog's next checkpoint.
            // Bound generously (40 intervals: a loaded 2-core machine once took 29) — the failure this
            // guards against is waiting for the hog to finish, which it never does.
            assertTrue(waited < 40 * interval, "waited " + waited / 1_000 + " us for a CPU-bound holder");
            assertTrue(waited >= interval / 2, "took the token before one interval passed: " + waited / 1_000 + " us");
            assertTrue(lock.dropRequests() >= 1);
            assertTrue(lock.forcedSwitches() >= 1);
        }
    }

    /**
     * The convoy (bpo-7946): in CPython the waiter signalled by drop_gil takes the GIL while the releasing
     * thread is in its system call, so the I/O thread finds it held when it comes back. A release for a
     * blocking call hands the token to the queued waiter at once, whether or not it has woken yet.
     */
    @Test
    void aReleaseForBlockingHandsTheTokenToTheQueuedWaiterSoTheBlockerWaitsToGetItBack() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.SWITCH)) {
            lock.setIntervalNanos(TimeUnit.MILLISECONDS.toNanos(5));
            ThreadState io = lock.enter();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong cpuAcquired = new AtomicLong();
            Thread cpu = new Thread(() -> {
                ThreadState s = lock.enter();
                cpuAcquired.set(System.nanoTime());
                while (!stop.get()) TestThreads.spin(lock, 1_000);
                lock.exit(s);
            }, "cpu-bound");
            cpu.start();
            while (lock.waiterCount() == 0 || cpu.getState() != Thread.State.TIMED_WAITING) Thread.onSpinWait();

            lock.releaseForBlocking(); // the I/O thread is about to block
            assertEquals(cpu, lock.ownerThread(), "the token went to the queued waiter, not back to the pool");
            // The call returns after the waiter claimed the token (a busy machine that leaves it without a core past
            // the claim grace gives the token back instead: aHandOffItsReceiverDoesNotClaimInTimeGoesToTheThreadThatCameBack).
            while (cpuAcquired.get() == 0) Thread.onSpinWait();
            long back = System.nanoTime(); // "the system call returned"
            lock.checkpoint(); // lazy re-acquire: waits until the CPU-bound thread is asked to drop
            long waited = System.nanoTime() - back;
            assertTrue(lock.isHeldByCurrentThread());
            assertTrue(cpuAcquired.get() != 0, "the CPU-bound thread ran while the I/O thread was blocked");
            assertEquals(3, lock.switches(), "io -> cpu -> io: " + lock);
            // It had to ask: one interval of timed wait, then the CPU-bound thread's forced drop.
            assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(2), "got the token back after " + waited / 1_000 + " us");
            assertTrue(lock.forcedSwitches() >= 1);
            stop.set(true);
            lock.exit(io);
            cpu.join();
        }
    }

    /**
     * CPython frees the GIL at a blocking call and whoever runs first takes it: on a machine whose cores are busy
     * the signalled thread often gets none before the caller is back, and the convoy softens. jgil hands the token
     * to the queued waiter; if that thread has not claimed it one claim grace later, the thread that came back takes it.
     * The receiver here never runs (its thread is parked elsewhere), like a thread that gets no core.
     */
    @Test
    void aHandOffItsReceiverDoesNotClaimInTimeGoesToTheThreadThatCameBack() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.SWITCH)) {
            lock.setIntervalNanos(TimeUnit.MILLISECONDS.toNanos(5));
            ThreadState io = lock.enter();
            CountDownLatch never = new CountDownLatch(1);
            Thread noCore = new Thread(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "no-core");
            noCore.start();
            ThreadState starved = new ThreadState(noCore); // queued as waitForToken queues, then never scheduled
            GilLock.WAITERS.getAndAdd(lock, 1);
            starved.waiting = true;
            starved.queued = true;
            lock.queue.offer(starved);

            long beforeRelease = System.nanoTime(); // the hand-off is stamped after this: the grace runs from there
            lock.releaseForBlocking(); // handed to the queued waiter
            assertEquals(noCore, lock.ownerThread(), () -> "the token went to the queued waiter: " + lock);
            lock.checkpoint(); // without the grace: waits for a thread that never runs (the @Timeout)
            long waited = System.nanoTime() - beforeRelease;
            assertTrue(lock.isHeldByCurrentThread(), lock.toString());
            assertEquals(1, lock.lapsedHandOffs(), lock.toString());
            assertEquals(0, starved.acquisitions, "the receiver never held it");
            assertTrue(waited >= Acquisition.CLAIM_GRACE_NANOS, "took it back " + waited / 1_000 + " us after the release, before the grace");
            lock.exit(io);
            GilLock.WAITERS.getAndAdd(lock, -1);
            never.countDown();
            noCore.join();
        }
    }

    /**
     * Claims and lapses under stress: blocking releases hand the token to queued waiters all the time, a claim grace
     * of a few microseconds lets threads back from their calls take many of them, and still only one thread runs.
     */
    @Test
    void aLapsedHandOffNeverLetsTheReceiverRunBesideTheThreadThatTookIt() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.SWITCH)) {
            lock.setIntervalNanos(TimeUnit.MICROSECONDS.toNanos(20)); // grace: 5 us, shorter than any wake-up
            MutualExclusionOracle oracle = new MutualExclusionOracle(lock);
            long[] plainCounter = new long[1];
            int threads = 6;
            int rounds = 3_000;
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(threads);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            AtomicLong done = new AtomicLong();
            List<Thread> ts = TestThreads.startAll(TestThreads.Kind.PLATFORM, threads, "claim-", i -> () -> {
                try {
                    together.await(); // all at once, or each runs its rounds alone before the next one starts
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                // At least the rounds; then on until a hand-off lapsed (or the deadline: the assertion below fails)
                for (int r = 0; r < rounds || lock.lapsedHandOffs() == 0 && System.nanoTime() < deadline; r++) {
                    done.incrementAndGet();
                    ThreadState s = lock.enter();
                    oracle.in();
                    long before = plainCounter[0];
                    MutualExclusionTest.busyWithoutCheckpoints();
                    plainCounter[0] = before + 1;
                    oracle.out();
                    lock.releaseForBlocking(); // hands the token to the queued head
                    Thread.onSpinWait(); // "the call": back before a parked receiver wakes
                    lock.checkpoint();
                    oracle.in();
                    oracle.out();
                    lock.exit(s);
                }
            });
            TestThreads.joinAll(ts);
            assertEquals(1, oracle.maxInside(), "threads inside designated code at once");
            assertEquals(0, oracle.timesSeenInsideWithoutToken());
            assertEquals(done.get(), plainCounter[0], "lost updates on an unsynchronized counter");
            assertTrue(lock.lapsedHandOffs() > 0, "no hand-off lapsed: " + lock);
            assertEquals(0, lock.waiterCount());
            assertEquals(null, lock.ownerThread(), "token left held after everyone exited: " + lock);
        }
    }

    /**
     * CPython's take_gil counts a switch when the new holder takes the GIL; a hand-off gives the token at the release,
     * while the receiver is still parked. If the number moved only when the receiver woke (tens of microseconds
     * later), a thread that started waiting in between saw it move inside its first interval, asked for no drop, and
     * waited a second interval: the convoy demo's I/O thread waited 10.8 ms per round trip instead of ~5 (slowdown
     * bimodal, 185× or 1,392× in alternate runs). So the giver moves it, once, as it hands the token over.
     */
    @Test
    void aHandOffMovesTheSwitchNumberAsTheTokenChangesHandsAndTheReceiverDoesNotMoveItAgain() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.SWITCH)) {
            lock.setIntervalNanos(TimeUnit.MILLISECONDS.toNanos(5));
            ThreadState io = lock.enter();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch cpuRuns = new CountDownLatch(1);
            Thread cpu = new Thread(() -> {
                ThreadState s = lock.enter();
                cpuRuns.countDown();
                while (!stop.get()) TestThreads.spin(lock, 1_000);
                lock.exit(s);
            }, "cpu-bound");
            cpu.start();
            while (lock.waiterCount() == 0 || cpu.getState() != Thread.State.TIMED_WAITING) Thread.onSpinWait();

            long before = lock.switchNumber();
            lock.releaseForBlocking(); // handed to the parked waiter
            assertEquals(before + 1, lock.switchNumber(), "moved by the hand-off itself, before the receiver ran");
            assertTrue(cpuRuns.await(10, TimeUnit.SECONDS));
            assertEquals(before + 1, lock.switchNumber(), "the receiver's acquisition moved it a second time");
            assertEquals(2, lock.switches(), "io -> cpu, counted once: " + lock);

            lock.checkpoint(); // back from "the system call": waits, asks, gets it at the CPU thread's forced drop
            assertEquals(before + 2, lock.switchNumber());
            stop.set(true);
            lock.exit(io);
            cpu.join();
        }
    }

    @Test
    void reTakingTheTokenIsNoSwitchOnlyAChangeOfHolderIs() throws Exception {
        // CPython's take_gil bumps switch_number only when the holder changes; waiters compare it across
        // their timed wait to decide whether to ask for a drop. If a re-take counted, a thread looping over
        // a designated library call (exit, re-enter, 10,000 times a second) would restart the waiter's
        // interval each time and never be asked to drop. Measured on a live two-worker target (LiveApp,
        // 5 ms interval, load ≈ 5.8, 3 alternating rounds of 8 s): before this rule forced switches 2-6/s,
        // per-thread p99 wait medians 14/31/8 ms (max 95/242/27 ms); after it 9-27/s, 7.6/7.3/5.1 ms
        // (max 20/33/9 ms).
        try (GilLock lock = new GilLock(GilPolicy.SWITCH)) {
            ThreadState s = lock.enter();
            lock.exit(s);
            long afterFirst = lock.switchNumber();
            for (int i = 0; i < 3; i++) {
                s = lock.enter();
                lock.exit(s);
            }
            assertEquals(afterFirst, lock.switchNumber(), "the same thread re-taking the token");
            Thread other = new Thread(() -> lock.exit(lock.enter()), "other");
            other.start();
            other.join();
            assertEquals(afterFirst + 1, lock.switchNumber(), "another thread took it");
            lock.exit(lock.enter());
            assertEquals(afterFirst + 2, lock.switchNumber(), "and back");
        }
    }

    @Test
    void aWaiterGetsTheTokenFromAThreadThatKeepsReEntering() throws Exception {
        // The shape of a loop calling a designated library: exit (token released), re-enter at once. The
        // waiter either wins a release window or, failing that, asks for a drop after one interval.
        try (GilLock lock = new GilLock(GilPolicy.SWITCH)) {
            long interval = TimeUnit.MILLISECONDS.toNanos(5);
            lock.setIntervalNanos(interval);
            CountDownLatch looping = new CountDownLatch(1);
            AtomicBoolean stop = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                while (!stop.get()) {
                    ThreadState s = lock.enter();
                    looping.countDown();
                    TestThreads.spinFor(lock, 100_000); // 100 µs per call, checkpoints inside
                    lock.exit(s);
                }
            }, "library-caller");
            caller.start();
            looping.await();
            Thread.sleep(20); // well into its loop

            long waitedMax = 0;
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                ThreadState s = lock.enter();
                long waited = System.nanoTime() - start;
                lock.exit(s);
                waitedMax = Math.max(waitedMax, waited);
                Thread.sleep(10);
            }
            stop.set(true);
            caller.join();
            // Generous: 40 intervals (a loaded 2-core machine).
            long w = waitedMax;
            assertTrue(w < 40 * interval, () -> "waited " + w / 1_000 + " us for a thread that keeps re-entering");
        }
    }

    @Test
    void theForcedDropperDoesNotWinTheTokenStraightBack() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.SWITCH)) {
            lock.setIntervalNanos(TimeUnit.MILLISECONDS.toNanos(1));
            List<String> order = Collections.synchronizedList(new ArrayList<>());
            lock.setTraceAccounting(true);
            lock.setListener(new RecordingListener(order));
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
            Thread.sleep(400);
            stop.set(true);
            a.join();
            b.join();

            // Every acquisition is reported under the token (trace accounting), so `order` is the token's
            // history. After a forced drop, the dropper's next acquisition must follow someone else's.
            int[] dw = RecordingListener.dropsAndWonBack(order);
            int drops = dw[0];
            int wonBack = dw[1];
            assertTrue(drops >= 20, "expected many forced switches in 400 ms at a 1 ms interval, got " + drops);
            assertEquals(0, wonBack, "forced dropper re-took the token before the other thread, of " + drops + " drops");
        }
    }

    @Test
    void aSwitchDuringTheWaitPostponesTheDropRequest() throws Exception {
        // Two threads that hand the token back and forth through short holds never need a drop request:
        // the waiter sees the switch number change and waits again, like CPython.
        try (GilLock lock = new GilLock(GilPolicy.SWITCH)) {
            lock.setIntervalNanos(TimeUnit.MILLISECONDS.toNanos(50));
            AtomicLong done = new AtomicLong();
            Runnable shortHolds = () -> {
                for (int i = 0; i < 2_000; i++) {
                    ThreadState s = lock.enter();
                    TestThreads.spin(lock, 100);
                    lock.exit(s);
                }
                done.incrementAndGet();
            };
            Thread a = new Thread(shortHolds);
            Thread b = new Thread(shortHolds);
            a.start();
            b.start();
            a.join();
            b.join();
            assertEquals(2, done.get());
            assertEquals(0, lock.forcedSwitches(), "short holds never run a whole 50 ms interval");
        }
    }

    /** Orders acquisitions and drops as the lock reports them. */
    static final class RecordingListener implements GilListener {
        private final List<String> order;

        RecordingListener(List<String> order) {
            this.order = order;
        }

        /**
         * In the token's history ({@code thread:cause}, as recorded), the acquisitions after a forced drop and,
         * of those, how many followed the same thread's own acquisition (the dropper won the token back).
         */
        static int[] dropsAndWonBack(List<String> order) {
            List<String> history;
            synchronized (order) {
                history = new ArrayList<>(order);
            }
            int drops = 0;
            int wonBack = 0;
            for (int i = 1; i < history.size(); i++) {
                String[] cur = history.get(i).split(":");
                if (!cur[1].equals(AcquireCause.AFTER_SWITCH.name())) continue;
                drops++;
                if (history.get(i - 1).split(":")[0].equals(cur[0])) wonBack++;
            }
            return new int[] {drops, wonBack};
        }

        @Override
        public void acquired(ThreadState t, AcquireCause cause, long waitStartNanos, long acquiredNanos,
                             ThreadState blockedBy, int waitersAtStart) {
            order.add(t.thread.getName() + ":" + cause);
        }

        @Override
        public void released(ThreadState t, ReleaseCause cause, long holdStartNanos, long releasedNanos) {
        }

        @Override
        public void switchRequested(ThreadState requester, ThreadState owner, long requestNanos) {
        }

        @Override
        public void dropped(ThreadState owner, ThreadState requester, long requestNanos, long droppedNanos) {
        }
    }

    /**
     * The convoy when the CPU-bound thread is not queued yet: it was forced to drop, and the I/O thread's
     * acquisition has just woken it. A parked JVM thread takes longer to wake than a loopback call takes,
     * so without a hand-off the I/O thread would get the token back first nearly every time; CPython's
     * woken dropper is running by then. The release for blocking hands the token to the waking dropper (before,
     * the I/O thread got it straight back in 0 of 20 rounds). Here the call lasts until the dropper claimed it (how
     * a claim lapses when it does not: aHandOffItsReceiverDoesNotClaimInTimeGoesToTheThreadThatCameBack).
     */
    @Test
    void aReleaseForBlockingRightAfterAForcedSwitchHandsTheTokenToTheWakingDropper() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.SWITCH)) {
            long interval = TimeUnit.MILLISECONDS.toNanos(5);
            lock.setIntervalNanos(interval);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch holding = new CountDownLatch(1);
            Thread cpu = new Thread(() -> {
                ThreadState s = lock.enter();
                holding.countDown();
                while (!stop.get()) TestThreads.spin(lock, 1_000);
                lock.exit(s);
            }, "cpu-bound");
            cpu.start();
            holding.await();
            ThreadState io = lock.enter(); // after one interval the CPU-bound thread is forced to drop
            int rounds = 20;
            int handed = 0;
            int waitedToGetItBack = 0;
            for (int i = 0; i < rounds; i++) {
                assertTrue(lock.isHeldByCurrentThread());
                lock.releaseForBlocking(); // straight after the switch: the dropper is still waking
                if (lock.ownerThread() == cpu) handed++;
                while (lock.ownerThread() == cpu && lock.owner.receiver != null) Thread.onSpinWait(); // until claimed
                long back = System.nanoTime();
                lock.checkpoint();
                if (System.nanoTime() - back >= interval / 2) waitedToGetItBack++;
            }
            stop.set(true);
            lock.exit(io);
            cpu.join();
            // Not every round: a dropper that wakes on its own timeout just as the I/O thread takes the token sees the
            // switch and stops waiting before it is marked as waking, and competes unmarked until it is queued.
            assertTrue(handed >= rounds / 2, "released to the waking dropper, not freed, in only " + handed + " of " + rounds);
            assertTrue(waitedToGetItBack >= handed, "the I/O thread waited behind the CPU-bound one in " + waitedToGetItBack
                    + " of the " + handed + " rounds it handed the token to it");
            assertEquals(0, lock.lapsedHandOffs(), lock.toString());
        }
    }
}
