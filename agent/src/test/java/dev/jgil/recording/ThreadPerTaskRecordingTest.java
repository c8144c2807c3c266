package dev.jgil.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.ThreadState;
import dev.jgil.schema.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread per task, as users write it: every acquisition is in every output of the recording (it once
 * counted only the threads a periodic scan happened to find alive: 976 of 20,000), and the recording
 * keeps nothing per thread once the thread has ended (it once kept a record per dead thread).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadPerTaskRecordingTest {
    private static final int TASKS = 3_000;

    @TempDir
    Path dir;

    @Test
    void everyAcquisitionIsInEveryOutputAndEndedThreadsAreNotKept() throws Exception {
        AgentOptions o = RecordingRun.options(dir, "tasks", Schema.SETTINGS_DEFAULT, false);
        AtomicInteger maxRecords = new AtomicInteger();
        RecordingRun run;
        long lockTotal;
        try (GilLock lock = new GilLock()) {
            run = RecordingRun.record(lock, o, l -> {
                RecordingListener listener = (RecordingListener) l.listener();
                List<Thread> batch = new ArrayList<>();
                for (int i = 0; i < TASKS; i++) {
                    Thread t = new Thread(() -> {
                        ThreadState s = l.enter();
                        l.checkpoint();
                        l.exit(s);
                    }, "task-" + i);
                    t.start();
                    batch.add(t);
                    if (batch.size() == 20) {
                        for (Thread b : batch) b.join();
                        batch.clear();
                        maxRecords.accumulateAndGet(listener.records.size(), Math::max);
                    }
                }
                for (Thread b : batch) b.join();
                Thread.sleep(600); // two stats periods: ended threads are dropped without anybody asking
                assertTrue(listener.records.isEmpty(), () -> listener.records.size() + " records of ended threads kept");
                return TASKS;
            });
            lockTotal = lock.acquisitions();
        }
        assertEquals(TASKS, lockTotal);
        long stats = 0, threadStats = 0, threads = 0;
        for (RecordedEvent e : run.events(Schema.STATISTICS)) stats += e.getLong(Schema.Statistics.ACQUISITIONS);
        List<RecordedEvent> rows = run.events(Schema.THREAD_STATISTICS);
        java.util.Set<Long> own = new java.util.HashSet<>();
        for (RecordedEvent e : rows) {
            threadStats += e.getLong(Schema.ThreadStatistics.ACQUISITIONS);
            long id = e.getLong(Schema.ThreadStatistics.THREAD_ID);
            // A thread with events of its own is one thread however many intervals it spans; a row of ended
            // threads (id 0) says how many it stands for.
            if (id > 0) own.add(id);
            else threads += e.getLong(Schema.ThreadStatistics.THREADS);
        }
        threads += own.size();
        assertEquals(TASKS, stats, "jgil.Statistics");
        assertEquals(TASKS, threadStats, "jgil.ThreadStatistics");
        assertEquals(TASKS, threads, "every thread stands in exactly one row's count");
        assertTrue(rows.size() < TASKS / 10, () -> rows.size() + " ThreadStatistics events: ended threads are summed per name pattern");
        assertTrue(maxRecords.get() <= RecordingListener.SWEEP_MIN + 100, "records grew to " + maxRecords.get());
        assertTrue(run.summary.contains("acquisitions: " + TASKS + " "), run.summary);
        assertTrue(run.summary.contains("task-# ×" + TASKS), () -> "one row for the pool\n" + run.summary);
    }
}
