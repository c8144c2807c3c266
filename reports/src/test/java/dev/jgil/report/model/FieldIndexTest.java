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

    /** A thread by its Java id (names are not unique, and the report keeps one name per id). */
    private static String name(RecordedThread t) {
        return t == null ? "-" : "tid" + t.getJavaThreadId();
    }

    private static String thread(JvmRecording r, int i) {
        return i < 0 ? "-" : "tid" + r.threads.get(i).javaThreadId;
    }
}
