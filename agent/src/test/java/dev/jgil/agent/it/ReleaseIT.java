package dev.jgil.agent.it;

import com.acme.apps.release.ReleaseApp;
import dev.jgil.agent.it.ForkedJvm.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** release= zones run with the GIL dropped, so designated threads overlap inside them. */
class ReleaseIT {
    static final String OPTIONS = "include=com.acme.apps.release.Caller,release=com.acme.apps.release.Native#compute";

    @Test
    @Timeout(240)
    void releaseZonesRunInParallel() throws Exception {
        Result last = null;
        for (int i = 0; i < Timing.ATTEMPTS; i++) {
            Result r = ForkedJvm.app(ReleaseApp.class).agent(OPTIONS).run();
            last = r;
            assertEquals(0, r.exitCode, r::toString);
            assertTrue(r.flag("agent"), r::toString);
            assertEquals(0, (long) r.number("heldInsideRelease"), () -> "a release zone ran holding the GIL\n" + r);
            assertEquals(0, (long) r.number("notHeldAfterRelease"),
                    () -> "the designated caller did not take the GIL back after the release zone\n" + r);
            // Overlap in time needs no second core: two threads inside at once proves the release.
            assertEquals(2, (int) r.number("maxInsideRelease"), () -> "threads never overlapped in the release zone\n" + r);
            SerializationIT.assertNoWarnings(r);
            if (r.number("speedup") > Timing.PARALLEL_ABOVE) return;
        }
        Result woven = last;
        Timing.assumeMachineShowsParallelism("release zones", () -> ForkedJvm.app(ReleaseApp.class).run());
        assertTrue(woven.number("speedup") > Timing.PARALLEL_ABOVE,
                () -> "release zones should run in parallel (speed-up > " + Timing.PARALLEL_ABOVE + ")\n" + woven);
    }
}
