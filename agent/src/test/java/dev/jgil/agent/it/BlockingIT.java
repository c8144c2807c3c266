package dev.jgil.agent.it;

import com.acme.apps.monitor.MonitorApp;
import dev.jgil.agent.it.ForkedJvm.Result;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Designated code that blocks while holding the GIL (contended monitors, Object.wait) finishes under
 * every policy: the watchdog hands the GIL off and the checkpoint after monitorenter takes it back.
 * A hang here fails with a thread dump of the child (and the app prints the GIL's state after 20 s).
 *
 * <p>Regression test for a runtime bug found here: under {@code fifo} the watchdog could take the token
 * from a thread that a direct hand-off had just made the owner while it was still parked in
 * waitForToken (so it looked WAITING); that thread was already dequeued and, without barging, never
 * got a free token again: a permanent hang of the producer/consumer below.
 */
class BlockingIT {

    @ParameterizedTest(name = "policy={0}")
    @ValueSource(strings = {"switch", "ticks", "fifo"})
    @Timeout(180)
    void designatedCodeBlockingOnMonitorsAndWaitDoesNotDeadlock(String policy) throws Exception {
        Result r = ForkedJvm.app(MonitorApp.class).agent("include=com.acme.apps.monitor.Shared,policy=" + policy).run();
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.flag("agent"), r::toString);
        assertTrue(r.flag("consumedSumOk"), r::toString);
        assertTrue(r.number("checks") > 0, r::toString);
        assertEquals(0, (long) r.number("notHeld"), () -> "code after monitorenter / wait ran without the GIL\n" + r);
    }
}
