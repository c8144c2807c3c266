package dev.jgil.cli;

import dev.jgil.schema.Names;
import dev.jgil.schema.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;

/**
 * Collects {@code jgil top}'s events into frames: one {@link TopView} per GIL per statistics interval. A JVM run with
 * {@code group.NAME=} options commits, every period, one jgil.Statistics (and its jgil.ThreadStatistics) per GIL, each
 * with its group; each GIL keeps its own {@link TopView.Session} (averages, settings in force, waits and changes of that
 * lock). A frame is complete when the stream flushes, or when a GIL's next interval begins. Used by the stream thread only.
 */
final class TopFrames {
    private final Map<String, LiveSource.Settings> settings;
    private final Map<String, TopView.Session> sessions = new TreeMap<>();
    /** The interval being collected, per GIL: its Statistics event, then its ThreadStatistics. */
    private final Map<String, RecordedEvent> pendingStats = new LinkedHashMap<>();
    private final Map<String, List<RecordedEvent>> pendingThreads = new LinkedHashMap<>();
    /** Whether some event was about a group's GIL: from then on every view names its GIL. */
    private boolean grouped;

    /** @param settings each GIL's policy and interval when top started (from the MBeans), by group */
    TopFrames(Map<String, LiveSource.Settings> settings) {
        this.settings = settings;
        this.grouped = settings.keySet().stream().anyMatch(g -> !g.equals(Names.DEFAULT_GROUP));
    }

    /** A jgil.Statistics event; the frame it completes (its GIL's next interval began), or null. */
    List<TopView> statistics(RecordedEvent e, Instant now) {
        String g = group(e);
        // A flush can hold several intervals (stats.period below the 1 s flush period): the previous one is complete
        // once the same GIL's next one begins.
        List<TopView> done = pendingStats.containsKey(g) ? flush(now) : null;
        pendingStats.put(g, e);
        pendingThreads.put(g, new ArrayList<>());
        return done;
    }

    void threadStatistics(RecordedEvent e) {
        List<RecordedEvent> l = pendingThreads.get(group(e));
        if (l != null) l.add(e);
    }

    /** A wait or a configuration change: assigned to its GIL's interval by time when that is shown. */
    void unassigned(RecordedEvent e) {
        session(group(e)).unassigned.add(e);
    }

    /** The frame collected so far (null when there is none): the default GIL first, then the groups by name. */
    List<TopView> flush(Instant now) {
        if (pendingStats.isEmpty()) return null;
        List<TopView> out = new ArrayList<>();
        for (String g : ordered(pendingStats.keySet())) {
            TopView v = session(g).view(pendingStats.get(g), new ArrayList<>(pendingThreads.get(g)), now);
            v.group = g;
            v.grouped = grouped;
            out.add(v);
        }
        pendingStats.clear();
        pendingThreads.clear();
        return out;
    }

    private static List<String> ordered(Iterable<String> groups) {
        List<String> out = new ArrayList<>();
        groups.forEach(out::add);
        out.sort(Names::compareGroups);
        return out;
    }

    private TopView.Session session(String group) {
        return sessions.computeIfAbsent(group, g -> {
            LiveSource.Settings s = settings.getOrDefault(g, new LiveSource.Settings("?", -1));
            return new TopView.Session(s.policy(), s.switchIntervalNanos());
        });
    }

    private String group(RecordedEvent e) {
        String g = Names.groupOrDefault(e.hasField(Schema.GROUP) ? e.getString(Schema.GROUP) : null);
        if (!g.equals(Names.DEFAULT_GROUP)) grouped = true;
        return g;
    }
}
