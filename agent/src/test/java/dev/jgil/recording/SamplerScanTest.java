package dev.jgil.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sampler's per-thread counts with more threads than one scan visits per sample. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SamplerScanTest {

    /**
     * Above {@link Sampler#SCAN_RECORDS_PER_SAMPLE} records the scan runs every k-th sample; each look must count for
     * the k samples it stands for, or every thread's sampled fractions (divided by the interval's samples) would come
     * out k times too small.
     */
    @Test
    void aThreadSeenEveryKthSampleIsCountedForEverySample() throws Exception {
        int threads = Sampler.SCAN_RECORDS_PER_SAMPLE + 100; // k = 2
        try (GilLock lock = new GilLock(GilPolicy.OFF)) {
            RecordingListener listener = new RecordingListener("default");
            Sampler sampler = new Sampler(lock, listener);
            CountDownLatch registered = new CountDownLatch(threads);
            CountDownLatch done = new CountDownLatch(1);
            List<Thread> started = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    listener.recordFor(lock.currentThreadState()); // outside designated code, alive until done
                    registered.countDown();
                    try {
                        done.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "idle-" + i);
                t.setDaemon(true);
                t.start();
                started.add(t);
            }
            registered.await();
            int samples = 1000;
            for (int i = 0; i < samples; i++) sampler.sample();
            done.countDown();
            for (Thread t : started) t.join();
            assertEquals(threads, listener.records.size());
            for (ThreadRecord r : listener.records.values()) {
                assertTrue(Math.abs(r.samples - samples) <= 2, r.samples + " samples counted of " + samples);
                assertEquals(r.samples, r.outsideSamples, "every look saw it outside designated code");
            }
        }
    }
}
