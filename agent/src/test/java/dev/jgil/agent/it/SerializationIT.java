package dev.jgil.agent.it;

import com.acme.apps.cpu.CpuApp;
import dev.jgil.agent.it.ForkedJvm.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** CPU-bound designated threads take turns; the same program without the agent runs in parallel. */
class SerializationIT {
    static final String DESIGNATE_WORK = "include=com.acme.apps.cpu.Work";

    @Test
    @Timeout(240)
    void cpuBoundDesignatedThreadsAreSerialized() throws Exception {
        List<Result> runs = new ArrayList<>();
        boolean serialized = false;
        for (int i = 0; i < Timing.ATTEMPTS && !serialized; i++) {
            Result r = ForkedJvm.app(CpuApp.class).agent(DESIGNATE_WORK).args("threads=2", "ms=300").run();
            runs.add(r);
            assertEquals(0, r.exitCode, r::toString);
            assertTrue(r.flag("agent"), r::toString);
            // Correctness holds on every run, whatever the timing: the mutual-exclusion oracle.
            assertEquals(1, (int) r.number("maxInside"), () -> "two threads ran designated code at once\n" + r);
            assertTrue(r.number("heldChecks") > 0, r::toString);
            assertEquals(0, (long) r.number("notHeld"), () -> "designated code ran without the GIL\n" + r);
            assertNoWarnings(r);
            // Wall-clock speed-up, or (robust to foreign load) CPU seconds per wall second of the two threads.
            serialized = r.number("speedup") < Timing.SERIALIZED_BELOW || r.number("parallelism") < Timing.SERIALIZED_BELOW;
        }
        if (!serialized) {
            fail("with the agent the threads should be serialized (speed-up or parallelism < " + Timing.SERIALIZED_BELOW
                    + ") in one of " + Timing.ATTEMPTS + " runs:\n" + runs);
        }
        // The same program without the agent: the threads do run in parallel, and the oracle does see
        // them both at once, so the assertions above could have failed.
        Result baseline = Timing.assumeMachineShowsParallelism("the unwoven baseline",
                () -> ForkedJvm.app(CpuApp.class).args("threads=2", "ms=300").run());
        assertFalse(baseline.flag("agent"), baseline::toString);
        assertEquals(2, (int) baseline.number("maxInside"),
                () -> "without the agent the oracle should see both threads at once\n" + baseline);
    }

    @ParameterizedTest(name = "policy={0}")
    @ValueSource(strings = {"switch", "ticks", "fifo"})
    @Timeout(120)
    void mutualExclusionHoldsUnderEveryPolicy(String policy) throws Exception {
        Result r = ForkedJvm.app(CpuApp.class).agent(DESIGNATE_WORK + ",policy=" + policy + ",interval=1ms,checkinterval=50")
                .args("threads=3", "ms=100").run();
        assertEquals(0, r.exitCode, r::toString);
        assertEquals(1, (int) r.number("maxInside"), () -> "two threads ran designated code at once\n" + r);
        assertEquals(0, (long) r.number("notHeld"), () -> "designated code ran without the GIL\n" + r);
        assertTrue(r.number("heldChecks") > 0, r::toString);
    }

    @Test
    @Timeout(120)
    void policyOffLetsDesignatedThreadsOverlap() throws Exception {
        // The oracle's negative control under the agent: with policy=off nothing is serialized, so the
        // same oracle must see two threads at once (overlap in time needs no second core).
        Result r = ForkedJvm.app(CpuApp.class).agent(DESIGNATE_WORK + ",policy=off").args("threads=2", "ms=200").run();
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.flag("agent"), r::toString);
        assertEquals(2, (int) r.number("maxInside"), () -> "policy=off should not serialize\n" + r);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"flat", "nested"})
    @Timeout(120)
    void threadsInsideDesignatedCodeAreSerializedFromTheirNextCheckpointWhenOffBecomesSwitch(String work) throws Exception {
        // policy=off runs FastOff's thread-local hot path (Gil redefined); the change to switch must put the general
        // one back before it serializes, and threads that entered under off (compiled with the fast bodies inlined)
        // must take the token at their next checkpoint, with nobody leaving designated code in between. "nested":
        // the threads are two designated frames deep, so nested entries made under FastOff (not counted) are left
        // under the general bodies and the other way round.
        Result r = ForkedJvm.app(com.acme.apps.cpu.PolicySwitchApp.class).agent(DESIGNATE_WORK + ",policy=off").args(work).run();
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.flag("off1.fastOff"), () -> "policy=off should run the thread-local hot path\n" + r);
        assertEquals(2, (int) r.number("off1.maxInside"), () -> "policy=off should not serialize\n" + r);
        assertFalse(r.flag("switch.fastOff"), r::toString);
        assertTrue(r.number("switch.checks") > 0, () -> "the threads stopped working under switch\n" + r);
        assertEquals(1, (int) r.number("switch.maxInside"), () -> "two threads ran designated code at once under switch\n" + r);
        assertEquals(0, (long) r.number("switch.notHeld"), () -> "designated code ran without the GIL under switch\n" + r);
        assertTrue(r.flag("off2.fastOff"), r::toString);
        assertEquals(2, (int) r.number("off2.maxInside"), () -> "back to off, the threads should overlap again\n" + r);
        assertNoWarnings(r);
    }

    /** Nothing on stderr but the JVM's own CDS note about the bootstrap append (see the report). */
    static void assertNoWarnings(Result r) {
        for (String line : r.stderrLines()) {
            fail("unexpected stderr line: " + line + "\n" + r);
        }
    }
}
