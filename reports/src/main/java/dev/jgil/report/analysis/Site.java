package dev.jgil.report.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A place where threads waited for the GIL (the stack of {@code jgil.ContendedAcquire}): its recorded waits. */
public final class Site {
    public final int jvm;
    public final List<String> frames;
    /** Recorded waits here (jgil.ContendedAcquire events: all of them under trace, those of 1 ms and more otherwise). */
    public long count;
    public long totalWaitNanos;
    public long maxWaitNanos;
    /** Lane of the owner when the wait began (-1: the watchdog) → wait ns it caused here. */
    public final Map<Integer, Long> blockers = new HashMap<>();
    public final Map<Integer, Long> blockerCounts = new HashMap<>();
    /**
     * The same by the owner's row in {@link Analysis#threadRows} (-1: the watchdog): thirty threads named
     * {@code task-0} are one blocker, not thirty entries of one name.
     */
    public final Map<Integer, Long> rowBlockers = new HashMap<>();
    public final Map<Integer, Long> rowBlockerCounts = new HashMap<>();

    Site(int jvm, List<String> frames) {
        this.jvm = jvm;
        this.frames = frames;
    }

    /** Blocking lanes, most wait first. */
    public List<Map.Entry<Integer, Long>> blockersByWait() {
        return byWait(blockers);
    }

    /** Blocking rows (-1: the watchdog), most wait first. */
    public List<Map.Entry<Integer, Long>> blockerRowsByWait() {
        return byWait(rowBlockers);
    }

    private static List<Map.Entry<Integer, Long>> byWait(Map<Integer, Long> m) {
        List<Map.Entry<Integer, Long>> l = new ArrayList<>(m.entrySet());
        l.sort(Comparator.comparingLong((Map.Entry<Integer, Long> e) -> -e.getValue()).thenComparingInt(Map.Entry::getKey));
        return l;
    }
}
