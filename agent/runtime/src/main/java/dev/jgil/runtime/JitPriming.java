package dev.jgil.runtime;

/**
 * Teaches the JIT that the hot path's slow branches are taken, before any designated code runs.
 *
 * <p>C2 compiles a branch that its profile never saw taken as an <em>uncommon trap</em>. A program
 * that warms designated code up on one thread never misses {@code runFast} in {@link GilLock#checkpoint()}
 * (nobody asks for a drop), so its loops are compiled with the drop request as a trap; the first drop
 * request on two threads then deoptimizes them (-XX:+LogCompilation on JDK 17 and 25: unstable_if at
 * {@code GilLock.checkpoint} bci 7, "taken always", 3-4 deoptimizations and 5-7 "made not entrant" in
 * the countdown), and each thread runs interpreted, then in C1, while C2 recompiles: time the
 * threaded run pays and the sequential run did not. CPython has nothing like it. Branch profiles live in the callee's method data, shared by every
 * caller that inlines it, so calls on a private lock with the policy {@code off} (nothing blocks,
 * nothing is recorded) are enough to make every later compilation keep the slow paths as calls. The
 * slow edges are taken rarely (1 call in 64), so C2 still lays the fast path out first and does not
 * consider the slow calls hot. Costs 1-15 ms once (measured on a loaded 2-core machine).
 */
final class JitPriming {
    /** Hot-path calls per branch kind while priming; the MDO exists after ~2,000 (tiered) or ~3,300 (C2 only). */
    private static final int PRIME_ITERATIONS = 6_000;

    private JitPriming() {
    }

    static void prime() {
        GilLock l = new GilLock(GilPolicy.OFF);
        Thread me = Thread.currentThread();
        ThreadState other = new ThreadState((Thread) null);
        ThreadState s = l.states.get();
        s.depth = 1; // inside designated code
        for (int i = 0; i < PRIME_ITERATIONS; i++) {
            boolean rare = (i & 63) == 63;
            // checkpoint: the owner's fast path; rarely a drop request (slow path) or no serialization (off)
            l.runFast = rare ? null : me;
            l.serializing = (i & 127) == 63;
            l.checkpoint();
            // enter/exit nested while owning; rarely while another thread owns (enterSlow/nestedExitSlow)
            l.owner = rare ? other : s;
            l.exit(l.enter());
            // the nested entry alone (the woven code's first call), rarely without the token
            ThreadState n = l.enterNested();
            if (n != null) l.exit(n);
            // releaseForBlocking by a thread outside designated code, by one that does not own the token
            // (no-ops), rarely by the owner (releases)
            l.owner = rare ? s : (i & 1) == 0 ? other : null;
            l.releaseForBlocking();
            if (rare) {
                // outermost enter with the token free, exit as the owner (timed hold), exit after losing it
                s.depth = 0;
                l.owner = null;
                l.enter();
                l.owner = s;
                s.holdStartNanos = 1;
                l.exit(s);
                l.enter();
                l.owner = other;
                l.exit(s);
                s.depth = 1;
            }
        }
        l.owner = null;
        l.runFast = null;
    }
}
