package dev.jgil.agent.it;

import com.acme.apps.live.LiveApp;
import dev.jgil.agent.it.ForkedJvm.Result;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JVM running jgil with {@code record=off} has no recording for top to read: top starts a small one of
 * jgil's own events (statistics, waits, changes), streams it, and closes it when it ends — the target is
 * left with no recording, as it was.
 */
class TopOwnRecordingIT {

    @Test
    @Timeout(180)
    void topOnAJvmThatRecordsNothingStartsItsOwnRecordingAndClosesItAfterwards() throws Exception {
        ForkedJvm app = ForkedJvm.app(LiveApp.class).agent(LiveIT.DESIGNATE).start(); // record=off: the harness default
        try {
            String pid = app.awaitLine(l -> l.startsWith("READY "), Duration.ofSeconds(60)).substring("READY ".length());
            assertEquals(List.of(), ForkedJvm.recordings(pid), "record=off: no recording before top");

            Result top = ForkedJvm.startCli("top", pid, "--json", "--duration", "5s").await(Duration.ofSeconds(90));
            assertEquals(0, top.exitCode, top::toString);
            List<String> intervals = top.stdout.lines().filter(l -> l.startsWith("{")).toList();
            assertTrue(intervals.size() >= 2, () -> "intervals from top's own recording\n" + top);
            assertTrue(intervals.stream().anyMatch(l -> l.contains("\"name\":\"live-worker-0\"")), top::toString);
            // Its settings include the waits with stack traces, so the sites are there too.
            assertTrue(top.stdout.contains("\"site\":\"com.acme.apps.cpu.Work.crunch"), () -> "contended sites\n" + top);

            assertEquals(List.of(), ForkedJvm.recordings(pid), "top closed the recording it started");
        } finally {
            app.sendLine("quit");
            Result r = app.await(Duration.ofSeconds(60));
            assertEquals(0, r.exitCode, r::toString);
        }
    }
}
