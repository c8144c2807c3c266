package dev.jgil.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;
import dev.jgil.runtime.ThreadState;
import dev.jgil.schema.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hand-off whose receiver did not run within the claim grace goes to the thread back from its call (GilLock's
 * notes: claimed hand-offs). That changes what the lock does, so the recording says how often: the statistics events
 * carry the lapses of their interval, and together they are the lock's own count.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LapsedHandOffsRecordingTest {
    @TempDir
    static Path dir;

    @Test
    void theStatisticsEventsCountEveryLapsedHandOffOnce() throws Exception {
        try (GilLock lock = new GilLock(GilPolicy.SWITCH)) {
            lock.setIntervalNanos(TimeUnit.MICROSECONDS.toNanos(20)); // a grace of 5 us: shorter than any wake-up
            RecordingRun run = RecordingRun.record(lock, RecordingRun.options(dir, "lapses", Schema.SETTINGS_DEFAULT, false),
                    l -> {
                        List<Thread> ts = new ArrayList<>();
                        CyclicBarrier together = new CyclicBarrier(4);
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                        for (int i = 0; i < 4; i++) {
                            Thread t = new Thread(() -> {
                                try {
                                    together.await(); // all at once, or each runs alone before the next starts
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                                // the rounds, then on until a hand-off lapsed (or the deadline: the assertion fails)
                                for (int r = 0; r < 3_000 || l.lapsedHandOffs() == 0 && System.nanoTime() < deadline; r++) {
                                    ThreadState s = l.enter();
                                    l.releaseForBlocking(); // hands the token to the queued head
                                    Thread.onSpinWait(); // "the call": back before a parked receiver wakes
                                    l.checkpoint();
                                    l.exit(s);
                                }
                            }, "io-" + i);
                            t.start();
                            ts.add(t);
                        }
                        for (Thread t : ts) t.join();
                        return 4 * 3_000;
                    });
            long recorded = 0;
            for (RecordedEvent e : run.events(Schema.STATISTICS)) recorded += e.getLong(Schema.Statistics.LAPSED_HAND_OFFS);
            assertTrue(lock.lapsedHandOffs() > 0, "no hand-off lapsed: " + lock);
            assertEquals(lock.lapsedHandOffs(), recorded, "lapsed hand-offs in the statistics events against the lock's count");
            // and the report reads the same figure (one figure, one computation: the events' sum)
            dev.jgil.report.analysis.Analysis a = dev.jgil.report.Reports.analyse(List.of(run.jfr));
            assertEquals(recorded, a.overall.lapsedHandOffs, "the report's headline");
            assertTrue(dev.jgil.report.Reports.json(a).contains("\"lapsedHandOffs\":" + recorded + ","), "the JSON's");
        }
    }
}
