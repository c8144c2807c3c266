package dev.jgil.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import jdk.jfr.Configuration;
import org.junit.jupiter.api.Test;

class RecordingOptionsTest {
    @Test
    void defaultsWriteJfrAndHlogNamedAfterThePidAndPrintTheSummary() {
        RecordingOptions o = RecordingOptions.defaults();
        long pid = ProcessHandle.current().pid();
        assertEquals(Path.of("jgil-" + pid + ".jfr"), o.jfrFile);
        assertEquals(Path.of("jgil-" + pid + ".hlog"), o.hlogFile);
        assertEquals("default", o.jfrSettings);
        assertTrue(o.summary);
        assertEquals(0, o.printPeriodNanos);
        assertEquals(1_000_000_000L, o.statsPeriodNanos);
        assertEquals(1_000_000L, o.samplePeriodNanos);
        assertFalse(o.traceAccounting);
    }

    @Test
    void offValuesAndDurationsParse() {
        RecordingOptions o = RecordingOptions.parse(Map.of("jfr", "off", "hlog", "off", "summary", "off",
                "print", "10s", "stats.period", "250ms", "sample.period", "500us"));
        assertNull(o.jfrFile);
        assertNull(o.hlogFile);
        assertFalse(o.summary);
        assertEquals(10_000_000_000L, o.printPeriodNanos);
        assertEquals(250_000_000L, o.statsPeriodNanos);
        assertEquals(500_000L, o.samplePeriodNanos);
    }

    @Test
    void recordOffTurnsEveryOutputOffButAnOutputNamedExplicitlyStays() {
        RecordingOptions quiet = RecordingOptions.parse(Map.of("record", "off"));
        assertNull(quiet.jfrFile);
        assertNull(quiet.hlogFile);
        assertNull(quiet.reportFile);
        assertFalse(quiet.summary);
        RecordingOptions onlyJfr = RecordingOptions.parse(Map.of("record", "off", "jfr", "x.jfr"));
        assertEquals("x.jfr", String.valueOf(onlyJfr.jfrFile));
        assertNull(onlyJfr.hlogFile);
        assertThrows(IllegalArgumentException.class, () -> RecordingOptions.parse(Map.of("record", "no")));
    }

    @Test
    void tracePresetImpliesTraceAccountingUnlessAccountingIsGiven() {
        assertTrue(RecordingOptions.parse(Map.of("jfr.settings", "trace")).traceAccounting);
        assertFalse(RecordingOptions.parse(Map.of("jfr.settings", "trace", "accounting", "default")).traceAccounting);
        assertTrue(RecordingOptions.parse(Map.of("accounting", "trace")).traceAccounting);
    }

    @Test
    void invalidValuesAreRejectedNamingTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RecordingOptions.parse(Map.of("print", "soon")))
                .getMessage().contains("print"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RecordingOptions.parse(Map.of("jfr.settings", "fast")))
                .getMessage().contains("jfr.settings"));
        assertThrows(IllegalArgumentException.class, () -> RecordingOptions.parse(Map.of("summary", "yes")));
        assertThrows(IllegalArgumentException.class, () -> RecordingOptions.parse(Map.of("stats.period", "0s")));
        // One syntax with interval=: a unit is required (a bare 1000 was once read as milliseconds here only).
        String bare = assertThrows(IllegalArgumentException.class, () -> RecordingOptions.parse(Map.of("stats.period", "1000")))
                .getMessage();
        assertEquals("stats.period must be a duration with a unit ns|us|ms|s|m|h, e.g. 5ms, 1.5s, 2m, got '1000'", bare);
    }

    @Test
    void theOptionTableListsEveryKeyOnceWithADescriptionAndAValidDefault() {
        Set<String> keys = new HashSet<>();
        for (RecordingOptions.OptionSpec s : RecordingOptions.SPECS) {
            assertTrue(keys.add(s.key), "duplicate " + s.key);
            assertFalse(s.description.isBlank());
            s.validator.validate(s.defaultValue);
        }
        assertTrue(keys.containsAll(Set.of("jfr", "jfr.settings", "hlog", "summary", "print", "stats.period", "sample.period")));
    }

    @Test
    void shippedSettingsParseAndSetThresholds() throws Exception {
        Configuration dflt = GilRecording.presetConfiguration("default");
        Configuration trace = GilRecording.presetConfiguration("trace");
        assertEquals("1 ms", dflt.getSettings().get("jgil.Hold#threshold"));
        assertEquals("1 ms", dflt.getSettings().get("jgil.ContendedAcquire#threshold"));
        assertEquals("0 ms", trace.getSettings().get("jgil.Hold#threshold"));
        assertEquals("0 ms", trace.getSettings().get("jgil.ContendedAcquire#threshold"));
        assertEquals("endChunk", trace.getSettings().get("jgil.Statistics#period"));
    }
}
