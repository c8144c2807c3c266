package dev.jgil.report.model;

import dev.jgil.schema.Names;
import dev.jgil.schema.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedEvent;

/**
 * Splits one file's events by the GIL they are about ({@link Schema#GROUP}): one {@link EventMapper}, so one
 * {@link JvmRecording}, per group. Each group is its own lock with its own configuration and statistics series, so
 * its events read exactly as a whole recording did before groups, and the per-JVM machinery shows a per-group
 * breakdown. The JDK's events (JVM, CPU, data loss) are about the whole process: the default group's mapper reads
 * them, as before, and {@link #finish} gives them to the other groups. A file without groups (or from an agent that
 * predates them) is the default group alone: read exactly as before.
 */
final class GroupSplit {
    private final Path source;
    private final StartTimes times;
    private final EventMapper defaultMapper;
    /** The other groups, by name: the breakdown lists them in this order after the default GIL. */
    private final Map<String, EventMapper> others = new TreeMap<>();
    /** Per event type: where its group field is, or null when the type has none (a recording before groups). */
    private final Map<EventType, FieldIndex> groupField = new IdentityHashMap<>();
    /** Every event read, all groups and the JDK's (what progress and truncation count). */
    long allEvents;

    GroupSplit(Path source, StartTimes times) {
        this.source = source;
        this.times = times;
        this.defaultMapper = new EventMapper(new JvmRecording(source), times);
    }

    void accept(RecordedEvent e) {
        allEvents++;
        String group = group(e);
        if (group == null || group.equals(Names.DEFAULT_GROUP)) {
            defaultMapper.accept(e);
        } else {
            others.computeIfAbsent(group, g -> new EventMapper(new JvmRecording(source), times)).accept(e);
        }
    }

    /** The group of a jgil event; null for the JDK's events and for the default GIL's. */
    private String group(RecordedEvent e) {
        EventType t = e.getEventType();
        FieldIndex f = groupField.get(t);
        if (f == null) {
            if (groupField.containsKey(t)) return null;
            f = t.getName().startsWith(Schema.PREFIX) && t.getField(Schema.GROUP) != null ? new FieldIndex(Schema.GROUP) : null;
            groupField.put(t, f);
            if (f == null) return null;
        }
        Object v = f.get(e, f.values(e), 0);
        String g = Names.groupOrDefault(v instanceof String ? (String) v : null);
        return g.equals(Names.DEFAULT_GROUP) ? null : g;
    }

    /** Marks every group's recording truncated (a parse error ends the file for all of them). */
    void truncated(String detail) {
        for (JvmRecording r : recordings()) {
            r.truncated = true;
            r.truncationDetail = detail;
        }
    }

    /** The recordings by group, default GIL first, others by name, each with its arrays built. */
    Map<String, JvmRecording> finish() {
        Map<String, JvmRecording> out = new java.util.LinkedHashMap<>();
        out.put(Names.DEFAULT_GROUP, defaultMapper.finish());
        for (Map.Entry<String, EventMapper> m : others.entrySet()) out.put(m.getKey(), m.getValue().finish());
        return out;
    }

    private List<JvmRecording> recordings() {
        List<JvmRecording> out = new ArrayList<>();
        out.add(defaultMapper.r);
        for (EventMapper m : others.values()) out.add(m.r);
        return out;
    }

    /**
     * The report's recordings of one file from its groups ({@link #finish}'s order): the file itself when it has only
     * the default GIL; otherwise one per group, each named, with the process-wide facts the default's mapper read.
     * The default GIL is left out when no designated code ran under it (every designated class in some group).
     */
    static List<JvmRecording> recordings(Map<String, JvmRecording> byGroup) {
        List<JvmRecording> out = new ArrayList<>();
        JvmRecording d = byGroup.get(Names.DEFAULT_GROUP);
        if (byGroup.size() == 1) {
            out.add(d);
            return out;
        }
        for (Map.Entry<String, JvmRecording> g : byGroup.entrySet()) {
            JvmRecording r = g.getValue();
            r.group = g.getKey();
            r.grouped = true;
            if (r != d) {
                r.jvmName = d.jvmName;
                r.jvmVersion = d.jvmVersion;
                r.jvmArguments = d.jvmArguments;
                r.javaArguments = d.javaArguments;
                r.pid = d.pid;
                r.hwThreads = Math.max(r.hwThreads, d.hwThreads);
                // Lost buffers may have held any group's events: each group says so.
                r.dataLossEpochNanos = d.dataLossEpochNanos;
                r.dataLossBytes = d.dataLossBytes;
            }
            if (r != d || ranDesignatedCode(d)) out.add(r);
        }
        return out;
    }

    /**
     * Whether any designated code ran under this GIL: an acquisition counted, a hold or a wait recorded. With every
     * designated class in some group the default GIL still writes its statistics (all zero): no row for those.
     */
    private static boolean ranDesignatedCode(JvmRecording r) {
        if (r.holdNanos.length > 0 || r.waitNanos.length > 0) return true;
        for (long a : r.intervalAcquisitions) if (a > 0) return true;
        return false;
    }
}
