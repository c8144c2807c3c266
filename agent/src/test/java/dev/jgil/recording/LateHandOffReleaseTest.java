package dev.jgil.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgil.runtime.AcquireCause;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.ReleaseCause;
import dev.jgil.runtime.ThreadState;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime calls a watchdog hand-off's {@code released} on the watchdog thread after it has passed the token on, so
 * the holder can have taken the token back — and its listener heard the new {@code acquired} — first. With groups that
 * is common (a thread holding one group's lock while it waits for a later group's is parked, and the earlier lock's
 * watchdog takes it for blocked). The order is replayed here on the listener, with the times the runtime would pass.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LateHandOffReleaseTest {
    @Test
    void aLateHandOffReleaseLeavesTheHoldersNextHoldOpen() throws Exception {
        try (GilLock lock = new GilLock()) {
            ThreadState s = lock.enter(); // a real state of this thread
            lock.exit(s);
            RecordingListener listener = new RecordingListener("parser");
            listener.acquired(s, AcquireCause.ENTRY, 100, 100, null, 0); // the hold the watchdog hands off at 200
            listener.acquired(s, AcquireCause.REACQUIRE, 300, 300, null, 0); // the holder has it back at 300...
            Thread watchdog = new Thread(() -> listener.released(s, ReleaseCause.WATCHDOG_HANDOFF, 100, 200));
            watchdog.start(); // ...before the watchdog's callback for the hold it ended at 200
            watchdog.join();
            ThreadRecord r = listener.records.get(s);
            assertEquals(300, r.openHoldStartNanos, "the new hold is still open");
            assertEquals(100 + 100, r.heldCumulativeNanos(400), "held at 400: the handed-off 100 ns and the open 100 ns");
            listener.released(s, ReleaseCause.EXIT, 300, 450);
            assertEquals(100 + 150, r.heldCumulativeNanos(500), "each hold once");
            assertEquals(0, r.openHoldStartNanos);
        }
    }
}
