package dev.jgil.report.render;

import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.ConfigurationSegments;
import dev.jgil.report.analysis.JvmSummary;
import dev.jgil.report.analysis.Lane;
import dev.jgil.report.analysis.ThreadRows;
import dev.jgil.report.analysis.Timeline;
import dev.jgil.report.model.JvmRecording;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;

/**
 * The timeline in the Trace Event Format (the JSON that Perfetto's UI and trace_processor, Chromium's trace viewer and
 * speedscope open): a process per JVM, a track per thread (named, ordered as the threads table: worst victim first)
 * with its exact segments as complete slices ({@code "ph":"X"}: held / waiting / released, the causes and the blocker
 * in {@code args}), switch requests as thread-scoped instants on the owner's track, configuration changes as
 * process-scoped instants, and a counter track per JVM of the threads waiting for the GIL (from the recorded waits).
 * Times are µs from the report's origin (the earliest event), with ns precision; {@code otherData} names the origin.
 *
 * <p>Streams: every event is written as it is produced (a 1M-event recording is never held as JSON in memory). The
 * segments are {@link Timeline#segments}' — the page's timeline's own — so the two views draw the same time.
 */
public final class TraceEventExport {
    /** Slice names by {@link Timeline} state. */
    static final String[] SLICE_NAMES = {"held", "waiting", "released"};
    static final String CATEGORY = "gil";
    static final String WAITERS_COUNTER = "GIL waiters";
    static final String SWITCH_REQUEST = "switch request";

    private final Analysis a;
    private final Writer out;
    private final StringBuilder sb = new StringBuilder(1 << 16);
    private final Json j = new Json(sb);
    /** Per lane: the end of its latest slice (ns from the origin). */
    private final long[] trackEnd;
    private long overlaps, maxOverlap;

    private TraceEventExport(Analysis a, Writer out) {
        this.a = a;
        this.out = out;
        this.trackEnd = new long[a.lanes.size()];
        Arrays.fill(trackEnd, Long.MIN_VALUE);
    }

