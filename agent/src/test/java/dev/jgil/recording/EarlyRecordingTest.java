package dev.jgil.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording's JFR set-up made on its own thread from premain's start (JfrSetup.prepareEarly). */
class EarlyRecordingTest {

    private static List<Recording> runningTo(Path file) {
        return FlightRecorder.getFlightRecorder().getRecordings().stream()
                .filter(r -> r.getState() == RecordingState.RUNNING && file.equals(r.getDestination())).toList();
    }

    @Test
    void theRecordingMadeEarlyIsTheOneThatRecordsAndNoSecondIsMade(@TempDir Path dir) throws Exception {
        AgentOptions o = RecordingRun.options(dir, "early", "default", false);
        JfrSetup.prepareEarly(o);
        try (GilLock lock = new GilLock(GilPolicy.SWITCH)) {
            RecordingRun run = RecordingRun.record(lock, o, l -> {
                assertEquals(1, runningTo(o.jfrFile).size(), "one recording to the file, the one made early");
                return Workload.holdThenSleep(l, 2, Workload.ms(1), Workload.ms(1), Workload.ms(100));
            });
            assertTrue(Files.size(run.jfr) > 0);
            assertTrue(!run.events("jgil.Configuration").isEmpty(), "jgil's events are in it");
        }
        assertTrue(runningTo(o.jfrFile).isEmpty());
    }

    @Test
    void aRecordingMadeEarlyForAnAgentThatThenDisablesItselfIsClosed(@TempDir Path dir) throws Exception {
        AgentOptions o = RecordingRun.options(dir, "cancelled", "default", false);
        JfrSetup.prepareEarly(o);
        JfrSetup.cancelEarly(); // e.g. the runtime could not be put on the boot loader
        assertTrue(runningTo(o.jfrFile).isEmpty(), "nothing left running that would write the file at exit");
        assertTrue(JfrSetup.takeEarly(o) == null, "and nothing left for a later start to pick up");
    }
}
