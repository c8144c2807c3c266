package dev.jgil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** {@link GilLock#primeJit()} runs on a private lock: the process-wide GIL sees nothing of it. */
class PrimeJitTest {
    @Test
    void primingLeavesTheProcessWideLockUntouched() {
        GilLock gil = Gil.lock();
        String before = gil.toString();
        long switches = gil.switches();
        long releases = gil.blockingReleases();
        int states = gil.threadStates().size();

        GilLock.primeJit();
        GilLock.primeJit(); // again, as a second agent install attempt would

        assertNull(gil.ownerThread());
        assertEquals(0, gil.waiterCount());
        assertEquals(switches, gil.switches());
        assertEquals(releases, gil.blockingReleases());
        assertEquals(states, gil.threadStates().size());
        assertEquals(before, gil.toString());
    }
}
