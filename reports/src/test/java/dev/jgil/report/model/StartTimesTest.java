package dev.jgil.report.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import dev.jgil.schema.Names;
import java.nio.file.Path;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Start times from raw ticks ({@link StartTimes}, as the CLI reads holds and waits) are the ones
 * {@code getStartTime()} gives: every event of every fixture, several of them of several chunks (convoy 5, live
 * changes 3) whose headers map ticks to nanoseconds a few hundred ns apart.
 */
class StartTimesTest {
    @ParameterizedTest
    @ValueSource(strings = {Fixtures.COUNTDOWN, Fixtures.CONVOY, Fixtures.BATTLE, Fixtures.IOBOUND, Fixtures.HOSTILE,
            Fixtures.LIVE_CHANGES, Fixtures.PER_TASK, Fixtures.NOTHING_DESIGNATED, Fixtures.BLOCKED_OWNER, Fixtures.LOSSY,
            Fixtures.NO_JGIL})
    void everyEventsStartIsJfrs(String fixture) throws Exception {
        Path file = Fixtures.path(fixture);
        StartTimes times = StartTimes.of(file);
        int n = 0;
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                assertEquals(StartTimes.epochNanos(e.getStartTime()), times.epochNanos(e), fixture + ": event " + n + " " + e.getEventType().getName());
                n++;
            }
        }
        assertTrue(n > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.COUNTDOWN, Fixtures.CONVOY, Fixtures.LIVE_CHANGES, Fixtures.PER_TASK})
    void recordingReadFromTicksIsTheOneReadFromInstants(String fixture) throws Exception {
        Path file = Fixtures.path(fixture);
        JvmRecording ticks = RecordingReader.readWith(file, StartTimes.of(file)).get(Names.DEFAULT_GROUP);
        JvmRecording instants = RecordingReader.readWith(file, StartTimes.instants()).get(Names.DEFAULT_GROUP);
        assertTrue(ticks.holdCount() > 0);
        assertArrayEquals(instants.holdStartEpochNanos, ticks.holdStartEpochNanos);
        assertArrayEquals(instants.waitStartEpochNanos, ticks.waitStartEpochNanos);
        assertEquals(instants.firstEpochNanos, ticks.firstEpochNanos);
        assertEquals(instants.lastEpochNanos, ticks.lastEpochNanos);
    }

    @Test
    void aJdkThatConvertsOtherwiseIsCaughtAndTheFileReadAgain() throws Exception {
        Path file = Fixtures.path(Fixtures.COUNTDOWN);
        StartTimes skewed = StartTimes.of(file, 1);
        try (RecordingFile rf = new RecordingFile(file)) {
            RecordedEvent first = rf.readEvent();
            assertThrows(StartTimes.Mismatch.class, () -> skewed.epochNanos(first), "the first event is checked");
        }
        Map<String, JvmRecording> read = RecordingReader.readWith(file, StartTimes.of(file, 1));
        JvmRecording instants = RecordingReader.readWith(file, StartTimes.instants()).get(Names.DEFAULT_GROUP);
        assertArrayEquals(instants.holdStartEpochNanos, read.get(Names.DEFAULT_GROUP).holdStartEpochNanos);
    }
}
