package dev.jgil.demo.common;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The GIL's own counters (switches, forced switches, drop requests, blocking releases, watchdog
 * hand-offs), read reflectively from {@code dev.jgil.runtime.Gil} when the agent is attached; the
 * demos print them beside their RESULT lines as a diagnostic. No compile-time dependency on the agent.
 */
public final class GilStats {
    private static final String[] COUNTERS = {"switches", "forcedSwitches", "dropRequests", "tickDrops",
            "tickDropsWonBack", "blockingReleases", "watchdogHandOffs"};

    private GilStats() {
    }

    /** key=value pairs (as alternating list entries) of every counter, or an empty list without the agent. */
    public static List<Object> snapshot() {
        List<Object> out = new ArrayList<>();
        try {
            Class<?> gil = Class.forName("dev.jgil.runtime.Gil", true, null);
            Object lock = gil.getMethod("lock").invoke(null);
            for (String c : COUNTERS) {
                Method m = lock.getClass().getMethod(c);
                out.add(c);
                out.add(m.invoke(lock));
            }
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            // no agent
        }
        return out;
    }

    /**
     * The longest the calling thread ever waited for the GIL, in milliseconds (cumulative over its
     * life), or -1 without the agent.
     */
    public static double currentThreadMaxWaitMillis() {
        try {
            Class<?> gil = Class.forName("dev.jgil.runtime.Gil", true, null);
            Object lock = gil.getMethod("lock").invoke(null);
            Object state = lock.getClass().getMethod("currentThreadState").invoke(lock);
            return ((Number) state.getClass().getMethod("maxWaitNanos").invoke(state)).longValue() / 1e6;
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return -1;
        }
    }

    /** The difference of two snapshots, same layout. */
    public static List<Object> delta(List<Object> before, List<Object> after) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i + 1 < after.size() && i + 1 < before.size(); i += 2) {
            out.add(after.get(i));
            out.add(((Number) after.get(i + 1)).longValue() - ((Number) before.get(i + 1)).longValue());
        }
        return out;
    }
}
