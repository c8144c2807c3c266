package dev.jgil.report.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.schema.Schema;
import java.nio.file.Path;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jgil predict learns who started whom from the JDK's own jdk.ThreadStart events (a real recording, written here with
 * the agent's event names): a thread with segments started by another thread with segments is tied to it.
 */
class TraceReaderStartsTest {
    @Name(Schema.CONFIGURATION)
    static final class ConfigurationEvent extends Event {
        @Name(Schema.Configuration.POLICY)
        String policy;
    }

    @Name(Schema.SEGMENT)
    static final class SegmentEvent extends Event {
        @Name(Schema.Segment.START_NANOS)
        long startNanos;
        @Name(Schema.Segment.SEGMENT_NANOS)
        long segmentNanos;
        @Name(Schema.Segment.END_CAUSE)
        String endCause;
    }

    static void segment() {
        SegmentEvent e = new SegmentEvent();
        e.startNanos = System.nanoTime();
        e.segmentNanos = 1_000_000;
        e.endCause = "EXIT";
        e.commit();
    }

    @Test
    void aThreadStartedByADesignatedThreadIsTiedToIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("starts.jfr");
        try (Recording r = new Recording()) {
            r.enable(ConfigurationEvent.class);
            r.enable(SegmentEvent.class);
            r.enable(Schema.Jdk.THREAD_START);
            r.start();
            ConfigurationEvent c = new ConfigurationEvent();
            c.policy = "off";
            c.commit();
            Thread parent = new Thread(() -> {
                segment();
                Thread child = new Thread(TraceReaderStartsTest::segment, "child");
                child.start();
                try {
                    child.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }, "parent");
            parent.start();
            parent.join();
            r.stop();
            r.dump(file);
        }
        Trace t = TraceReader.read(file, 2);
        int p = index(t, "parent"), ch = index(t, "child");
        assertEquals(p, t.parent[ch], "the child's starter");
        assertEquals(-1, t.parent[p], "the parent's starter has no segments: unknown");
        long first = t.threads.get(ch).start[0];
        assertTrue(t.startedAtNanos[ch] <= first && t.startedAtNanos[ch] >= t.threads.get(p).end(0) - 1_000_000,
                "started between the parent's segment and its own: " + t.startedAtNanos[ch] + " vs " + first);
    }

    static int index(Trace t, String name) {
        for (int i = 0; i < t.threads.size(); i++) if (t.threads.get(i).name.equals(name)) return i;
        throw new AssertionError(name + " not in the trace");
    }
}
