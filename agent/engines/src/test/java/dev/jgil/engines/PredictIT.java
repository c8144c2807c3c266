package dev.jgil.engines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.model.ReportInputException;
import dev.jgil.report.predict.Policy;
import dev.jgil.report.predict.Prediction;
import dev.jgil.report.predict.Simulator;
import dev.jgil.report.predict.Trace;
import dev.jgil.report.predict.TraceReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jgil predict} on real recordings of a program not written for jgil (Lucene indexing and searching with 4
 * threads, designated whole): a {@code policy=off} recording with the trace preset carries every thread's designated
 * segments, replaying it under {@code off} gives back the recorded run, and under a lock no two segments overlap; a
 * recording with the default preset is refused with the preset to use.
 */
class PredictIT {
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final String LUCENE = "dev.jgil.engines.drivers.LuceneDriver";
    static final String OUTPUTS = "report=off,hlog=off,summary=off";

    static Path record(Path dir, String name, String options, String... args) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        EngineJvm.Result r = EngineJvm.run(LUCENE, "include=org.apache.lucene.**," + options + ",jfr=run.jfr," + OUTPUTS,
                List.of(args), d, TIMEOUT);
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("true", r.result("ok"), r.toString());
        return d.resolve("run.jfr");
    }

    @Test
    void anOffRecordingReplaysItselfAndPredictsTheLock(@TempDir Path dir) throws Exception {
        Path jfr = record(dir, "off", "policy=off,jfr.settings=trace", "threads=4", "docs=2000", "queries=50");
        Trace t = TraceReader.read(jfr, 0);
        long pool = t.threads.stream().filter(th -> th.name.startsWith("pool-")).count();
        assertEquals(4, pool, "the driver's 4 worker threads have segments: " + names(t));
        assertTrue(t.cores >= 1 && t.coresRecorded, "cores from jdk.CPUInformation: " + t.cores);
        assertTrue(t.otherCores >= 0 && t.otherCores <= t.cores, "the other processes' cores from jdk.CPULoad (the trace "
                + "preset samples it every 100 ms): " + t.otherCores);

        Prediction off = Simulator.run(t, Policy.OFF, 5_000_000, 4_000);
        // Within 1 %: the cores the program had are one estimate for the whole run (Demand.capacity, a median), so
        // stretches with more runnable threads than cores replay close to, not exactly at, their recorded speed
        // (a CI run on JDK 17 was 0.13 % off).
        assertEquals(off.recordedDesignatedSpanNanos, off.designatedSpanNanos, 0.01 * off.recordedDesignatedSpanNanos,
                "off replays the recording");
        assertEquals(0, off.addedWaitNanos(), 0.0);

        Prediction sw = Simulator.run(t, Policy.SWITCH, 5_000_000, 4_000);
        double demand = sw.threads.stream().mapToDouble(th -> th.demandNanos).sum();
        double held = sw.threads.stream().mapToDouble(th -> th.heldNanos).sum();
        assertTrue(held <= sw.designatedSpanNanos * 1.0001, "one holder at a time: held " + held + " in " + sw.designatedSpanNanos);
        assertTrue(held >= demand / Math.min(1, sw.capacity) * 0.9999, "every segment ran under the token: " + held + " vs " + demand);
        assertTrue(sw.addedWaitNanos() > 0, "4 threads in Lucene at once wait for each other under a lock");
        assertTrue(sw.wallNanos >= off.wallNanos * 0.999, "a lock does not make the run faster: " + sw.wallNanos + " vs " + off.wallNanos);
    }

    @Test
    void anOffRecordingWithTheDefaultPresetIsRefusedWithThePresetToUse(@TempDir Path dir) throws Exception {
        // (Recordings under another policy: TraceReaderTest, on the report's fixtures.)
        Path preset = record(dir, "default", "policy=off", "threads=2", "docs=200", "queries=5");
        ReportInputException e = assertThrows(ReportInputException.class, () -> TraceReader.read(preset, 0));
        assertTrue(e.getMessage().contains("jfr.settings=default") && e.getMessage().contains("trace preset"), e.getMessage());
    }

    private static String names(Trace t) {
        StringBuilder sb = new StringBuilder();
        for (Trace.ThreadTrace th : t.threads) sb.append(th.name).append(' ');
        return sb.toString();
    }
}
