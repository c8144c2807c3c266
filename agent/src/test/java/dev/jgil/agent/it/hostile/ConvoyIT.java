package dev.jgil.agent.it.hostile;

import com.acme.apps.hostile.ConvoyApp;
import dev.jgil.agent.it.ForkedJvm;
import dev.jgil.agent.it.ForkedJvm.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The release is faithful to CPython, convoy effect included (bpo-7946): an I/O-bound designated
 * thread drops the GIL at every socket call and, next to a CPU-bound designated thread, has to wait
 * about one switch interval to get it back each time. The baseline (the same I/O loop alone) runs in
 * the same JVM; load on the machine only shrinks the measured slowdown, so a few attempts are allowed.
 */
class ConvoyIT {
    @Test
    @Timeout(240)
    void ioBoundThreadLosingTheGilWaitsAboutOneIntervalAndThatDominatesNextToACpuBoundThread() throws Exception {
        List<Result> runs = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            Result r = ForkedJvm.app(ConvoyApp.class)
                    .agent(HostileMatrixIT.DESIGNATE + ",policy=switch,interval=5ms").args("ms=1000").run();
            assertEquals(0, r.exitCode, r::toString);
            runs.add(r);
            double slowdown = r.number("slowdown");
            // Most round trips win the token back before the parked CPU thread wakes (median wait 0); the
            // ones that lose wait a whole interval, and those dominate: that is the convoy.
            double perWaitUs = r.number("cpu_wait_per_waiting_trip_us");
            double share = r.number("cpu_wait_share");
            if (slowdown >= 5 && perWaitUs >= 0.3 * 5_000 && share >= 0.5) return;
        }
        fail("expected >= 5x fewer round trips/s next to the CPU thread, a GIL wait >= 0.3 x 5ms per round trip "
                + "that waited, and GIL waits >= half the time, in one of " + runs.size() + " runs:\n" + runs);
    }
}
