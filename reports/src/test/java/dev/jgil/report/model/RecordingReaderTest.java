package dev.jgil.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import dev.jgil.schema.Schema;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordingReaderTest {

    /** Sums straight from the file with the JDK's own reader: what the model must reproduce exactly. */
    private static long sum(List<RecordedEvent> events, String type, String field) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).mapToLong(e -> e.getLong(field)).sum();
    }

    private static long count(List<RecordedEvent> events, String type) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.COUNTDOWN, Fixtures.CONVOY, Fixtures.BATTLE, Fixtures.IOBOUND})
    void modelTotalsEqualTheRecordingsStatisticsSums(String fixture) throws Exception {
        Path file = Fixtures.path(fixture);
        List<RecordedEvent> all = RecordingFile.readAllEvents(file);
        JvmRecording r = RecordingReader.read(file, null);

        assertEquals(sum(all, Schema.STATISTICS, Schema.Statistics.ACQUISITIONS), r.totals.acquisitions);
        assertEquals(sum(all, Schema.STATISTICS, Schema.Statistics.CONTENDED_ACQUISITIONS), r.totals.contendedAcquisitions);
        assertEquals(sum(all, Schema.STATISTICS, Schema.Statistics.SWITCHES), r.totals.switches);
        assertEquals(sum(all, Schema.STATISTICS, Schema.Statistics.FORCED_SWITCHES), r.totals.forcedSwitches);
        assertEquals(sum(all, Schema.STATISTICS, Schema.Statistics.WAIT_NANOS), r.totals.waitNanos);
        assertEquals(sum(all, Schema.STATISTICS, Schema.Statistics.INTERVAL_NANOS), r.totals.intervalNanos);
        assertEquals(sum(all, Schema.STATISTICS, Schema.Statistics.TICK_DROPS_WON_BACK), r.totals.tickDropsWonBack);
        assertEquals(count(all, Schema.HOLD), r.holdCount());
        assertEquals(count(all, Schema.CONTENDED_ACQUIRE), r.waitCount());
        assertEquals(count(all, Schema.SWITCH_REQUEST), r.switchRequestEpochNanos.length);

        // The decoded histograms hold exactly the waits the counters count.
        Histogram waits = new Histogram(3);
        for (RecordedEvent e : all) {
            if (!e.getEventType().getName().equals(Schema.STATISTICS)) continue;
            waits.add(Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(e.getString(Schema.Statistics.WAIT_HISTOGRAM))), 0));
        }
        assertEquals(waits.getTotalCount(), r.waitHistogram.getTotalCount());
        assertEquals(r.totals.contendedAcquisitions, r.waitHistogram.getTotalCount(), "every contended wait is in the histogram");
        assertEquals(sum(all, Schema.STATISTICS, Schema.Statistics.TIMED_HOLDS), r.holdHistogram.getTotalCount());

        // Per-thread acquisitions add up to the lock-wide count.
        assertEquals(r.totals.acquisitions, r.threads.stream().mapToLong(t -> t.acquisitions).sum());
        assertFalse(r.truncated);
    }

    @Test
    void traceRecordingHasEveryHoldAndOrderedEvents() throws IOException {
        JvmRecording r = RecordingReader.read(Fixtures.path(Fixtures.COUNTDOWN), null);
        assertTrue(r.tracePreset());
        assertEquals("switch", r.configuration.policy);
        assertEquals(r.totals.timedHolds, r.holdCount(), "trace preset: one Hold event per timed hold");
        for (int i = 1; i < r.holdCount(); i++) assertTrue(r.holdStartEpochNanos[i - 1] <= r.holdStartEpochNanos[i]);
        assertTrue(r.javaArguments.contains("FixtureGenerator"), "command line from jdk.JVMInformation");
        assertEquals(2, r.threads.stream().filter(t -> t.hasStatistics).count());
    }

    @Test
    void truncatedRecordingKeepsItsCompleteChunksAndIsMarkedTruncated() throws IOException {
        JvmRecording whole = RecordingReader.read(Fixtures.path(Fixtures.CONVOY), null);
        JvmRecording cut = RecordingReader.read(Fixtures.path(Fixtures.TRUNCATED), null);
        assertTrue(cut.truncated);
        assertTrue(cut.truncationDetail.contains("chunk"), cut.truncationDetail);
        assertTrue(cut.totals.acquisitions > 0 && cut.totals.acquisitions < whole.totals.acquisitions);
        assertTrue(cut.holdCount() <= whole.holdCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.CONVOY, Fixtures.TRUNCATED})
    void parsingChunksInParallelGivesTheSameModelAsOneParser(String fixture) throws IOException {
        Path file = Fixtures.path(fixture);
        JvmRecording one = RecordingReader.read(file, null, 1, Long.MAX_VALUE);
        JvmRecording par = RecordingReader.read(file, null, 3, 0);
        assertTrue(Chunks.scan(file, Files.size(file)).complete.size() >= 2, "a multi-chunk fixture");
        assertEquals(one.truncated, par.truncated);
        assertEquals(one.allEvents, par.allEvents);
        assertEquals(one.totals.acquisitions, par.totals.acquisitions);
        assertEquals(one.totals.heldNanos, par.totals.heldNanos, 1e-3);
        assertEquals(one.waitHistogram, par.waitHistogram);
        assertEquals(one.threads.size(), par.threads.size());
        for (int i = 0; i < one.threads.size(); i++) {
            ThreadInfo a = one.threads.get(i), b = par.threads.stream().filter(t -> t.javaThreadId == a.javaThreadId).findFirst().orElseThrow();
            assertEquals(a.name, b.name);
            assertEquals(a.acquisitions, b.acquisitions);
            assertEquals(a.waitNanos, b.waitNanos, 1e-3);
        }
        // Same instants to within JFR's tick conversion (a chunk parsed alone converts with its own header).
        assertEquals(one.holdCount(), par.holdCount());
        for (int i = 0; i < one.holdCount(); i++) assertEquals(one.holdStartEpochNanos[i], par.holdStartEpochNanos[i], 1_000);
        assertEquals(java.util.Arrays.toString(one.waitNanos), java.util.Arrays.toString(par.waitNanos));
        assertEquals(one.sites.size(), par.sites.size());
        assertEquals(one.configuration.policy, par.configuration.policy);
        assertEquals(one.javaArguments, par.javaArguments);
    }

    @Test
    void truncatedRecordingTotalsAreExactlyThoseOfItsCompleteChunks(@TempDir Path dir) throws Exception {
        Path cut = Fixtures.path(Fixtures.TRUNCATED);
        Chunks chunks = Chunks.scan(cut, Files.size(cut));
        assertTrue(chunks.incompleteAt > 0);
        // The complete chunks alone form a valid recording: the JDK's reader gives the expected sums.
        Path prefix = dir.resolve("prefix.jfr");
        Files.write(prefix, java.util.Arrays.copyOf(Files.readAllBytes(cut), (int) chunks.incompleteAt));
        List<RecordedEvent> all = RecordingFile.readAllEvents(prefix);
        JvmRecording r = RecordingReader.read(cut, null);
        assertTrue(r.truncated);
        assertEquals(all.size(), r.allEvents, "no event of a complete chunk lost");
        assertEquals(sum(all, Schema.STATISTICS, Schema.Statistics.ACQUISITIONS), r.totals.acquisitions);
        assertEquals(sum(all, Schema.STATISTICS, Schema.Statistics.WAIT_NANOS), r.totals.waitNanos);
        assertEquals(count(all, Schema.HOLD), r.holdCount());
    }

    @Test
    void missingFileIsAOneLineInputError() {
        ReportInputException e = assertThrows(ReportInputException.class,
                () -> RecordingReader.read(Path.of("does-not-exist.jfr"), null));
        assertTrue(e.getMessage().endsWith("no such file"), e.getMessage());
    }

    @Test
    void textFileIsNotAJfrRecording() {
        ReportInputException e = assertThrows(ReportInputException.class,
                () -> RecordingReader.read(Fixtures.path(Fixtures.NOT_JFR), null));
        assertTrue(e.getMessage().contains("not a JFR recording"), e.getMessage());
    }

    @Test
    void jdkOnlyRecordingHasNoJgilEvents() {
        ReportInputException e = assertThrows(ReportInputException.class,
                () -> RecordingReader.read(Fixtures.path(Fixtures.NO_JGIL), null));
        assertTrue(e.getMessage().contains("no jgil events"), e.getMessage());
    }

    @Test
    void fileCutInsideItsFirstChunkIsCorrupt(@TempDir Path dir) throws IOException {
        byte[] b = Files.readAllBytes(Fixtures.path(Fixtures.COUNTDOWN));
        Path f = dir.resolve("cut.jfr");
        Files.write(f, java.util.Arrays.copyOf(b, b.length / 3));
        ReportInputException e = assertThrows(ReportInputException.class, () -> RecordingReader.read(f, null));
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void hostileThreadNamesAreReadVerbatim() throws IOException {
        JvmRecording r = RecordingReader.read(Fixtures.path(Fixtures.HOSTILE), null);
        List<String> names = r.threads.stream().map(t -> t.name).toList();
        assertTrue(names.contains("<script>alert(1)</script>"), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.length() >= 10_000), "the 10 KB name survives");
    }
}
