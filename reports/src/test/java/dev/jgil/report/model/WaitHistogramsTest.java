package dev.jgil.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.junit.jupiter.api.Test;

/** The constant-time path for histograms of one bucket gives what HdrHistogram's own walk gives. */
class WaitHistogramsTest {
    static final double[] PERCENTILES = {0.1, 1, 50, 90, 99, 99.9, 100};

    static Histogram random(Random rnd, boolean oneBucket) {
        Histogram h = rnd.nextBoolean() ? new PackedHistogram(3) : new Histogram(3);
        long base = (long) Math.pow(10, 1 + rnd.nextInt(9)) + rnd.nextInt(1000);
        int n = 1 + rnd.nextInt(oneBucket ? 3 : 6);
        for (int i = 0; i < n; i++) {
            long v = oneBucket ? base : base * (1 + rnd.nextInt(50)) + rnd.nextInt(1000);
            if (!oneBucket && rnd.nextInt(10) == 0) v = 0;
            h.recordValueWithCount(v, 1 + rnd.nextInt(4));
        }
        return h;
    }

    @Test
    void percentilesAndSumsAreHdrHistogramsOwnForOneBucketAndForMany() {
        Random rnd = new Random(42);
        int oneBucket = 0;
        for (int i = 0; i < 2_000; i++) {
            Histogram h = random(rnd, i % 2 == 0);
            if (WaitHistograms.oneBucket(h)) oneBucket++;
            for (double p : PERCENTILES) {
                assertEquals(h.getValueAtPercentile(p), WaitHistograms.valueAtPercentile(h, p), "p" + p + " of " + i);
            }
            Histogram viaAdd = new PackedHistogram(3), viaFast = new PackedHistogram(3);
            Histogram other = random(rnd, true);
            viaAdd.add(other);
            viaFast.add(other);
            viaAdd.add(h);
            WaitHistograms.addInto(viaFast, h);
            assertEquals(viaAdd, viaFast, "sum " + i);
            assertEquals(viaAdd.getMinValue(), viaFast.getMinValue());
            assertEquals(viaAdd.getMaxValue(), viaFast.getMaxValue());
            for (double p : PERCENTILES) assertEquals(viaAdd.getValueAtPercentile(p), viaFast.getValueAtPercentile(p));
        }
        assertTrue(oneBucket >= 1_000, "the fast path was taken: " + oneBucket);
    }

    @Test
    void aZeroWaitBesideALongOneIsNotOneBucket() {
        Histogram h = new PackedHistogram(3);
        h.recordValue(0);
        h.recordValue(5_000_000);
        assertFalse(WaitHistograms.oneBucket(h));
        assertEquals(0, WaitHistograms.valueAtPercentile(h, 50));
    }

    static String encode(Histogram h) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(b);
        return java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b.array(), n));
    }

    @Test
    void theCacheDecodesATextOfOneBucketOnceAndGivesWhatDecodingGives() {
        int[] decoded = {0};
        WaitHistograms.OneBucketCache cache = new WaitHistograms.OneBucketCache(t -> {
            decoded[0]++;
            return EventMapper.decode(t);
        });
        Histogram one = new Histogram(3);
        one.recordValueWithCount(1_234_567_890L, 2);
        String text = encode(one);
        Histogram first = cache.decode(text), second = cache.decode(text);
        assertEquals(1, decoded[0], "decoded once");
        for (double p : PERCENTILES) assertEquals(one.getValueAtPercentile(p), first.getValueAtPercentile(p));
        assertEquals(one.getTotalCount(), second.getTotalCount());
        assertEquals(one.getMaxValue(), second.getMaxValue());

        Histogram many = new Histogram(3);
        many.recordValue(1_000);
        many.recordValue(9_000_000);
        String manyText = encode(many);
        assertEquals(many, cache.decode(manyText));
        cache.decode(manyText);
        assertEquals(3, decoded[0], "several buckets: decoded each time, nothing kept");
    }
}
