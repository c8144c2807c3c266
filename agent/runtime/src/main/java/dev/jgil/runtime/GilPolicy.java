package dev.jgil.runtime;

import java.util.Locale;

/**
 * How the token changes hands. Each policy is a small stateless object; the mechanics (token, queue,
 * parking) live in {@link GilLock}, the policy decides <em>when</em> a holder drops and <em>to whom</em>.
 */
public abstract class GilPolicy {
    /** Valid names, for error messages: {@code switch|ticks|fifo|off}. */
    public static final String NAMES = "switch|ticks|fifo|off";

    public static final GilPolicy SWITCH = new SwitchPolicy();
    public static final GilPolicy TICKS = new TicksPolicy();
    public static final GilPolicy FIFO = new FifoPolicy();
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
