package dev.jgil.agent.it.hostile;

import com.acme.apps.hostile.SystemExitApp;
import dev.jgil.agent.it.ForkedJvm;
import dev.jgil.agent.it.ForkedJvm.Result;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Its own JVM per policy: System.exit ends the process, which the matrix runner cannot survive. */
class SystemExitIT {
    @ParameterizedTest(name = "policy={0}")
    @ValueSource(strings = {"switch", "ticks", "fifo", "off"})
    @Timeout(120)
    void systemExitFromDesignatedCodeWhileOthersWaitExitsWithItsStatusAndRunsDesignatedHooks(String policy)
            throws Exception {
        Result r = ForkedJvm.app(SystemExitApp.class).agent(HostileMatrixIT.DESIGNATE + ",policy=" + policy)
                .args("42").start().await(Duration.ofSeconds(60));
        assertEquals(42, r.exitCode, r::toString);
        assertTrue(r.stdout.contains("hook=ran"), () -> "the designated shutdown hook did not run\n" + r);
    }
}
