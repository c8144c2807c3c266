package dev.jgil.report.predict;

import dev.jgil.report.model.ReportInputException;
import dev.jgil.schema.Names;
import dev.jgil.schema.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a {@code policy=off} recording made with the trace preset into a {@link Trace}, or says in one line why it
 * cannot: not made under {@code off}, a preset that does not record segments, no designated activity.
 */
public final class TraceReader {
    /** The agent options a predictable recording needs. */
    public static final String HOW = "record with -javaagent:jgil-agent.jar=include=...,policy=off,jfr.settings=trace";

    private TraceReader() {
    }

    /** How the recording's GILs become the simulation's locks ({@code --groups}). */
    public enum Groups {
        /** One lock per GIL the recording had: the default GIL and each {@code group.NAME=}. */
        SEPARATE,
        /** Every designated segment under one lock: what one GIL for all of it would do. */
        ONE;

        public static final String NAMES = "separate|one";

        public static Groups parse(String s) {
            switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "separate":
                    return SEPARATE;
                case "one":
                    return ONE;
                default:
                    throw new IllegalArgumentException("unknown --groups '" + s + "' (valid: " + NAMES + ")");
            }
        }
    }

    private static final class Raw {
        final long startNanos, length, cpu;
        final boolean blocking;
        final String group;

        Raw(long startNanos, long length, boolean blocking, long cpu, String group) {
            this.startNanos = startNanos;
            this.length = length;
            this.blocking = blocking;
            this.cpu = cpu;
            this.group = group;
        }
    }

    /** Reads {@code file}; {@code cores > 0} overrides the recorded hardware threads. */
    public static Trace read(Path file, int cores) throws ReportInputException {
        return read(file, cores, Groups.SEPARATE);
    }

    /** Reads {@code file}, its GILs kept apart or merged as {@code groups} says. */
    public static Trace read(Path file, int cores, Groups groups) throws ReportInputException {
        if (!Files.isRegularFile(file)) throw new ReportInputException(file + ": no such file");
        TreeSet<String> policies = new TreeSet<>();
        String settings = null;
        boolean changed = false;
        int hwThreads = 0;
        long firstEpoch = Long.MAX_VALUE, lastEpoch = Long.MIN_VALUE;
        long[] offsets = new long[64];
        int offsetCount = 0;
        Map<String, List<Raw>> byThread = new LinkedHashMap<>();
        Map<String, Integer> names = new java.util.HashMap<>(); // how many threads bear each name
        TreeSet<String> recordedGroups = new TreeSet<>(Names::compareGroups);
        Map<Long, long[]> starts = new java.util.HashMap<>(); // started thread's id -> {parent's id, epoch ns}
        List<Double> othersShare = new ArrayList<>(); // per jdk.CPULoad sample: the machine's use beyond this JVM
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                String type = e.getEventType().getName();
                long s = epochNanos(e.getStartTime()), en = epochNanos(e.getEndTime());
                if (type.startsWith(Schema.PREFIX)) {
                    firstEpoch = Math.min(firstEpoch, s);
                    lastEpoch = Math.max(lastEpoch, en);
                }
                switch (type) {
                    case Schema.CONFIGURATION:
                        policies.add(e.getString(Schema.Configuration.POLICY));
                        if (e.hasField(Schema.Configuration.JFR_SETTINGS)) settings = e.getString(Schema.Configuration.JFR_SETTINGS);
                        break;
                    case Schema.CONFIGURATION_CHANGE:
                        changed = true;
                        break;
                    case Schema.Jdk.CPU_LOAD:
                        double machine = e.getFloat(Schema.Jdk.CPU_LOAD_MACHINE);
                        // JFR's first sample has nothing to compare with and reads 0 everywhere: no measurement.
                        if (machine > 0) {
                            othersShare.add(Math.max(0, machine - e.getFloat(Schema.Jdk.CPU_LOAD_JVM_USER)
                                    - e.getFloat(Schema.Jdk.CPU_LOAD_JVM_SYSTEM)));
                        }
                        break;
                    case Schema.Jdk.THREAD_START:
                        RecordedThread child = e.getThread(Schema.Jdk.THREAD_START_THREAD);
                        RecordedThread parent = e.getThread(Schema.Jdk.THREAD_START_PARENT);
                        if (child != null && parent != null) starts.put(child.getJavaThreadId(), new long[] {parent.getJavaThreadId(), s});
                        break;
                    case Schema.Jdk.CPU_INFORMATION:
                        hwThreads = Math.max(hwThreads, e.getInt(Schema.Jdk.HW_THREADS));
                        break;
                    case Schema.SEGMENT:
                        long startNanos = e.getLong(Schema.Segment.START_NANOS);
                        if (offsetCount == offsets.length) offsets = Arrays.copyOf(offsets, offsetCount * 2);
                        if (offsetCount < 1 << 16) offsets[offsetCount++] = startNanos - s;
                        RecordedThread th = e.getThread();
                        String name = th == null ? "?#0" : th.getJavaName() + "#" + th.getJavaThreadId();
                        if (!byThread.containsKey(name)) names.merge(th == null ? "?" : th.getJavaName(), 1, Integer::sum);
                        String group = Names.groupOrDefault(e.hasField(Schema.GROUP) ? e.getString(Schema.GROUP) : null);
                        recordedGroups.add(group);
                        byThread.computeIfAbsent(name, k -> new ArrayList<>()).add(new Raw(startNanos,
                                e.getLong(Schema.Segment.SEGMENT_NANOS), "BLOCKING".equals(e.getString(Schema.Segment.END_CAUSE)),
                                e.hasField(Schema.Segment.CPU_NANOS) ? e.getLong(Schema.Segment.CPU_NANOS) : -1, group));
                        break;
                    default:
                }
            }
        } catch (IOException | RuntimeException ex) {
            throw new ReportInputException(file + ": cannot read it as a JFR recording (" + ex.getMessage() + ")");
        }
        if (policies.isEmpty()) throw new ReportInputException(file + ": no jgil.Configuration event: not a jgil recording? " + HOW);
        if (changed || !policies.equals(new TreeSet<>(List.of("off")))) {
            throw new ReportInputException(file + ": recorded under policy=" + String.join(",", policies)
                    + (changed ? " with a run-time change" : "") + "; jgil predict needs a whole run under policy=off: " + HOW);
        }
        if (byThread.isEmpty()) {
            if (!Schema.SETTINGS_TRACE.equals(settings)) {
                throw new ReportInputException(file + ": made with jfr.settings=" + settings
                        + ", which does not record designated segments (jgil.Segment); use the trace preset: " + HOW);
            }
            throw new ReportInputException(file + ": no designated activity recorded (no jgil.Segment): did include= match "
                    + "code that ran? (jgil report lists what each pattern matched)");
        }
        long[] o = Arrays.copyOf(offsets, offsetCount);
        Arrays.sort(o);
        long offset = o[o.length / 2]; // nanoTime − epoch: the median is immune to a few late commits
        // The simulation's locks: the recording's GILs (default first, then the groups by name), or one for all.
        List<String> gils = groups == Groups.ONE || recordedGroups.size() == 1
                ? List.of(String.join(Trace.MERGED, recordedGroups)) : List.copyOf(recordedGroups);
        List<Trace.ThreadTrace> threads = new ArrayList<>();
        Map<Long, Integer> index = new java.util.HashMap<>(); // Java thread id -> index in threads
        long cross = 0;
        for (Map.Entry<String, List<Raw>> t : byThread.entrySet()) {
            List<Pieces.Seg> segs = new ArrayList<>(t.getValue().size());
            for (Raw r : t.getValue()) {
                segs.add(new Pieces.Seg(r.startNanos, r.length, r.blocking, r.cpu, r.group,
                        gils.size() == 1 ? 0 : gils.indexOf(r.group), segs.size()));
            }
            String key = t.getKey(), bare = key.substring(0, key.lastIndexOf('#'));
            Trace.ThreadBuilder b = new Trace.ThreadBuilder(names.getOrDefault(bare, 0) > 1 ? key : bare);
            cross += Pieces.build(segs, b);
            if (b.isEmpty()) continue; // only empty segments: nothing to replay
            long id = Long.parseLong(key.substring(key.lastIndexOf('#') + 1));
            if (id != 0) index.put(id, threads.size());
            threads.add(b.build());
        }
        if (threads.isEmpty()) {
            throw new ReportInputException(file + ": every designated segment recorded is empty: nothing to replay");
        }
        int c = cores > 0 ? cores : hwThreads > 0 ? hwThreads : Runtime.getRuntime().availableProcessors();
        double others = Double.NaN;
        if (!othersShare.isEmpty()) {
            othersShare.sort(null);
            others = othersShare.get(othersShare.size() / 2) * (hwThreads > 0 ? hwThreads : c);
        }
        Trace trace = new Trace(file.toString(), firstEpoch + offset, lastEpoch + offset, c, cores <= 0 && hwThreads > 0, threads,
                others, gils, cross);
        // Who started whom (jdk.ThreadStart, in the JDK settings the trace preset includes): only threads with segments.
        for (Map.Entry<Long, long[]> st : starts.entrySet()) {
            Integer child = index.get(st.getKey()), parent = index.get(st.getValue()[0]);
            if (child == null || parent == null || child.equals(parent)) continue;
            trace.parent[child] = parent;
            trace.startedAtNanos[child] = st.getValue()[1] + offset;
        }
        return trace;
    }

    private static long epochNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
