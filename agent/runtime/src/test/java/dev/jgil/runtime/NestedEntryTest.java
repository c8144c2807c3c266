package dev.jgil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A designated method enters with {@code enterNested} and calls {@code enter} only when that returned null (GilLock
 * notes, "Nested entries apart"). Together they must do what one {@code enter} did: the nested entry answers only
 * for a thread that may run on without anything else (inside designated code, and under a serializing policy
 * owning the token), and otherwise changes nothing, so that the full entry that follows sees the state as it was.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NestedEntryTest {

    @Test
    void theNestedEntryCountsOnlyAThreadThatOwnsTheToken() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.SWITCH)) {
            assertNull(lock.enterNested(), "outside designated code: the full entry must run");
            ThreadState outer = lock.enter();
            assertEquals(Thread.currentThread(), lock.ownerThread());
            ThreadState inner = lock.enterNested();
            assertSame(outer, inner, "nested while owning: the thread's own state");
            assertEquals(2, outer.depth());
            lock.exit(inner);
            assertEquals(1, outer.depth());

            lock.releaseForBlocking(); // inside designated code, without the token now
            Thread other = new Thread(() -> lock.exit(lock.enter()), "other");
            assertNull(lock.enterNested(), "without the token the nested entry must not let the thread run on");
            assertEquals(1, outer.depth(), "and it counts nothing");
            ThreadState again = lock.enter(); // what the woven code calls then: takes the token back
            assertSame(outer, again);
            assertEquals(Thread.currentThread(), lock.ownerThread());
            assertEquals(2, outer.depth());
            other.start(); // waits for the token until the outermost exit
            lock.exit(again);
            lock.exit(outer);
            other.join();
            assertNull(lock.ownerThread());
            assertEquals(0, outer.depth());
        }
    }

    @Test
    void underOffWithTheGeneralBodiesTheNestedEntryLeavesATracedReturnFromBlockingToTheFullEntry() {
        try (GilLock lock = new GilLock(GilPolicy.OFF)) {
            lock.setTraceAccounting(true);
            assertNull(lock.enterNested(), "outside designated code: the full entry must run (it opens a segment)");
            ThreadState outer = lock.enter();
            ThreadState inner = lock.enterNested();
            assertSame(outer, inner, "inside designated code under off: counted here");
            assertEquals(2, outer.depth());
            lock.exit(inner);

            lock.releaseForBlocking(); // the trace closes the segment: the next entry must reopen it
            assertNull(lock.enterNested(), "back from a blocking call: the full entry must resume the segment");
            assertEquals(1, outer.depth(), "and the nested entry counts nothing");
            ThreadState again = lock.enter();
            assertSame(outer, again);
            assertEquals(2, outer.depth());
            assertSame(outer, lock.enterNested(), "resumed: nested entries are counted here again");
            lock.exit(outer);
            lock.exit(again);
            lock.exit(outer);
            assertEquals(0, outer.depth());
        }
    }

    @Test
    void underFastOffTheNestedEntryAnswersOnlyInsideDesignatedCode() {
        try (GilLock lock = new GilLock(GilPolicy.OFF)) {
            assertNull(FastOff.enterNested(lock), "outside designated code: the full entry must run");
            ThreadState outer = FastOff.enter(lock);
            assertSame(ThreadState.NESTED, FastOff.enterNested(lock));
            assertEquals(1, outer.depth(), "nested entries under FastOff are not counted");
            FastOff.exit(lock, outer);
            assertNull(FastOff.enterNested(lock), "outside again");
        }
    }
}
