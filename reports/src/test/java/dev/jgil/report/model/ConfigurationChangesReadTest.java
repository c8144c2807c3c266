package dev.jgil.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import dev.jgil.schema.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/** {@code jgil.ConfigurationChange} in the model, from the live-changes fixture (steered over the agent's MXBean). */
class ConfigurationChangesReadTest {
    static final long MS = 1_000_000L;

    @Test
    void configurationChangesAreReadInTimeOrderWithTheirOldAndNewValues() throws IOException {
        JvmRecording r = RecordingReader.read(Fixtures.path(Fixtures.LIVE_CHANGES), null);
        List<ConfigurationChange> cs = r.configurationChanges;
        assertEquals(3, cs.size(), cs.toString());

        ConfigurationChange interval = cs.get(0), off = cs.get(1), on = cs.get(2);
        assertEquals("switch", interval.oldPolicy);
        assertEquals("switch", interval.newPolicy);
        assertEquals(5 * MS, interval.oldIntervalNanos);
        assertEquals(1 * MS, interval.newIntervalNanos);
        assertTrue(interval.intervalChanged() && !interval.policyChanged());

        assertEquals("switch", off.oldPolicy);
        assertEquals("off", off.newPolicy);
        assertEquals(1 * MS, off.oldIntervalNanos);
        assertEquals(1 * MS, off.newIntervalNanos);
        assertTrue(off.policyChanged() && !off.intervalChanged());

        assertEquals("off", on.oldPolicy);
        assertEquals("switch", on.newPolicy);

        // The scenario: ~1.5 s, then ~0.75 s, then ~1.5 s between them, inside the recording.
        assertTrue(r.firstEpochNanos < interval.epochNanos && on.epochNanos < r.lastEpochNanos);
        long a = off.epochNanos - interval.epochNanos, b = on.epochNanos - off.epochNanos;
        assertTrue(a > 500 * MS && a < 1500 * MS, "interval → off: " + a);
        assertTrue(b > 1000 * MS && b < 2500 * MS, "off → switch: " + b);
        assertTrue(interval.epochNanos - r.firstEpochNanos > 1000 * MS);
        assertTrue(r.configuration.changed, "the recording says its configuration changed");
    }

    @Test
    void configurationChangesEqualWhatTheJdkReaderSees() throws IOException {
        Path file = Fixtures.path(Fixtures.LIVE_CHANGES);
        List<String> jdk = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals(Schema.CONFIGURATION_CHANGE))
                .sorted(java.util.Comparator.comparing(RecordedEvent::getStartTime))
                .map(e -> e.getString(Schema.ConfigurationChange.OLD_POLICY) + ">" + e.getString(Schema.ConfigurationChange.NEW_POLICY)
                        + " " + e.getDuration(Schema.ConfigurationChange.OLD_INTERVAL_NANOS).toNanos() + ">"
                        + e.getDuration(Schema.ConfigurationChange.NEW_INTERVAL_NANOS).toNanos())
                .collect(Collectors.toList());
        List<String> model = RecordingReader.read(file, null).configurationChanges.stream()
                .map(c -> c.oldPolicy + ">" + c.newPolicy + " " + c.oldIntervalNanos + ">" + c.newIntervalNanos)
                .collect(Collectors.toList());
        assertEquals(jdk, model);
    }

    @Test
    void configurationChangesInDifferentChunksMergeInTimeOrder() throws IOException {
        Path file = Fixtures.path(Fixtures.LIVE_CHANGES);
        Chunks chunks = Chunks.scan(file, Files.size(file));
        assertTrue(chunks.complete.size() >= 2, "a multi-chunk fixture");
        JvmRecording one = RecordingReader.read(file, null, 1, Long.MAX_VALUE);
        JvmRecording par = RecordingReader.read(file, null, 3, 0);
        assertEquals(one.configurationChanges.size(), par.configurationChanges.size());
        for (int i = 0; i < one.configurationChanges.size(); i++) {
            ConfigurationChange a = one.configurationChanges.get(i), b = par.configurationChanges.get(i);
            assertEquals(a.epochNanos, b.epochNanos, 1_000);
            assertEquals(a.oldPolicy + a.newPolicy + a.oldIntervalNanos + a.newIntervalNanos,
                    b.oldPolicy + b.newPolicy + b.oldIntervalNanos + b.newIntervalNanos);
        }
        assertEquals(one.intervalNanos.length, par.intervalNanos.length);
        assertEquals(java.util.Arrays.toString(one.intervalAcquisitions), java.util.Arrays.toString(par.intervalAcquisitions));
        assertEquals(java.util.Arrays.toString(one.intervalSwitches), java.util.Arrays.toString(par.intervalSwitches));
        assertEquals(one.threadIntervalNanos.length, par.threadIntervalNanos.length);
        assertTrue(par.configuration.changed);
    }

    @Test
    void chunksMergeTheirChangesByTimeWhateverTheirOrder() {
        JvmRecording early = part(new ConfigurationChange(100, "switch", "off", 5 * MS, 5 * MS));
        JvmRecording late = part(new ConfigurationChange(300, "off", "fifo", 5 * MS, 5 * MS),
                new ConfigurationChange(200, "fifo", "off", 5 * MS, 5 * MS));
        JvmRecording m = Merge.parts(Path.of("x.jfr"), List.of(early, late));
        RecordingReader.complete(m);
        assertEquals(List.of(100L, 200L, 300L), m.configurationChanges.stream().map(c -> c.epochNanos).collect(Collectors.toList()));
        assertTrue(m.configuration.changed);
    }

    @Test
    void recordingWithoutChangesHasNone() throws IOException {
        JvmRecording r = RecordingReader.read(Fixtures.path(Fixtures.COUNTDOWN), null);
        assertTrue(r.configurationChanges.isEmpty());
        assertFalse(r.configuration.changed);
    }

    private static JvmRecording part(ConfigurationChange... cs) {
        JvmRecording r = new JvmRecording(Path.of("x.jfr"));
        r.configurationChanges.addAll(List.of(cs));
        return r;
    }
}
