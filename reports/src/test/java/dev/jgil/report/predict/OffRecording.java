package dev.jgil.report.predict;

import dev.jgil.schema.Schema;
import java.nio.file.Path;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;

/**
 * A real JFR recording of what the agent records under {@code policy=off} with the trace preset, written by a test:
 * the agent's event names and fields, committed by real threads, so jgil predict's input is tested without forking an
 * agent (PredictIT and GroupsIT do that).
 */
public final class OffRecording {
    @Name(Schema.CONFIGURATION)
    static final class ConfigurationEvent extends Event {
        @Name(Schema.Configuration.POLICY)
        String policy;
        @Name(Schema.Configuration.JFR_SETTINGS)
        String jfrSettings;
    }

    @Name(Schema.SEGMENT)
    static final class SegmentEvent extends Event {
        @Name(Schema.Segment.START_NANOS)
        long startNanos;
        @Name(Schema.Segment.SEGMENT_NANOS)
        long segmentNanos;
        @Name(Schema.Segment.START_CAUSE)
        String startCause;
        @Name(Schema.Segment.END_CAUSE)
        String endCause;
        @Name(Schema.GROUP)
        String group;
    }

    /** What the recorded program does, on the threads it starts (its events are recorded). */
    public interface Program {
        void run() throws Exception;
    }

    private OffRecording() {
    }

    /** Records {@code program} (with jdk.ThreadStart too) into {@code file}: a jgil.Configuration under off, then its segments. */
    public static Path record(Path file, Program program) throws Exception {
        try (Recording r = new Recording()) {
            r.enable(ConfigurationEvent.class);
            r.enable(SegmentEvent.class);
            r.enable(Schema.Jdk.THREAD_START);
            r.start();
            ConfigurationEvent c = new ConfigurationEvent();
            c.policy = "off";
            c.jfrSettings = Schema.SETTINGS_TRACE;
            c.commit();
            program.run();
            r.stop();
            r.dump(file);
        }
        return file;
    }

    /** One designated segment on the calling thread: from {@code startNanos} (System.nanoTime), of {@code group} (null: none). */
    public static void segment(long startNanos, long lengthNanos, String group) {
        SegmentEvent e = new SegmentEvent();
        e.startNanos = startNanos;
        e.segmentNanos = lengthNanos;
        e.startCause = "ENTRY";
        e.endCause = "EXIT";
        e.group = group;
        e.commit();
    }

    /** Starts each task on a thread of the given name and waits for all of them. */
    public static void onThreads(String[] names, Runnable... tasks) throws InterruptedException {
        Thread[] ts = new Thread[tasks.length];
        for (int i = 0; i < tasks.length; i++) ts[i] = new Thread(tasks[i], names[i]);
        for (Thread t : ts) t.start();
        for (Thread t : ts) t.join();
    }
}
