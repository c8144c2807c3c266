package dev.jgil.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import dev.jgil.schema.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Holds and waits read by position ({@link FieldIndex}, as the CLI does) are the ones JFR's own by-name getters give:
 * every fixture's events read both ways, field by field.
 */
class FieldIndexTest {
    @ParameterizedTest
    @ValueSource(strings = {Fixtures.COUNTDOWN, Fixtures.CONVOY, Fixtures.BATTLE, Fixtures.HOSTILE, Fixtures.PER_TASK, Fixtures.LOSSY,
            Fixtures.BLOCKED_OWNER})
    void holdsAndWaitsReadByPositionAreTheOnesReadByName(String fixture) throws Exception {
        assertTrue(FieldIndex.byPosition(), "the tests run with jdk.jfr.consumer opened, as the CLI");
        Path file = Fixtures.path(fixture);
        JvmRecording r = RecordingReader.read(file, null);
        List<String> holds = new ArrayList<>(), waits = new ArrayList<>();
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                String type = e.getEventType().getName();
                if (type.equals(Schema.HOLD)) {
                    holds.add(e.getLong(Schema.Hold.HOLD_NANOS) + " " + name(e.getThread(Schema.Hold.HOLDER)) + " "
                            + e.getString(Schema.Hold.RELEASE_CAUSE) + " " + e.getString(Schema.Hold.ACQUIRE_CAUSE));
                } else if (type.equals(Schema.CONTENDED_ACQUIRE)) {
                    waits.add(e.getLong(Schema.ContendedAcquire.WAIT_NANOS) + " " + name(e.getThread(Schema.EVENT_THREAD)) + " "
                            + name(e.getThread(Schema.ContendedAcquire.BLOCKED_BY)) + " " + e.getString(Schema.ContendedAcquire.CAUSE));
                }
            }
        }
        List<String> mappedHolds = new ArrayList<>(), mappedWaits = new ArrayList<>();
        for (int i = 0; i < r.holdCount(); i++) {
            mappedHolds.add(r.holdNanos[i] + " " + thread(r, r.holdThread[i]) + " " + r.releaseCauses.get(r.holdReleaseCause[i]) + " "
                    + r.acquireCauses.get(r.holdAcquireCause[i]));
        }
        for (int i = 0; i < r.waitCount(); i++) {
            mappedWaits.add(r.waitNanos[i] + " " + thread(r, r.waitThread[i]) + " " + thread(r, r.waitBlockedBy[i]) + " "
                    + r.acquireCauses.get(r.waitCause[i]));
        }
        assertFalse(holds.isEmpty());
        holds.sort(null);
        waits.sort(null);
        mappedHolds.sort(null);
        mappedWaits.sort(null);
        assertEquals(holds.size(), mappedHolds.size(), fixture + ": holds");
        assertEquals(waits.size(), mappedWaits.size(), fixture + ": waits");
        for (int i = 0; i < holds.size(); i++) assertEquals(holds.get(i), mappedHolds.get(i), fixture + ": hold " + i);
        for (int i = 0; i < waits.size(); i++) assertEquals(waits.get(i), mappedWaits.get(i), fixture + ": wait " + i);
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.COUNTDOWN, Fixtures.CONVOY, Fixtures.PER_TASK, Fixtures.LOSSY, Fixtures.LIVE_CHANGES})
    void threadStatisticsReadByPositionAddUpToTheOnesReadByName(String fixture) throws Exception {
        Path file = Fixtures.path(fixture);
        JvmRecording r = RecordingReader.read(file, null);
        long acquisitions = 0, contended = 0, samples = 0, ended = 0, waits = 0;
        double held = 0, wait = 0, outside = 0, released = 0;
        int events = 0;
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                if (!e.getEventType().getName().equals(Schema.THREAD_STATISTICS)) continue;
                events++;
                long interval = e.getLong(Schema.ThreadStatistics.INTERVAL_NANOS);
                acquisitions += e.getLong(Schema.ThreadStatistics.ACQUISITIONS);
                contended += e.getLong(Schema.ThreadStatistics.CONTENDED_ACQUISITIONS);
                samples += e.getLong(Schema.ThreadStatistics.SAMPLES);
                held += e.getDouble(Schema.ThreadStatistics.HELD_FRACTION) * interval;
                wait += e.getDouble(Schema.ThreadStatistics.WAIT_FRACTION) * interval;
                outside += e.getDouble(Schema.ThreadStatistics.OUTSIDE_FRACTION) * interval;
                released += e.getDouble(Schema.ThreadStatistics.RELEASED_FRACTION) * interval;
                if (e.getThread(Schema.ThreadStatistics.THREAD) == null && e.getLong(Schema.ThreadStatistics.THREAD_ID) <= 0
                        && e.hasField(Schema.ThreadStatistics.THREADS)) {
                    ended += e.getLong(Schema.ThreadStatistics.THREADS);
                }
                if (e.hasField(Schema.ThreadStatistics.WAIT_HISTOGRAM)) {
                    waits += EventMapper.decode(e.getString(Schema.ThreadStatistics.WAIT_HISTOGRAM)).getTotalCount();
                }
            }
        }
        assertTrue(events > 0, fixture + " has thread statistics");
        long mappedWaits = 0;
        for (ThreadInfo t : r.threads) if (t.waits != null) mappedWaits += t.waits.getTotalCount();
        assertEquals(acquisitions, r.threads.stream().mapToLong(t -> t.acquisitions).sum(), fixture);
        assertEquals(contended, r.threads.stream().mapToLong(t -> t.contendedAcquisitions).sum(), fixture);
        assertEquals(samples, r.threads.stream().mapToLong(t -> t.samples).sum(), fixture);
        assertEquals(ended, r.threads.stream().mapToLong(t -> t.endedThreads).sum(), fixture);
        assertEquals(waits, mappedWaits, fixture);
        assertEquals(held, r.threads.stream().mapToDouble(t -> t.heldNanos).sum(), 1 + held * 1e-9, fixture);
        assertEquals(wait, r.threads.stream().mapToDouble(t -> t.waitNanos).sum(), 1 + wait * 1e-9, fixture);
        assertEquals(outside, r.threads.stream().mapToDouble(t -> t.outsideNanos).sum(), 1 + outside * 1e-9, fixture);
        assertEquals(released, r.threads.stream().mapToDouble(t -> t.releasedNanos).sum(), 1 + released * 1e-9, fixture);
    }

    /** A thread by its Java id (names are not unique, and the report keeps one name per id). */
    private static String name(RecordedThread t) {
        return t == null ? "-" : "tid" + t.getJavaThreadId();
    }

    private static String thread(JvmRecording r, int i) {
        return i < 0 ? "-" : "tid" + r.threads.get(i).javaThreadId;
    }
}
