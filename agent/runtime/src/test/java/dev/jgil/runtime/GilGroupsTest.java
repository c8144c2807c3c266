package dev.jgil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One GIL per group: each lock serializes its own code, two locks held at once are taken in an order that cannot
 * deadlock, and a blocking call gives every lock up. Groups are defined once per JVM: every test here uses "a", "b".
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GilGroupsTest {
    static GilLock a;
    static GilLock b;

    @BeforeAll
    static void define() {
        GilLock[] locks = GilGroups.define("a", "b");
        a = locks[1];
        b = locks[2];
        for (GilLock l : locks) l.setIntervalNanos(TimeUnit.MICROSECONDS.toNanos(200));
    }

    @Test
    void groupsComeAfterTheDefaultGilInTheOrderGivenAndAreDefinedOnce() {
        GilLock[] all = Gil.groups();
        assertEquals(3, all.length);
        assertSame(Gil.lock(), all[0]);
        assertEquals("default", all[0].group());
        assertEquals("a", all[1].group());
        assertEquals(2, all[2].order());
        assertSame(b, GilGroups.byName("b"));
        assertEquals(3, GilGroups.define("a", "b").length, "the same names again: the same locks");
        assertThrows(IllegalStateException.class, () -> GilGroups.define("x"));
    }

    @Test
    void callsAcrossGroupsInOppositeDirectionsNeverDeadlockAndEachLockStaysExclusive() throws Exception {
        AtomicInteger insideA = new AtomicInteger();
        AtomicInteger insideB = new AtomicInteger();
        AtomicLong violations = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int rounds = 20_000;
        // Thread ab: a's code calling into b's; thread ba: b's code calling into a's. With plain locks taken in call
        // order this is the textbook deadlock.
        Thread ab = new Thread(() -> run(failure, () -> {
            for (int i = 0; i < rounds; i++) {
                ThreadState sa = a.enter();
                section(a, insideA, violations);
                ThreadState sb = b.enter();
                section(b, insideB, violations);
                b.exit(sb);
                a.checkpoint(); // back in a's code: a's checkpoint after the call
                section(a, insideA, violations);
                a.exit(sa);
            }
        }), "ab");
        Thread ba = new Thread(() -> run(failure, () -> {
            for (int i = 0; i < rounds; i++) {
                ThreadState sb = b.enter();
                section(b, insideB, violations);
                ThreadState sa = a.enter(); // against the order: may give b up while it waits for a
                section(a, insideA, violations);
                a.exit(sa);
                b.checkpoint(); // back in b's code: takes b back if it was given up
                section(b, insideB, violations);
                b.exit(sb);
            }
        }), "ba");
        ab.start();
        ba.start();
        ab.join(90_000);
        ba.join(90_000);
        assertFalse(ab.isAlive() || ba.isAlive(), () -> "deadlock: a=" + a + "\nb=" + b);
        assertEquals(null, failure.get());
        assertEquals(0, violations.get(), "code ran without its group's lock, or two threads ran it at once");
        assertTrue(a.switches() > 1 && b.switches() > 1, "the two threads did take turns on both locks");
    }

    @Test
    void aBlockingCallGivesUpEveryLockTheThreadHolds() {
        ThreadState sa = a.enter();
        ThreadState sb = b.enter();
        ThreadState sd = Gil.lock().enter();
        assertTrue(a.isHeldByCurrentThread() && b.isHeldByCurrentThread());
        Gil.releaseForBlocking();
        assertFalse(a.isHeldByCurrentThread(), "a kept across a blocking call");
        assertFalse(b.isHeldByCurrentThread(), "b kept across a blocking call");
        assertFalse(Gil.lock().isHeldByCurrentThread());
        b.checkpoint(); // lazily, in each group's own code
        assertTrue(b.isHeldByCurrentThread());
        assertFalse(a.isHeldByCurrentThread());
        Gil.lock().exit(sd);
        b.exit(sb);
        a.exit(sa);
        assertFalse(a.isHeldByCurrentThread() || b.isHeldByCurrentThread());
    }

    @Test
    void aGroupsStaticInitializerDefersTheDropsOfEveryLockItsThreadHolds() throws Exception {
        // A group's <clinit> that calls into the default GIL's code: dropping the default GIL there could make the
        // next owner wait for this class while holding the token its initializer needs.
        GilLock d = Gil.lock();
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean leave = new java.util.concurrent.atomic.AtomicBoolean();
        long deferred0 = d.deferredClinitDrops();
        Thread init = new Thread(() -> {
            ThreadState c = b.clinitEnter();
            ThreadState s = d.enter();
            holding.countDown();
            while (!leave.get()) TestThreads.spin(d, 100); // default-GIL checkpoints inside b's initializer
            d.exit(s);
            b.clinitExit(c);
        }, "group-clinit");
        init.start();
        holding.await();
        AtomicLong tookIt = new AtomicLong();
        Thread waiter = new Thread(() -> {
            ThreadState s = d.enter();
            tookIt.set(System.nanoTime());
            d.exit(s);
        }, "default-waiter");
        waiter.start();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        while (System.nanoTime() < until && d.deferredClinitDrops() == deferred0) Thread.sleep(5);
        assertTrue(d.deferredClinitDrops() > deferred0, "the default GIL's drop was deferred while b's initializer ran");
        assertEquals(0, tookIt.get(), "the waiter got the default GIL inside another group's initializer");
        leave.set(true);
        init.join(10_000);
        waiter.join(10_000);
        assertTrue(tookIt.get() > 0, "the waiter got it once the initializer was done");
    }

    /** A checkpoint-free stretch that only the lock's owner may run. */
    private static void section(GilLock lock, AtomicInteger inside, AtomicLong violations) {
        if (!lock.isHeldByCurrentThread()) violations.incrementAndGet();
        if (inside.incrementAndGet() != 1) violations.incrementAndGet();
        long x = System.nanoTime();
        for (int i = 0; i < 200; i++) x ^= x << 13 ^ x >>> 7; // no checkpoint: nobody may come in here
        if (x == 42) violations.addAndGet(0);
        inside.decrementAndGet();
        TestThreads.spin(lock, 50); // with checkpoints: drops and switches happen here
    }

    private static void run(AtomicReference<Throwable> failure, Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }
}
