package dev.jgil.report.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.SyntheticPerTask;
import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.ReportModel;
import dev.jgil.report.model.ThreadInfo;
import dev.jgil.report.render.HtmlRenderer;
import dev.jgil.report.render.JsonRenderer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A million holds and waits must give a bounded page: downsampled timeline, exact totals. */
class LargeRecordingTest {
    static final int EVENTS = 1_000_000;

    @Test
    void millionEventRecordingRendersUnderFiveMegabytesWithATimelineOfBuckets() throws Exception {
        JvmRecording r = new JvmRecording(Path.of("synthetic.jfr"));
        r.configuration.jfrSettings = "trace";
        r.configuration.policy = "switch";
        r.configuration.intervalNanos = 5_000_000;
        for (int t = 0; t < 4; t++) {
            ThreadInfo ti = new ThreadInfo(t, 100L + t, "worker-" + t);
            ti.hasStatistics = true;
            ti.heldNanos = EVENTS / 2 * 2_000L / 4;
            ti.waitNanos = ti.heldNanos * 3;
            r.threads.add(ti);
        }
        int holds = EVENTS / 2, waits = EVENTS / 2;
        long t0 = 1_700_000_000_000_000_000L;
        SyntheticPerTask.allocate(r, holds, waits, "FORCED_SWITCH", "com.example.Work.run:42");
        for (int i = 0; i < holds; i++) {
            r.holdStartEpochNanos[i] = t0 + i * 2_000L;
            r.holdNanos[i] = 1_900;
            r.holdThread[i] = i % 4;
        }
        for (int i = 0; i < waits; i++) {
            r.waitStartEpochNanos[i] = t0 + i * 2_000L;
            r.waitNanos[i] = 5_900;
            r.waitThread[i] = (i + 1) % 4;
            r.waitBlockedBy[i] = i % 4;
            r.waitHistogram.recordValue(5_900);
        }
        r.firstEpochNanos = t0;
        r.lastEpochNanos = t0 + holds * 2_000L;
        r.totals.intervalNanos = holds * 2_000L;
        r.totals.contendedAcquisitions = waits;

        Analysis a = new Analysis(new ReportModel(List.of(r)));
        assertFalse(a.timeline.exact);
        assertEquals(EVENTS, a.timeline.segmentCount);
        assertEquals(waits, a.sites.get(0).count, "sites count every wait");
        assertEquals(holds - 1, a.handOffs.total, "hand-offs count every hold");
        String html = HtmlRenderer.render(a);
        int bytes = html.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= 5 * 1024 * 1024, "page of " + bytes + " bytes");
        assertTrue(html.contains("id=\"timeline-downsampled\""));
    }

    /**
     * Thread per task: 20,000 threads that each hold twice and wait twice. The downsampled timeline keeps one
     * bucket array per row of the Threads table, not per thread (per thread, a million threads need gigabytes),
     * and a row's buckets still add up to its members' held time.
     */
    @Test
    void downsampledTimelineOfTwentyThousandThreadsKeepsOneBucketArrayPerRowThatSumsItsMembers() throws Exception {
        int threads = 20_000;
        JvmRecording r = SyntheticPerTask.recording(threads);
        Analysis a = new Analysis(new ReportModel(List.of(r)));
        assertFalse(a.timeline.exact, "80,000 segments are downsampled");
        assertEquals(threads, a.lanes.size());
        assertEquals(1, a.threadRows.size(), "task-# is one row");
        assertEquals(a.threadRows.size(), a.timeline.buckets.size(), "one bucket array per row");
        long heldPerMille = 0;
        for (short v : a.timeline.buckets.get(0)[0]) heldPerMille += v;
        long drawnHeld = heldPerMille * a.timeline.bucketNanos / 1000;
        long held = threads * SyntheticPerTask.PER_THREAD * SyntheticPerTask.HELD_NANOS;
        // Each bucket rounds down to a thousandth of a bucket: at most one bucket's worth in all.
        assertTrue(drawnHeld <= held && held - drawnHeld <= a.timeline.bucketNanos,
                "drawn " + drawnHeld + " ns of " + held + " ns held (bucket " + a.timeline.bucketNanos + " ns)");
        assertEquals(a.threadRows.size(), a.timeline.switchMarks.size(), "switch marks per row too");
        assertEquals(r.switchOwner.length, a.timeline.switchMarks.get(0).length, "every switch request marked");
        String html = HtmlRenderer.render(a);
        assertTrue(html.contains("\"bucketsPerRow\":true"), "the page tells report.js the buckets are per row");
        assertTrue(html.contains("\"marksPerRow\":true"));
    }

    /**
     * A page of 20,000 threads' rows carries no per-thread entries (a million made a 400 MB page) and says where they
     * are; the JSON export keeps every one.
     */
    @Test
    void aPageOfManyThreadsLeavesTheirOwnEntriesToTheJsonExportAndSaysSo() throws Exception {
        Analysis a = new Analysis(new ReportModel(List.of(SyntheticPerTask.recording(20_000))));
        com.google.gson.JsonObject page = com.google.gson.JsonParser.parseString(JsonRenderer.render(a, true)).getAsJsonObject();
        com.google.gson.JsonObject export = com.google.gson.JsonParser.parseString(JsonRenderer.render(a, false)).getAsJsonObject();
        assertEquals(0, page.getAsJsonArray("threads").size());
        assertEquals(20_000, page.get("threadsLeftOut").getAsInt());
        assertEquals(20_000, page.getAsJsonArray("threadGroups").get(0).getAsJsonObject().get("threadCount").getAsInt());
        assertEquals(20_000, export.getAsJsonArray("threads").size());
        assertEquals(0, export.get("threadsLeftOut").getAsInt());
        assertEquals(20_000, export.getAsJsonArray("threadGroups").get(0).getAsJsonObject().getAsJsonArray("threads").size());
        String html = HtmlRenderer.render(a);
        assertTrue(html.contains("id=\"threads-left-out-note\""), "the page says where the threads' own figures are");
        assertTrue(html.length() < 2_000_000, "page of " + html.length() + " chars");
    }
}
