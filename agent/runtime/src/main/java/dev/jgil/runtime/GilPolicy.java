package dev.jgil.runtime;

import java.util.Locale;

/**
 * How the token changes hands. Each policy is a small stateless object; the mechanics (token, queue,
 * parking) live in {@link GilLock}, the policy decides <em>when</em> a holder drops and <em>to whom</em>.
 */
public abstract class GilPolicy {
    /** Valid names, for error messages: {@code switch|ticks|fifo|priority|bfs|off}. */
    public static final String NAMES = "switch|ticks|fifo|priority|bfs|off";

    public static final GilPolicy SWITCH = new SwitchPolicy();
    public static final GilPolicy TICKS = new TicksPolicy();
    public static final GilPolicy FIFO = new FifoPolicy();
    public static final GilPolicy PRIORITY = new PriorityPolicy();
    public static final GilPolicy BFS = new BfsPolicy();
    public static final GilPolicy OFF = new OffPolicy();

    GilPolicy() {
    }

    /** The policy's name as used in options ({@code policy=switch}). */
    public abstract String name();

    /** Whether the token is taken at all; {@code off} only tracks who is inside designated code. */
    boolean serializes() {
        return true;
    }

    /**
     * Whether the owner may pass checkpoints on the one-read fast path until someone asks it to drop.
     * {@code ticks} must count every checkpoint, so it always takes the slow path.
     */
    boolean fastCheckpoints() {
        return true;
    }

    /** Whether an arriving thread may take a free token ahead of queued waiters. */
    boolean barging() {
        return true;
    }

    /** Whether the head waiter times out after one interval and asks the owner to drop. */
    boolean requestsDrops() {
        return true;
    }

    /** Whether the release hands the token straight to the head waiter (no barging window). */
    boolean directHandOff() {
        return false;
    }

    /**
     * Whether a release for a blocking call hands the token to the head waiter, when there is one, instead
     * of freeing it. See {@link SwitchPolicy#handsOffOnBlocking()}.
     */
    boolean handsOffOnBlocking() {
        return false;
    }

    /** Upper bound of {@link #spinNanos}: a priority hold lasts microseconds, a park/unpark round trip longer. */
    static final long MAX_SPIN_NANOS = 100_000;

    /**
     * Whether some waiters ask the owner to drop at once (priority requests, see {@link #preempts}). Such
     * policies also let waiters spin briefly before they park, and keep the head waiter's interval running
     * while the owner it times is back after a priority hold (GilLock's notes).
     */
    boolean preemptive() {
        return false;
    }

    /**
     * Whether the waiter {@code w}, waiting with {@code cause} while {@code owner} holds the token, asks the
     * owner to drop at its next checkpoint instead of after an interval (a priority request, GilLock's notes).
     * Runs on the waiter's thread; {@code owner} is neither null, nor {@code w}, nor the watchdog's placeholder.
     */
    boolean preempts(GilLock lock, ThreadState w, AcquireCause cause, ThreadState owner) {
        return false;
    }

    /**
     * Whether a waiting priority requester (there is one: {@code preemptors > 0}) makes the new owner {@code s} drop
     * at its first checkpoint. Runs on the new owner's thread, holding the token. Under {@code priority} every
     * requester outranks every owner that is not one.
     */
    boolean requesterOutranks(GilLock lock, ThreadState s) {
        return true;
    }

    /**
     * How long a waiter spins before it parks: under a preemptive policy the token usually comes back within
     * microseconds (the owner's next checkpoint, a priority hold), sooner than a parked thread wakes.
     */
    final long spinNanos(GilLock lock) {
        return preemptive() ? Math.min(lock.intervalNanos / 4, MAX_SPIN_NANOS) : 0;
    }

    /**
     * The queued waiter a release hands the token to, or null for the policy's usual way (free it, or hand
     * it to the head). Runs on the releasing thread (or the watchdog), which holds the token, with waiters.
     */
    ThreadState nextOwner(GilLock lock, ReleaseCause cause) {
        return null;
    }

    /** The waiter a release that frees the token wakes (it may take it, as may any thread that comes): the head. */
    ThreadState toWake(GilLock lock) {
        return lock.queue.peek();
    }

    /**
     * The first queued waiter still spinning, or null: under a preemptive policy a blocking release hands the
     * token to it rather than freeing it and waking the (parked) head, one more thread the operating system
     * would have to run for nothing on a busy machine.
     */
    static ThreadState firstSpinning(GilLock lock) {
        if (lock.spinners == 0) return null; // no scan of a queue of parked (e.g. virtual) threads on every release
        for (ThreadState w : lock.queue) {
            if (w.spinning) return w;
        }
        return null;
    }

    /** Whether the lock times every hold and keeps each thread's recent GIL time ({@code bfs}). */
    boolean metersHolds() {
        return false;
    }

    /** A thread starts waiting, before it is queued ({@code bfs} sets its deadline). */
    void waitStarted(GilLock lock, ThreadState w, long now) {
    }

    /**
     * Called at a checkpoint of the owner when the fast path is off (a drop was requested, or the
     * policy counts ticks). Runs on the owner's thread, holding the token.
     */
    abstract void onOwnerCheckpoint(GilLock lock, ThreadState owner);

    /** Looks a policy up by its option name; throws with the valid choices. */
    public static GilPolicy byName(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "switch": return SWITCH;
            case "ticks": return TICKS;
            case "fifo": return FIFO;
            case "priority": return PRIORITY;
            case "bfs": return BFS;
            case "off": return OFF;
            default: throw new IllegalArgumentException(
                    "unknown policy '" + name + "' (valid: " + NAMES + ")");
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
