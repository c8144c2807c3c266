package dev.jgil.recording;

import dev.jgil.schema.Schema;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.runtime.GilLock;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import jdk.jfr.consumer.RecordedEvent;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogProcessor;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three sinks (detail events, Statistics, .hlog) tell the same story, and sampling agrees with exact
 * accounting. Workload: 2 threads, each holding ~2 ms then sleeping ~1 ms outside designated code, so each
 * thread is ~1/2 held, ~1/4 waiting, ~1/4 outside.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AccountingAgreementTest {
    @TempDir
    static Path dir;
    static RecordingRun trace;
    static RecordingRun traceQuiet;
    static RecordingRun sampled;

    @BeforeAll
    static void recordTheSameWorkloadUnderTraceAndDefaultAccounting() throws Exception {
        try (GilLock lock = new GilLock()) {
            trace = RecordingRun.record(lock, RecordingRun.options(dir, "trace", Schema.SETTINGS_TRACE, true),
                    l -> Workload.holdThenSleep(l, 2, Workload.ms(2), Workload.ms(1), Workload.ms(1500)));
        }
        // Trace accounting without detail events: the exact reference for the sampler. With stack-trace
        // events on every hold the workload itself changes (and the token stays held while the release
        // callback commits the event, which the sampler sees as held and the exact hold time excludes).
        Path quietJfc = dir.resolve("quiet.jfc");
        String jfc = new String(GilRecording.class.getResourceAsStream(Schema.JFC_DEFAULT_RESOURCE).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        Files.writeString(quietJfc, jfc.replace("1 ms", "10 s").replace("0 ms", "10 s"));
        try (GilLock lock = new GilLock()) {
            traceQuiet = RecordingRun.record(lock, RecordingRun.options(dir, "trace-quiet", quietJfc.toString(), true),
                    l -> Workload.holdThenSleep(l, 2, Workload.ms(2), Workload.ms(1), Workload.ms(1500)));
        }
        try (GilLock lock = new GilLock()) {
            sampled = RecordingRun.record(lock, RecordingRun.options(dir, "default", Schema.SETTINGS_DEFAULT, false),
                    l -> Workload.holdThenSleep(l, 2, Workload.ms(2), Workload.ms(1), Workload.ms(1500)));
        }
    }

    @Test
    void traceHoldTotalsAgreeAcrossEventsStatisticsAndHlog() throws Exception {
        List<RecordedEvent> holds = trace.events(Schema.HOLD);
        List<RecordedEvent> stats = trace.events(Schema.STATISTICS);
        long eventsNanos = holds.stream().mapToLong(e -> e.getDuration(Schema.Hold.HOLD_NANOS).toNanos()).sum();
        long statsNanos = stats.stream().mapToLong(e -> e.getDuration(Schema.Statistics.HOLD_NANOS).toNanos()).sum();
        long statsCount = stats.stream().mapToLong(e -> e.getLong(Schema.Statistics.TIMED_HOLDS)).sum();
        Histogram hlogHolds = hlogTotal(trace.hlog, Schema.HLOG_TAG_HOLD);
        Histogram statsHolds = decodedTotal(stats, Schema.Statistics.HOLD_HISTOGRAM);
        double hlogNanos = hlogHolds.getMean() * hlogHolds.getTotalCount();

        // How many holds fit in 1.5 s depends on the machine's load; the agreement below needs only some.
        assertTrue(holds.size() >= 20, "a 1.5 s trace of 2 ms holds: " + holds.size());
        // Same holds everywhere: trace settings have no threshold, and every interval is in the file.
        assertEquals(holds.size(), statsCount, "Statistics.timedHolds vs jgil.Hold events");
        assertEquals(holds.size(), hlogHolds.getTotalCount(), ".hlog hold count vs jgil.Hold events");
        assertEquals(holds.size(), statsHolds.getTotalCount(), "Statistics hold histograms vs jgil.Hold events");
        assertEquals(eventsNanos, statsNanos, eventsNanos * 0.01, "Statistics.holdNanos vs sum of jgil.Hold");
        assertEquals(eventsNanos, hlogNanos, eventsNanos * 0.01, ".hlog total vs sum of jgil.Hold");
        assertEquals(hlogHolds.getTotalCount(), statsHolds.getTotalCount());

        // And the exact held fraction is the hold sum over the recorded intervals (open holds at interval
        // edges move time between neighbouring intervals, never in or out of the total).
        long intervalNanos = stats.stream().mapToLong(e -> e.getDuration(Schema.Statistics.INTERVAL_NANOS).toNanos()).sum();
        double weightedHeld = stats.stream().mapToDouble(e -> e.getDouble(Schema.Statistics.HELD_FRACTION)
                * e.getDuration(Schema.Statistics.INTERVAL_NANOS).toNanos()).sum();
        assertEquals((double) eventsNanos / intervalNanos, weightedHeld / intervalNanos, 0.01);
        assertTrue(stats.stream().allMatch(e -> e.getBoolean(Schema.Statistics.EXACT)));
    }

    @Test
    void traceWaitTotalsAgreeAcrossEventsStatisticsAndHlog() throws Exception {
        List<RecordedEvent> waits = trace.events(Schema.CONTENDED_ACQUIRE);
        List<RecordedEvent> stats = trace.events(Schema.STATISTICS);
        long eventsNanos = waits.stream().mapToLong(e -> e.getDuration(Schema.ContendedAcquire.WAIT_NANOS).toNanos()).sum();
        long statsNanos = stats.stream().mapToLong(e -> e.getDuration(Schema.Statistics.WAIT_NANOS).toNanos()).sum();
        Histogram hlogWaits = hlogTotal(trace.hlog, Schema.HLOG_TAG_WAIT);
        assertFalse(waits.isEmpty());
        assertEquals(waits.size(), hlogWaits.getTotalCount());
        assertEquals(eventsNanos, statsNanos, eventsNanos * 0.01);
        assertEquals(eventsNanos, hlogWaits.getMean() * hlogWaits.getTotalCount(), eventsNanos * 0.01);
        long contended = stats.stream().mapToLong(e -> e.getLong(Schema.Statistics.CONTENDED_ACQUISITIONS)).sum();
        assertEquals(waits.size(), contended, "every contended acquisition is an event under trace settings");
    }

    /** Fraction over the whole run: sum of per-interval fractions weighted by interval (or samples). */
    static Map<String, double[]> perThread(RecordingRun run) throws Exception {
        Map<String, double[]> out = new HashMap<>(); // name -> {heldExact*ns, heldSampled*n, waitExact*ns, waitSampled*n, ns, n}
        for (RecordedEvent e : run.events(Schema.THREAD_STATISTICS)) {
            String name = e.getString(Schema.ThreadStatistics.THREAD_NAME);
            double ns = e.getDuration(Schema.ThreadStatistics.INTERVAL_NANOS).toNanos();
            double n = e.getLong(Schema.ThreadStatistics.SAMPLES);
            double[] a = out.computeIfAbsent(name, k -> new double[6]);
            a[0] += e.getDouble(Schema.ThreadStatistics.HELD_FRACTION) * ns;
            a[1] += e.getDouble(Schema.ThreadStatistics.HELD_FRACTION_SAMPLED) * n;
            a[2] += e.getDouble(Schema.ThreadStatistics.WAIT_FRACTION) * ns;
            a[3] += e.getDouble(Schema.ThreadStatistics.WAIT_FRACTION_SAMPLED) * n;
            a[4] += ns;
            a[5] += n;
        }
        return out;
    }

    /**
     * The sampler agrees with exact accounting. Exact references: under trace accounting (a run without
     * detail events, so the recording barely perturbs the workload) the hold sums; in every mode the wait
     * sums (waits are always timed).
     *
     * <p>Bounds. The binomial standard error (SE) assumes the sampler observes at the times it intends to.
     * On this shared 2-core machine (load average 4-5 while other builds run) it does not: a starved
     * sampler observes more often while the holder is not spinning, and the sampled held fraction came out
     * up to 0.10 low against the exact one in the same run (0.01-0.02 on a quiet machine). Between two runs
     * the workload itself changes (held 0.80 vs 0.94 seen). Hence: same run 4 SE + 0.12 for held, 4 SE +
     * 0.05 for waits (their bias was smaller); across runs 4 SE + 0.20. Loose, but they still catch a wrong
     * denominator, double counting or a sampler that doesn't run (all off by 0.3 or more here).
     */
    @Test
    void sampledHeldAndWaitFractionsAgreeWithTraceExactOnes() throws Exception {
        assertTrue(traceQuiet.events(Schema.HOLD).isEmpty(), "the quiet .jfc path was used");
        Map<String, double[]> traced = perThread(traceQuiet);
        Map<String, double[]> dflt = perThread(sampled);
        StringBuilder report = new StringBuilder();
        for (String t : List.of("worker-0", "worker-1")) {
            double[] x = traced.get(t), s = dflt.get(t);
            double heldExact = x[0] / x[4], waitExact = x[2] / x[4];
            double heldSampledInTrace = x[1] / x[5], waitSampledInTrace = x[3] / x[5];
            double heldSampled = s[1] / s[5], waitSampled = s[3] / s[5], waitExactInDefault = s[2] / s[4];
            report.append(String.format("%s trace run: held exact %.3f sampled %.3f ±%.3f, wait exact %.3f sampled %.3f ±%.3f"
                            + " | default run: held sampled %.3f ±%.3f, wait exact %.3f sampled %.3f ±%.3f%n",
                    t, heldExact, heldSampledInTrace, se(heldSampledInTrace, x[5]), waitExact, waitSampledInTrace,
                    se(waitSampledInTrace, x[5]), heldSampled, se(heldSampled, s[5]), waitExactInDefault, waitSampled,
                    se(waitSampled, s[5])));
        }
        System.out.print(report);
        // The bounds assume the sampler gets the CPU when it asks. Starved (seen at load average 7 on 2
        // cores), it observes mostly right after releases, when CPUs free up, and is biased by 0.1 or more:
        // then the sampling accuracy cannot be judged here, and the sampler's job is to say so (summary).
        for (RecordingRun r : List.of(traceQuiet, sampled)) {
            double intervalMs = r.events(Schema.STATISTICS).stream()
                    .mapToLong(e -> e.getDuration(Schema.Statistics.INTERVAL_NANOS).toNanos()).sum() / 1e6;
            long samples = r.events(Schema.STATISTICS).stream().mapToLong(e -> e.getLong(Schema.Statistics.SAMPLES)).sum();
            if (samples < 0.85 * intervalMs) assertTrue(r.summary.contains("sampler starved"), r.summary);
            org.junit.jupiter.api.Assumptions.assumeTrue(samples >= 0.85 * intervalMs,
                    "sampler starved (" + samples + " samples in " + intervalMs + " ms at 1 ms): machine overloaded");
        }
        for (String t : List.of("worker-0", "worker-1")) {
            double[] x = traced.get(t), s = dflt.get(t);
            double heldExact = x[0] / x[4], waitExact = x[2] / x[4];
            double heldSampledInTrace = x[1] / x[5], waitSampledInTrace = x[3] / x[5];
            double heldSampled = s[1] / s[5], waitSampled = s[3] / s[5], waitExactInDefault = s[2] / s[4];
            assertTrue(heldExact > 0.25 && heldExact < 0.55, "each thread holds a bit under half the time: " + report);
            assertTrue(x[5] > 500 && s[5] > 500, "samples per thread: " + report);
            // same run
            assertEquals(heldExact, heldSampledInTrace, 4 * se(heldSampledInTrace, x[5]) + 0.12, report.toString());
            assertEquals(waitExact, waitSampledInTrace, 4 * se(waitSampledInTrace, x[5]) + 0.05, report.toString());
            assertEquals(waitExactInDefault, waitSampled, 4 * se(waitSampled, s[5]) + 0.05, report.toString());
            // across runs
            assertEquals(heldExact, heldSampled, 4 * se(heldSampled, s[5]) + 0.20, report.toString());
        }

        // Whole lock: the default run's sampled held fraction vs the trace run's exact one.
        double heldExact = weighted(traceQuiet.events(Schema.STATISTICS), Schema.Statistics.HELD_FRACTION, true);
        double heldSampledInTrace = weighted(traceQuiet.events(Schema.STATISTICS), Schema.Statistics.HELD_FRACTION_SAMPLED, false);
        double heldSampled = weighted(sampled.events(Schema.STATISTICS), Schema.Statistics.HELD_FRACTION, false);
        long nTrace = traceQuiet.events(Schema.STATISTICS).stream().mapToLong(e -> e.getLong(Schema.Statistics.SAMPLES)).sum();
        long n = sampled.events(Schema.STATISTICS).stream().mapToLong(e -> e.getLong(Schema.Statistics.SAMPLES)).sum();
        String whole = String.format("lock held: trace exact %.3f sampled %.3f ±%.3f; default sampled %.3f ±%.3f",
                heldExact, heldSampledInTrace, se(heldSampledInTrace, nTrace), heldSampled, se(heldSampled, n));
        System.out.println(whole);
        assertEquals(heldExact, heldSampledInTrace, 4 * se(heldSampledInTrace, nTrace) + 0.12, whole);
        assertEquals(heldExact, heldSampled, 4 * se(heldSampled, n) + 0.20, whole);
        assertFalse(sampled.events(Schema.STATISTICS).get(0).getBoolean(Schema.Statistics.EXACT));
        double statedError = sampled.events(Schema.STATISTICS).get(0).getDouble(Schema.Statistics.HELD_FRACTION_ERROR);
        assertTrue(statedError > 0 && statedError < 0.05, "stated standard error per interval: " + statedError);
        assertTrue(sampled.summary.contains("±"), "the summary states the sampling error:\n" + sampled.summary);
    }

    static double se(double p, double n) {
        return Math.sqrt(p * (1 - p) / n);
    }

    static double weighted(List<RecordedEvent> stats, String field, boolean byTime) {
        double sum = 0, weight = 0;
        for (RecordedEvent e : stats) {
            double w = byTime ? e.getDuration(Schema.Statistics.INTERVAL_NANOS).toNanos() : e.getLong(Schema.Statistics.SAMPLES);
            sum += e.getDouble(field) * w;
            weight += w;
        }
        return sum / weight;
    }

    @Test
    void hlogIsReadableByHistogramLogReaderAndProcessorWithWaitAndHoldTags() throws Exception {
        Set<String> tags = new HashSet<>();
        int intervals = 0;
        try (HistogramLogReader r = new HistogramLogReader(trace.hlog.toFile())) {
            EncodableHistogram h;
            while ((h = r.nextIntervalHistogram()) != null) {
                tags.add(h.getTag());
                intervals++;
                assertTrue(h.getEndTimeStamp() >= h.getStartTimeStamp());
                assertTrue(h.getStartTimeStamp() > 1_600_000_000_000L, "absolute epoch ms: " + h.getStartTimeStamp());
            }
            assertTrue(r.getStartTimeSec() > 1.6e9, "start time in epoch seconds: " + r.getStartTimeSec());
        }
        assertEquals(Set.of(Schema.HLOG_TAG_WAIT, Schema.HLOG_TAG_HOLD), tags);
        assertTrue(intervals >= 2 * 5, "1.5 s at 250 ms: at least 5 intervals per tag, got " + intervals);

        // HdrHistogram's own log processor summarizes one tag into percentile files.
        String out = dir.resolve("processed-hold").toString();
        new HistogramLogProcessor(new String[] {"-i", trace.hlog.toString(), "-o", out, "-tag", Schema.HLOG_TAG_HOLD}).run();
        String percentiles = Files.readString(Path.of(out + ".hgrm"));
        assertTrue(percentiles.contains("Percentile"), percentiles);
        assertTrue(new File(out).length() > 0);
    }

    static Histogram hlogTotal(Path hlog, String tag) throws Exception {
        Histogram total = new Histogram(3);
        try (HistogramLogReader r = new HistogramLogReader(hlog.toFile())) {
            EncodableHistogram h;
            while ((h = r.nextIntervalHistogram()) != null) {
                if (tag.equals(h.getTag())) total.add((Histogram) h);
            }
        }
        return total;
    }

    static Histogram decodedTotal(List<RecordedEvent> stats, String field) throws DataFormatException {
        Histogram total = new Histogram(3);
        for (RecordedEvent e : stats) {
            byte[] bytes = Base64.getDecoder().decode(e.getString(field));
            total.add(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0));
        }
        return total;
    }
}
