package dev.jgil.report.predict;

import java.util.Locale;

/** The lock policies the simulator knows ({@link Simulator} says what each does). */
public enum Policy {
    OFF, SWITCH, TICKS, FIFO, PRIORITY, BFS;

    public static final String NAMES = "switch|ticks|fifo|priority|bfs|off";

    /** As the agent option spells it. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Policy parse(String name) {
        for (Policy p : values()) {
            if (p.option().equals(name.trim().toLowerCase(Locale.ROOT))) return p;
        }
        throw new IllegalArgumentException("unknown policy '" + name + "' (valid: " + NAMES + ")");
    }

    /** An arriving thread may take a free token ahead of queued waiters. */
    boolean barging() {
        return this == SWITCH || this == TICKS;
    }

    /** The head waiter asks the owner to drop after one interval without a switch. */
    boolean requestsDrops() {
        return this != TICKS && this != OFF;
    }
}
