package dev.jgil.report;

import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.ThreadInfo;
import java.nio.file.Path;
import java.util.List;

/**
 * A thread-per-task trace recording too large for an exact timeline, built in memory: {@code threads} threads
 * named {@code task-N}, each waiting 1 µs then holding 3 µs, {@link #PER_THREAD} times, one after another; every
 * {@link #SWITCH_EVERY}th hold is asked to drop in its middle.
 */
public final class SyntheticPerTask {
    public static final int PER_THREAD = 2;
    public static final int SWITCH_EVERY = 100;
    public static final long HELD_NANOS = 3_000, WAIT_NANOS = 1_000, STEP_NANOS = 4_000;

    private SyntheticPerTask() {
    }

    /** The hold and wait columns of {@code r} for that many events, every hold released by {@code releaseCause}, one site. */
    public static void allocate(JvmRecording r, int holds, int waits, String releaseCause, String site) {
        r.holdStartEpochNanos = new long[holds];
        r.holdNanos = new long[holds];
        r.holdThread = new int[holds];
        r.holdReleaseCause = new byte[holds];
        r.holdAcquireCause = new byte[holds];
        r.releaseCauses.add(releaseCause);
        r.acquireCauses.add("ENTRY");
        r.waitStartEpochNanos = new long[waits];
        r.waitNanos = new long[waits];
        r.waitThread = new int[waits];
        r.waitBlockedBy = new int[waits];
        r.waitCause = new byte[waits];
        r.waitSite = new int[waits];
        r.sites.add(List.of(site));
    }

    public static JvmRecording recording(int threads) {
        JvmRecording r = new JvmRecording(Path.of("per-task.jfr"));
        r.configuration.jfrSettings = "trace";
        r.configuration.policy = "switch";
        r.configuration.intervalNanos = 5_000_000;
        for (int t = 0; t < threads; t++) {
            ThreadInfo ti = new ThreadInfo(t, 100L + t, "task-" + t);
            ti.hasStatistics = true;
            ti.heldNanos = PER_THREAD * HELD_NANOS;
            ti.waitNanos = PER_THREAD * WAIT_NANOS;
            r.threads.add(ti);
        }
        int holds = threads * PER_THREAD;
        long t0 = 1_700_000_000_000_000_000L;
        allocate(r, holds, holds, "EXIT", "com.example.Task.run:7");
        for (int i = 0; i < holds; i++) {
            r.waitStartEpochNanos[i] = t0 + i * STEP_NANOS;
            r.waitNanos[i] = WAIT_NANOS;
            r.waitThread[i] = i / PER_THREAD;
            r.waitBlockedBy[i] = Math.max(0, i - 1) / PER_THREAD;
            r.waitHistogram.recordValue(WAIT_NANOS);
            r.holdStartEpochNanos[i] = t0 + i * STEP_NANOS + WAIT_NANOS;
            r.holdNanos[i] = HELD_NANOS;
            r.holdThread[i] = i / PER_THREAD;
        }
        int switches = (holds + SWITCH_EVERY - 1) / SWITCH_EVERY;
        r.switchRequestEpochNanos = new long[switches];
        r.switchOwner = new int[switches];
        for (int k = 0; k < switches; k++) {
            int i = k * SWITCH_EVERY;
            r.switchRequestEpochNanos[k] = r.holdStartEpochNanos[i] + HELD_NANOS / 2;
            r.switchOwner[k] = r.holdThread[i];
        }
        r.firstEpochNanos = t0;
        r.lastEpochNanos = t0 + holds * STEP_NANOS;
        r.totals.intervalNanos = holds * STEP_NANOS;
        r.totals.contendedAcquisitions = holds;
        return r;
    }
}
