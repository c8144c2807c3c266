package dev.jgil.report.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jgil predict learns who started whom from the JDK's own jdk.ThreadStart events (a real recording, written here with
 * the agent's event names): a thread with segments started by another thread with segments is tied to it.
 */
class TraceReaderStartsTest {
    @Test
    void aThreadStartedByADesignatedThreadIsTiedToIt(@TempDir Path dir) throws Exception {
        Path file = OffRecording.record(dir.resolve("starts.jfr"), () -> OffRecording.onThreads(new String[] {"parent"}, () -> {
            OffRecording.segment(System.nanoTime(), 1_000_000, null);
            try {
                OffRecording.onThreads(new String[] {"child"}, () -> OffRecording.segment(System.nanoTime(), 1_000_000, null));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }));
        Trace t = TraceReader.read(file, 2);
        int p = index(t, "parent"), ch = index(t, "child");
        assertEquals(p, t.parent[ch], "the child's starter");
        assertEquals(-1, t.parent[p], "the parent's starter has no segments: unknown");
        long first = t.threads.get(ch).start[0];
        // The JFR timestamp is put on the segments' clock by an offset estimated from the segments (a preempted thread
        // between nanoTime and commit moves it): 2 ms of slack either way.
        assertTrue(t.startedAtNanos[ch] <= first + 2_000_000 && t.startedAtNanos[ch] >= t.threads.get(p).start[0] - 2_000_000,
                "started between the parent's segment and its own: " + t.startedAtNanos[ch] + " vs " + first);
    }

    static int index(Trace t, String name) {
        for (int i = 0; i < t.threads.size(); i++) if (t.threads.get(i).name.equals(name)) return i;
        throw new AssertionError(name + " not in the trace");
    }
}
