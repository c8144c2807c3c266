package dev.jgil.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.runtime.GilLock;
import dev.jgil.schema.Names;
import dev.jgil.schema.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without groups nothing of them shows but the field: a lock of no group records as the default GIL, every event
 * says so, and the summary and .hlog read as they did before groups existed. (Groups themselves:
 * {@link GroupRecordingTest}, in a JVM of its own.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DefaultGroupRecordingTest {
    @TempDir
    Path dir;

    @Test
    void withoutGroupsEveryEventIsTheDefaultGilsAndTheOutputIsUnchanged() throws Exception {
        RecordingRun run;
        try (GilLock lock = new GilLock()) {
            dev.jgil.agent.options.AgentOptions o = RecordingRun.options(dir, "plain", Schema.SETTINGS_TRACE, true);
            o.reportFile = null; // not a report in the working directory
            run = RecordingRun.record(lock, o, l -> Workload.holdThenSleep(l, 2, Workload.ms(2), Workload.ms(1), Workload.ms(600)));
        }
        int jgil = 0;
        for (RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(run.jfr)) {
            if (!e.getEventType().getName().startsWith("jgil.")) continue;
            jgil++;
            assertEquals(Names.DEFAULT_GROUP, e.getString(Schema.GROUP), e.getEventType().getName());
        }
        assertTrue(jgil > 0);
        assertTrue(run.events(Schema.HOLD).size() > 20);
        assertTrue(run.summary.startsWith("jgil: GIL load over "), run.summary);
        assertFalse(run.summary.contains("group"), run.summary);
        String hlog = Files.readString(run.hlog);
        assertTrue(hlog.startsWith("#jgil GIL wait and hold times, ns; tags: wait, hold"), hlog.substring(0, 200));
        assertFalse(hlog.contains("group") || hlog.contains("wait.") || hlog.contains("hold."), "no group tags");
    }
}
