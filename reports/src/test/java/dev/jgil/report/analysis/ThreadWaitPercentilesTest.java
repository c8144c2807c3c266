package dev.jgil.report.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.schema.Schema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * A thread's wait percentiles come from its complete per-interval histograms (jgil.ThreadStatistics), never from the
 * thresholded detail events: under the default preset those keep waits of 1 ms and more only, and their median is the
 * median of the long waits (the threads table said 6.52 ms where the thread's waits had a median of 3.30 ms).
 */
class ThreadWaitPercentilesTest {
    @Test
    void aThreadsWaitPercentilesAreThoseOfAllItsWaitsUnderTheDefaultPreset() throws Exception {
        Analysis a = Reports.analyse(List.of(Fixtures.path(Fixtures.CONVOY)));
        assertTrue(a.jvms.get(0).recording.configuration.jfrSettings.equals("default"));
        // Every wait of each thread, decoded straight from the file's ThreadStatistics events.
        Map<Long, Histogram> byThread = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(Fixtures.path(Fixtures.CONVOY))) {
            if (!e.getEventType().getName().equals(Schema.THREAD_STATISTICS)) continue;
            String h = e.getString(Schema.ThreadStatistics.WAIT_HISTOGRAM);
            if (h == null || h.isEmpty()) continue;
            byThread.computeIfAbsent(e.getLong(Schema.ThreadStatistics.THREAD_ID), k -> new Histogram(3))
                    .add(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(h)), 0));
        }
        ThreadRows.Row io = a.threadRows.stream().filter(r -> r.name.equals("io-reader")).findFirst().orElseThrow();
        Histogram all = byThread.get(io.members.get(0).thread.javaThreadId);
        assertTrue(io.waitsKnown);
        assertEquals(all.getTotalCount(), io.waits.getTotalCount(), "every wait, not the recorded ones");
        assertEquals(io.contendedAcquisitions, io.waits.getTotalCount(), "one wait per contended acquisition");
        assertEquals(all.getValueAtPercentile(50), io.waits.getValueAtPercentile(50));
        assertEquals(all.getValueAtPercentile(99), io.waits.getValueAtPercentile(99));
        // The text and HTML tables show exactly these.
        String text = Reports.text(a), html = Reports.html(a);
        String p50 = dev.jgil.schema.Format.nanos(all.getValueAtPercentile(50));
        assertTrue(text.lines().anyMatch(l -> l.contains("io-reader") && l.contains(p50)), text);
        assertTrue(html.contains("<td class=\"wait-p50\">" + p50 + "</td>"), "HTML threads table");
    }

    @Test
    void withoutHistogramsAndWithThresholdedEventsThePercentilesAreUnknownNotBiased() throws IOException {
        Analysis a = Reports.analyse(List.of(Fixtures.path(Fixtures.CONVOY)));
        // An older agent's recording: no histograms in its thread statistics.
        dev.jgil.report.model.JvmRecording r = a.jvms.get(0).recording;
        r.threadWaitHistograms = false;
        Analysis old = new Analysis(new dev.jgil.report.model.ReportModel(List.of(r)));
        for (ThreadRows.Row row : old.threadRows) {
            assertTrue(!row.waitsKnown && row.waits == null, row.name + ": '-' rather than the percentiles of the long waits only");
        }
        assertTrue(Reports.text(old).contains("wait percentiles per thread: -"));
    }
}
