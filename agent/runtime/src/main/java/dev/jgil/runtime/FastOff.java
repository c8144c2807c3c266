package dev.jgil.runtime;

/**
 * The hot path under {@code off} when nothing traces it: thread-local work only, no volatile read, no
 * compiled slow branch.
 *
 * <p>Why a second set of bodies rather than a branch in {@link GilLock}: every designated call inlines
 * {@code enter}/{@code exit} and every loop back-edge a {@code checkpoint}, so their volatile reads (the
 * token, the eval breaker, the policy) sit in the middle of the library's hottest loops and keep C2 from
 * moving anything across them, and the slow branches {@link JitPriming} keeps compiled merge their memory
 * state back in. A branch on the policy cannot remove either: the branch is itself a read that must see a
 * policy change. So the agent swaps the bodies of {@link Gil}'s hot-path methods by redefining the class
 * ({@link Swap}): under {@code off} without trace accounting they call these; otherwise GilLock's. A
 * redefinition throws away every compiled method that inlined the old bodies, so no thread keeps running
 * them after {@link Swap#use} returns.
 *
 * <p>Order of a change ({@link #change}): the general bodies go in <em>before</em> the policy starts to
 * serialize (or trace accounting starts), the fast ones only <em>after</em> it stopped; so the fast bodies
 * only ever run under {@code off}, where they need no token. Both sets keep the depth above 0 while the thread is
 * inside designated code (these bodies count only the outermost entry, see {@link #enter}), so a thread inside
 * designated code when the policy changes takes the token at its next checkpoint.
 * Outermost entries and exits take the general path: they account, and give back a token or a trace
 * segment left over from before the change.
 */
public final class FastOff {
    /** Swaps Gil's bodies (the agent redefines the class); must leave them as asked or throw. */
    public interface Swap {
        void use(boolean fastOff) throws Exception;
    }

    private FastOff() {
    }

    /**
     * {@link GilLock#enterNested()} under {@code off}, untraced: {@link ThreadState#NESTED} if the thread is inside
     * designated code, else null (the woven code then calls {@link #enter}).
     */
    public static ThreadState enterNested(GilLock lock) {
        Thread me = Thread.currentThread();
        ThreadState s = (lock == Gil.lock() ? ProcessTable.SLOTS : lock.byId)[(int) me.getId() & (GilLock.BY_ID_SLOTS - 1)];
        return s != null && s.thread == me && s.depth > 0 ? ThreadState.NESTED : null;
    }

    /**
     * {@link GilLock#enter()} under {@code off}, untraced. A nested entry writes nothing: it returns
     * {@link ThreadState#NESTED}, whose exit does nothing here and, after a swap to the general bodies, what a nested
     * exit does there; so the depth stays 1 however deep the thread is, and entries made under either set of bodies
     * leave in the right order (an outermost entry always gets the thread's own state, and only its exit takes the
     * depth to 0).
     */
    public static ThreadState enter(GilLock lock) {
        Thread me = Thread.currentThread();
        // GilLock.stateOf, with the process-wide lock's table as a constant (its length known: no range check)
        ThreadState s = (lock == Gil.lock() ? ProcessTable.SLOTS : lock.byId)[(int) me.getId() & (GilLock.BY_ID_SLOTS - 1)];
        if (s == null || s.thread != me) s = lock.stateOf(me);
        // Nested: no depth count, the exit is told by the token it gets back (ThreadState.NESTED).
        if (s.depth > 0) return ThreadState.NESTED;
        return lock.enter();
    }

    /** {@link GilLock#exit(ThreadState)} under {@code off}, untraced. */
    public static void exit(GilLock lock, ThreadState s) {
        if (s == ThreadState.NESTED) return;
        int d = s.depth - 1;
        if (d > 0) {
            s.depth = d;
            return;
        }
        lock.exit(s);
    }

    /** {@link GilLock#checkpoint()} under {@code off}, untraced: nothing to check. */
    public static void checkpoint(GilLock lock) {
    }

    /** Initialized at the first fast entry only (never by the policy changes of other locks). */
    private static final class ProcessTable {
        static final ThreadState[] SLOTS = Gil.lock().byId;
    }

    static boolean wanted(GilPolicy p, boolean traceAccounting) {
        return !p.serializes() && !traceAccounting;
    }

    /**
     * Applies a change of policy or trace accounting ({@code mutate}) with the bodies swapped around it in
     * the safe order. If the general bodies cannot be put back, the change is refused: serializing with the
     * fast bodies in place would let every thread in at once.
     */
    static void change(GilLock lock, GilPolicy nextPolicy, boolean nextTrace, Runnable mutate) {
        synchronized (lock.fastOffMonitor) {
            if (!wanted(nextPolicy, nextTrace) && !use(lock, false)) {
                throw new IllegalStateException("jgil: the general hot path could not be restored; the change to policy="
                        + nextPolicy.name() + (nextTrace ? " with trace accounting" : "") + " is refused");
            }
            mutate.run();
            if (wanted(lock.policy, lock.traceAccounting)) use(lock, true);
        }
    }

    /** Installs the swap (the agent, once) and applies the current policy. */
    static void install(GilLock lock, Swap swap) {
        synchronized (lock.fastOffMonitor) {
            lock.fastOffSwap = swap;
            if (wanted(lock.policy, lock.traceAccounting)) use(lock, true);
        }
    }

    /** Whether the bodies are as asked afterwards. A failure disables the swap for good (loudly, once). */
    private static boolean use(GilLock lock, boolean fast) {
        Swap s = lock.fastOffSwap;
        if (lock.fastOffBodies == fast) return true;
        if (s == null) return !fast && !lock.fastOffBodies;
        try {
            s.use(fast);
            lock.fastOffBodies = fast;
            return true;
        } catch (Throwable t) {
            lock.fastOffSwap = null;
            System.err.println("jgil: could not swap the hot path (" + t + "); " + (lock.fastOffBodies
                    ? "the thread-local one for policy=off stays in place" : "policy=off runs the general one (slower)"));
            return false;
        }
    }
}
