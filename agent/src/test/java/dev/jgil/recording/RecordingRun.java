package dev.jgil.recording;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.runtime.GilLock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** One in-process recording of a workload: the files it wrote and the summary it printed. */
final class RecordingRun {
    final Path jfr;
    final Path hlog;
    final String summary;
    final long calls;

    private RecordingRun(Path jfr, Path hlog, String summary, long calls) {
        this.jfr = jfr;
        this.hlog = hlog;
        this.summary = summary;
        this.calls = calls;
    }

    interface Work {
        long run(GilLock lock) throws Exception;
    }

    static AgentOptions options(Path dir, String name, String settings, boolean trace) {
        AgentOptions o = new AgentOptions().set("include", "com.example.**");
        o.jfrFile = dir.resolve(name + ".jfr");
        o.hlogFile = dir.resolve(name + ".hlog");
        o.jfrSettings = settings;
        o.jfrJdk = "none"; // keeps tests fast; the JMC test turns the JDK's events on
        o.traceAccounting = trace;
        o.statsPeriodNanos = Workload.ms(250);
        o.shutdownHook = false;
        return o;
    }

    static RecordingRun record(GilLock lock, AgentOptions o, Work work) throws Exception {
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        o.summaryStream = new PrintStream(summary, true, StandardCharsets.UTF_8);
        GilRecording rec = GilRecording.start(lock, o);
        long calls;
        try {
            calls = work.run(lock);
        } finally {
            rec.stop();
        }
        return new RecordingRun(o.jfrFile, o.hlogFile, summary.toString(StandardCharsets.UTF_8), calls);
    }

    List<RecordedEvent> events(String name) throws IOException {
        List<RecordedEvent> out = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getEventType().getName().equals(name)) out.add(e);
        }
        return out;
    }
}
