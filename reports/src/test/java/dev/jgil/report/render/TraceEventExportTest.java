package dev.jgil.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.JvmSummary;
import dev.jgil.report.model.JvmRecording;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Trace Event Format export, held to the format's documented schema (the JSON object form: {@code traceEvents};
 * {@code ph} X with {@code ts}/{@code dur} in µs, i with scope {@code s}, C with numeric args, M metadata) and to the
 * recording: every hold and wait is one slice of its thread's track with its exact duration, slices of a track never
 * overlap (the viewers nest overlapping slices as calls), every switch request is an instant, the waiters counter
 * never goes below 0.
 */
class TraceEventExportTest {
    @TempDir
    Path dir;

    private JsonObject export(Analysis a) throws IOException {
        Path out = dir.resolve("x.trace.json");
        Reports.writeTraceEvents(a, out);
        return JsonParser.parseString(Files.readString(out)).getAsJsonObject();
    }

    @Test
    void everyHoldAndWaitIsASliceOfItsThreadsTrackWithItsExactDuration() throws IOException {
        for (String f : List.of(Fixtures.COUNTDOWN, Fixtures.CONVOY, Fixtures.BATTLE, Fixtures.HOSTILE, Fixtures.LIVE_CHANGES)) {
            Analysis a = Reports.analyse(List.of(Fixtures.path(f)));
            JsonObject doc = export(a);
            JsonArray events = doc.getAsJsonArray("traceEvents");
            Map<String, Long> count = new HashMap<>();
            Map<String, List<double[]>> tracks = new HashMap<>();
            Map<Long, String> threadNames = new HashMap<>();
            double heldMicros = 0, waitMicros = 0;
            long switchInstants = 0;
            double maxCut = 0;
            for (JsonElement e : events) {
                JsonObject o = e.getAsJsonObject();
                String ph = o.get("ph").getAsString();
                assertTrue(Set.of("X", "i", "C", "M").contains(ph), f + ": " + o);
                assertTrue(o.get("pid").getAsJsonPrimitive().isNumber() && o.get("tid").getAsJsonPrimitive().isNumber(), f + ": " + o);
                assertTrue(o.has("name"), f + ": " + o);
                count.merge(ph + ":" + o.get("name").getAsString(), 1L, Long::sum);
                switch (ph) {
                    case "X" -> {
                        double ts = o.get("ts").getAsDouble(), dur = o.get("dur").getAsDouble();
                        assertTrue(dur >= 0, f + ": " + o);
                        assertTrue(Set.of("held", "waiting", "released").contains(o.get("name").getAsString()), f + ": " + o);
                        JsonObject args = o.getAsJsonObject("args");
                        double exact = args.get("durationNanos").getAsDouble();
                        double cut = args.has("overlapCutNanos") ? args.get("overlapCutNanos").getAsDouble() : 0;
                        assertEquals(exact - cut, dur * 1000, 0.5, f + ": µs, ns kept; only an overlap is cut: " + o);
                        maxCut = Math.max(maxCut, cut);
                        tracks.computeIfAbsent(o.get("pid") + "/" + o.get("tid"), k -> new ArrayList<>()).add(new double[] {ts, ts + dur});
                        if (o.get("name").getAsString().equals("held")) heldMicros += exact / 1000;
                        if (o.get("name").getAsString().equals("waiting")) waitMicros += exact / 1000;
                    }
                    case "i" -> {
                        assertTrue(Set.of("t", "p", "g").contains(o.get("s").getAsString()), f + ": " + o);
                        o.get("ts").getAsDouble();
                        if (o.get("name").getAsString().equals(TraceEventExport.SWITCH_REQUEST)) switchInstants++;
                    }
                    case "C" -> {
                        o.get("ts").getAsDouble();
                        for (var arg : o.getAsJsonObject("args").entrySet()) {
                            assertTrue(arg.getValue().getAsJsonPrimitive().isNumber(), f + ": " + o);
                            assertTrue(arg.getValue().getAsLong() >= 0, f + ": waiters never below 0: " + o);
                        }
                    }
                    default -> {
                        assertTrue(Set.of("process_name", "process_sort_index", "thread_name", "thread_sort_index")
                                .contains(o.get("name").getAsString()), f + ": " + o);
                        if (o.get("name").getAsString().equals("thread_name")) {
                            threadNames.put(o.get("tid").getAsLong(), o.getAsJsonObject("args").get("name").getAsString());
                        }
                    }
                }
            }
            long holds = 0, waits = 0, switches = 0;
            double holdNanos = 0, waitNanos = 0;
            for (JvmSummary s : a.jvms) {
                JvmRecording r = s.recording;
                for (int i = 0; i < r.holdCount(); i++) if (r.holdThread[i] >= 0) { holds++; holdNanos += Math.max(0, r.holdNanos[i]); }
                for (int i = 0; i < r.waitCount(); i++) if (r.waitThread[i] >= 0) { waits++; waitNanos += Math.max(0, r.waitNanos[i]); }
                switches += r.switchRequestEpochNanos.length;
            }
            assertEquals(holds, count.getOrDefault("X:held", 0L), f);
            assertEquals(waits, count.getOrDefault("X:waiting", 0L), f);
            assertEquals(holdNanos, heldMicros * 1000, Math.max(1, holdNanos * 1e-9), f);
            assertEquals(waitNanos, waitMicros * 1000, Math.max(1, waitNanos * 1e-9), f);
            assertEquals(switches, switchInstants, f + ": every switch request");
            assertEquals(a.lanes.size(), threadNames.size(), f + ": a named track per thread");
            for (var t : tracks.entrySet()) {
                List<double[]> s = t.getValue();
                s.sort((x, y) -> Double.compare(x[0], y[0]));
                for (int i = 1; i < s.size(); i++) {
                    assertTrue(s.get(i)[0] >= s.get(i - 1)[1] - 1e-3, f + ": slices of track " + t.getKey() + " overlap at " + s.get(i)[0]);
                }
            }
            JvmRecording r0 = a.jvms.get(0).recording;
            int blocking = r0.releaseCauses.indexOf(dev.jgil.schema.Names.RELEASE_BLOCKING);
            long blockingReleases = 0;
            for (int i = 0; i < r0.holdCount(); i++) if (r0.holdReleaseCause[i] == blocking) blockingReleases++;
            if (r0.tracePreset() && blockingReleases > 1) assertTrue(count.getOrDefault("X:released", 0L) > 0, f + ": released slices");
            assertTrue(count.getOrDefault("C:" + TraceEventExport.WAITERS_COUNTER, 0L) > 0, f + ": the waiters counter");
            assertEquals("jgil", doc.getAsJsonObject("otherData").get("tool").getAsString());
            assertEquals(maxCut, doc.getAsJsonObject("otherData").get("maxOverlapCutNanos").getAsDouble(), f);
        }
    }

    @Test
    void microsecondsKeepTheNanosecondsWithoutExponents() {
        assertEquals("0", TraceEventExport.micros(0));
        assertEquals("1.500", TraceEventExport.micros(1500));
        assertEquals("12345678.009", TraceEventExport.micros(12_345_678_009L));
        assertEquals("-2.500", TraceEventExport.micros(-1500));
    }
}
