package dev.jgil.agent.it;

import dev.jgil.agent.it.ForkedJvm.Result;
import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Judging timing on a small, shared machine. Correctness (the oracles) is asserted on every run;
 * timing only with a baseline from the same test, best of a few attempts, because load from other
 * processes only ever makes parallel runs look slower, never faster.
 */
final class Timing {
    /** Below this, CPU-bound threads did not run in parallel. */
    static final double SERIALIZED_BELOW = 1.3;
    /** Above this, they did. */
    static final double PARALLEL_ABOVE = 1.5;
    static final int ATTEMPTS = 3;

    interface Run {
        Result run() throws Exception;
    }

    private Timing() {
    }

    static boolean twoCpus() {
        return Runtime.getRuntime().availableProcessors() >= 2;
    }

    static void assumeTwoCpus(String what) {
        Assumptions.assumeTrue(twoCpus(), "skipping the parallel assertion for " + what + ": only "
                + Runtime.getRuntime().availableProcessors() + " processor(s), nothing can run in parallel");
    }

    /**
     * Runs the program without the agent until it shows a speed-up above {@link #PARALLEL_ABOVE}. If it
     * never does, the machine is too busy right now to tell parallel from serial, and the timing half
     * of the calling test is aborted (reported as skipped, with the numbers) — not failed.
     */
    static Result assumeMachineShowsParallelism(String what, Run baseline) throws Exception {
        assumeTwoCpus(what);
        Result last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            Result b = baseline.run();
            assertEquals(0, b.exitCode, b::toString);
            last = b;
            if (b.number("speedup") > PARALLEL_ABOVE) return b;
        }
        Result shown = last;
        Assumptions.abort("the timing assertion for " + what + " is skipped: without the agent the same program "
                + "did not run in parallel either (speed-up " + shown.value("speedup") + " <= " + PARALLEL_ABOVE
                + " in " + ATTEMPTS + " attempts), the machine is too loaded right now\n" + shown);
        return shown;
    }
}
