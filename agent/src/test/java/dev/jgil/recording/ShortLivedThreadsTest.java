package dev.jgil.recording;

import dev.jgil.agent.options.AgentOptions;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.schema.Schema;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.ThreadState;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-thread fractions are fractions of the statistics interval, sampled or exact: a thread that lives
 * for a tenth of an interval, holding the GIL all along, held a tenth of it. (Sampled, a thread's own
 * samples exist only while it lives; dividing by them once made each of a program's short-lived task
 * threads look ~100 % busy, and the exit summary's rows of one name add up to far more than the GIL.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShortLivedThreadsTest {
    @TempDir
    Path dir;

    @Test
    void aThreadThatLivesATenthOfTheIntervalHoldsATenthOfItNotAll() throws Exception {
        AgentOptions o = RecordingRun.options(dir, "short", Schema.SETTINGS_DEFAULT, false); // sampled accounting
        o.statsPeriodNanos = TimeUnit.SECONDS.toNanos(1);
        RecordingRun run;
        try (GilLock lock = new GilLock()) {
            run = RecordingRun.record(lock, o, l -> {
                for (int i = 0; i < 3; i++) {
                    Thread t = new Thread(() -> {
                        ThreadState s = l.enter();
                        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                        while (System.nanoTime() < end) l.checkpoint(); // holds throughout
                        l.exit(s);
                    }, "task");
                    t.start();
                    t.join();
                    Thread.sleep(250); // mostly idle interval
                }
                Thread.sleep(1200); // let the last interval close
                return 3;
            });
        }
        List<RecordedEvent> rows = run.events(Schema.THREAD_STATISTICS);
        double heldSeconds = 0;
        long taskThreads = 0;
        for (RecordedEvent e : rows) {
            if (!"task".equals(e.getString(Schema.ThreadStatistics.THREAD_NAME))) continue;
            // A task that ended within the interval it started in is summed with the others of its name
            // that did so too: the event says how many threads it stands for.
            long n = e.getLong(Schema.ThreadStatistics.THREADS);
            taskThreads += n;
            double held = e.getDouble(Schema.ThreadStatistics.HELD_FRACTION);
            double outside = e.getDouble(Schema.ThreadStatistics.OUTSIDE_FRACTION);
            // 100 ms in a 1 s interval: a tenth each, with room for a starved sampler and a task split across two.
            assertTrue(held <= 0.4 * n, () -> n + " 100 ms task(s) held " + held + " of a 1 s interval: " + e);
            assertTrue(held + outside <= 0.5 * n, () -> "fractions of the interval, not of the thread's life: " + e);
            heldSeconds += held * e.getDuration(Schema.ThreadStatistics.INTERVAL_NANOS).toNanos() / 1e9;
        }
        assertTrue(taskThreads >= 3, "every task thread in the rows: " + taskThreads);
        double total = heldSeconds;
        // Three tasks of 100 ms: ≈ 0.3 s held in all (sampling error and a loaded machine: generous).
        assertTrue(total > 0.1 && total < 0.6, () -> "tasks held " + total + " s in all, expected ≈ 0.3 s");
        assertTrue(run.summary.contains("task ×3"), () -> "the summary's row of the three tasks\n" + run.summary);
    }
}