    public static void write(Analysis a, Writer out) throws IOException {
        try {
            new TraceEventExport(a, out).document();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void document() throws IOException {
        j.beginObject();
        j.field("displayTimeUnit", "ms");
        j.name("traceEvents").beginArray();
        metadata();
        for (JvmSummary s : a.jvms) {
            slices(s);
            switchRequests(s);
            waiters(s);
        }
        for (ConfigurationSegments.Change c : a.configurationChanges) {
            j.beginObject().field("ph", "i").field("s", "p").field("name", c.label).field("cat", "config");
            ts("ts", c.offsetNanos);
            j.field("pid", pid(c.jvm)).field("tid", 0);
            j.name("args").beginObject().field("description", c.description).endObject().endObject();
            flush(false);
        }
        j.endArray();
        // Last: how many slices were cut is known only now.
        j.name("otherData").beginObject().field("tool", "jgil").instant("origin", a.timeline.originEpochNanos)
                .field("timeUnit", "µs from origin").field("detailComplete", a.detailComplete)
                .field("note", a.timeline.note).field("overlapsCut", overlaps).field("maxOverlapCutNanos", maxOverlap).endObject();
        j.endObject();
        flush(true);
    }

    private static int pid(int jvm) {
        return jvm + 1;
    }

    /** Lane → track id: unique over all JVMs, never 0 (the process-scoped events' tid). */
    private static int tid(int lane) {
        return lane + 1;
    }

    private void metadata() {
        for (JvmSummary s : a.jvms) {
            meta("process_name", pid(s.index), 0, "name", (a.fleet() ? "#" + (s.index + 1) + " " : "") + s.label);
            meta("process_sort_index", pid(s.index), 0, "sort_index", s.index);
        }
        int[] position = new int[a.threadRows.size()];
        int k = 0;
        for (ThreadRows.Row r : a.verdict.victimsFirst) position[r.index] = k++;
        for (Lane l : a.lanes) {
            String name = l.thread.name + (l.thread.javaThreadId > 0 ? " (tid " + l.thread.javaThreadId + ")" : "");
            meta("thread_name", pid(l.jvm), tid(l.index), "name", name);
            meta("thread_sort_index", pid(l.jvm), tid(l.index), "sort_index", position[a.rowOfLane(l.index)]);
        }
    }

    private void meta(String what, int pid, int tid, String key, Object value) {
        j.beginObject().field("ph", "M").field("name", what).field("pid", pid).field("tid", tid);
        j.name("args").beginObject();
        if (value instanceof String v) j.field(key, v);
        else j.field(key, ((Number) value).longValue());
        j.endObject().endObject();
    }

    private void slices(JvmSummary s) {
        JvmRecording r = s.recording;
        Timeline.segments(s, a.timeline.originEpochNanos, (lane, state, start0, nanos, event) -> {
            // A wait's end and the hold it led to come from two clocks reads: they can overlap by a few µs. A viewer
            // nests overlapping slices as calls, so the later one starts where the earlier ended; args keep the exact
            // duration and say how much was cut.
            long end = start0 + Math.max(0, nanos);
            long start = Math.max(start0, trackEnd[lane]);
            long clipped = Math.min(end, start) - start0;
            long dur = Math.max(0, end - start); // wholly inside the previous slice: an instant at its end
            trackEnd[lane] = Math.max(trackEnd[lane], end);
            if (clipped > 0) {
                overlaps++;
                maxOverlap = Math.max(maxOverlap, clipped);
            }
            j.beginObject().field("ph", "X").field("name", SLICE_NAMES[state]).field("cat", CATEGORY);
            ts("ts", start);
            ts("dur", dur);
            j.field("pid", pid(s.index)).field("tid", tid(lane));
            j.name("args").beginObject();
            if (state == Timeline.HELD) {
                j.field("acquired", cause(r.acquireCauses, r.holdAcquireCause[event])).field("released", cause(r.releaseCauses, r.holdReleaseCause[event]));
            } else if (state == Timeline.WAIT) {
                j.field("cause", cause(r.acquireCauses, r.waitCause[event]));
                int b = r.waitBlockedBy[event];
                j.field("blockedBy", b < 0 ? "(watchdog or unknown)" : r.threads.get(b).name);
            } else {
                j.field("after", cause(r.releaseCauses, r.holdReleaseCause[event]));
            }
            j.field("durationNanos", Math.max(0, nanos));
            if (clipped > 0) j.field("overlapCutNanos", clipped);
            j.endObject().endObject();
            flush(false);
        });
    }

    private static String cause(java.util.List<String> names, byte index) {
        return index >= 0 && index < names.size() ? names.get(index) : "?";
    }

    private void switchRequests(JvmSummary s) {
        JvmRecording r = s.recording;
        long o = a.timeline.originEpochNanos;
        for (int i = 0; i < r.switchRequestEpochNanos.length; i++) {
            int owner = r.switchOwner[i];
            j.beginObject().field("ph", "i").field("name", SWITCH_REQUEST).field("cat", CATEGORY);
            ts("ts", r.switchRequestEpochNanos[i] - o);
            j.field("pid", pid(s.index));
            if (owner >= 0) j.field("s", "t").field("tid", tid(a.lane(s.index, owner)));
            else j.field("s", "p").field("tid", 0);
            int req = r.switchRequester[i];
            j.name("args").beginObject().field("requester", req < 0 ? "?" : r.threads.get(req).name)
                    .field("timeToDropNanos", r.switchTimeToDropNanos[i]).endObject().endObject();
            flush(false);
        }
    }

    /** The number of threads waiting, from the recorded waits: a counter sample at every change. */
    private void waiters(JvmSummary s) {
        JvmRecording r = s.recording;
        int n = r.waitCount();
        if (n == 0) return;
        long o = a.timeline.originEpochNanos;
        // Starts as 2·t+1 and ends as 2·t: at one instant an end sorts before a start, so the count never jumps spuriously.
        long[] edges = new long[2 * n];
        for (int i = 0; i < n; i++) {
            long start = r.waitStartEpochNanos[i] - o;
            edges[2 * i] = 2 * start + 1;
            edges[2 * i + 1] = 2 * (start + Math.max(0, r.waitNanos[i]));
        }
        Arrays.sort(edges);
        int waiting = 0;
        for (int i = 0; i < edges.length; i++) {
            waiting += (edges[i] & 1) == 1 ? 1 : -1;
            long t = edges[i] >> 1;
            if (i + 1 < edges.length && edges[i + 1] >> 1 == t) continue; // one sample per instant
            j.beginObject().field("ph", "C").field("name", WAITERS_COUNTER).field("cat", CATEGORY);
            ts("ts", t);
            j.field("pid", pid(s.index)).field("tid", 0);
            j.name("args").beginObject().field("waiting", waiting).endObject().endObject();
            flush(false);
        }
    }

    /** ns → µs with the ns kept (three decimals, never exponent notation). */
    private void ts(String name, long nanos) {
        j.name(name).raw(micros(nanos));
    }

    static String micros(long nanos) {
        long us = Math.floorDiv(nanos, 1000), frac = Math.floorMod(nanos, 1000);
        if (frac == 0) return Long.toString(us);
        String f = Long.toString(1000 + frac).substring(1);
        return us + "." + f;
    }

    private void flush(boolean all) {
        if (!all && sb.length() < (1 << 16)) return;
        try {
            out.append(sb);
            if (all) out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sb.setLength(0);
    }
}
