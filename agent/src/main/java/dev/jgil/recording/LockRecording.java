package dev.jgil.recording;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.runtime.GilListener;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.ThreadState;
import dev.jgil.schema.Names;
import dev.jgil.schema.Schema;
import java.io.IOException;
import org.HdrHistogram.HistogramLogWriter;

/**
 * What a recording keeps for one lock: the default GIL's, or one group's (see {@code GilGroups}). Each lock has its
 * own listener (so its detail events carry its group), its own sampler counters, harvest and configuration; the
 * recording around them has one JFR recording, one sampling thread, one stats thread and one harvest step for all.
 */
final class LockRecording {
    final GilLock lock;
    /** The lock's group name, {@code default} for the process-wide GIL. */
    final String group;
    final RecordingListener listener;
    final Sampler sampler;
    final Harvest harvest;
    final ConfigurationCommits commits;
    private final GilListener previousListener;
    private final boolean previousTraceAccounting;

    LockRecording(GilLock lock, AgentOptions opts, String version, long startNanos, long startEpochMillis,
                  Object monitor, boolean grouped) {
        this.lock = lock;
        this.group = lock.group();
        this.listener = new RecordingListener(group);
        this.sampler = new Sampler(lock, listener);
        this.harvest = new Harvest(lock, opts, listener, sampler, startNanos, startEpochMillis, monitor, grouped);
        this.commits = new ConfigurationCommits(lock, opts, listener, version);
        this.previousListener = lock.listener();
        this.previousTraceAccounting = lock.traceAccounting();
    }

    /**
     * Whether the output names groups: as soon as any lock recorded is a group's. Without groups everything reads as
     * it did before groups existed.
     */
    static boolean grouped(GilLock[] locks) {
        for (GilLock l : locks) if (!Names.DEFAULT_GROUP.equals(l.group())) return true;
        return false;
    }

    /** From here on the listener hears every slow path of the lock. */
    void attach(boolean traceAccounting) {
        if (traceAccounting) lock.setTraceAccounting(true);
        lock.setListener(listener);
        // Threads that first used the lock between the baseline and the listener: all their counts are ours.
        for (ThreadState s : lock.threadStates()) listener.recordFor(s);
    }

    /** Nothing after this is recorded (the final harvest follows). */
    void detach() {
        if (lock.listener() == listener) lock.setListener(previousListener);
    }

    /** After the final harvest, which reads the mode to tell exact from sampled intervals. */
    void restoreAccounting() {
        lock.setTraceAccounting(previousTraceAccounting);
    }

    /**
     * Opens the recording's .hlog: the header names each lock's tags, so a reader of the file knows which lines are
     * which group's (without groups the header is the one it always was).
     */
    static HistogramLogWriter openHlog(AgentOptions opts, long startEpochMillis, LockRecording[] parts, boolean grouped)
            throws IOException {
        HistogramLogWriter hlog = new HistogramLogWriter(opts.hlogFile.toFile());
        if (!grouped) {
            hlog.outputComment("jgil GIL wait and hold times, ns; tags: " + Schema.HLOG_TAG_WAIT + ", " + Schema.HLOG_TAG_HOLD);
        } else {
            hlog.outputComment("jgil GIL wait and hold times, ns; one pair of tags per GIL (the default one and each group):");
            for (LockRecording p : parts) {
                hlog.outputComment("group " + p.group + ": tags " + Harvest.hlogTag(Schema.HLOG_TAG_WAIT, p.group) + ", "
                        + Harvest.hlogTag(Schema.HLOG_TAG_HOLD, p.group));
            }
        }
        hlog.outputLogFormatVersion();
        hlog.outputStartTime(startEpochMillis);
        hlog.setBaseTime(startEpochMillis);
        hlog.outputBaseTime(startEpochMillis);
        hlog.outputLegend();
        return hlog;
    }
}
