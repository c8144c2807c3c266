package dev.jgil.report.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.report.model.ConfigurationChange;
import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.ReportModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Segments of the live-changes fixture: switch 5 ms → switch 1 ms → off → switch 1 ms, two CPU-bound threads. */
class ConfigurationSegmentsTest {
    static final long MS = 1_000_000L;

    private static Analysis live() throws IOException {
        return Reports.analyse(List.of(Fixtures.path(Fixtures.LIVE_CHANGES)));
    }

    @Test
    void configurationChangesSplitTheRecordingIntoSegments() throws IOException {
        Analysis a = live();
        List<ConfigurationSegments.Segment> s = a.jvms.get(0).segments;
        assertEquals(4, s.size());
        assertEquals(List.of("switch", "switch", "off", "switch"), s.stream().map(g -> g.policy).toList());
        assertEquals(List.of(5 * MS, 1 * MS, 1 * MS, 1 * MS), s.stream().map(g -> g.intervalNanos).toList());
        JvmRecording r = a.jvms.get(0).recording;
        assertEquals(r.firstEpochNanos, s.get(0).startEpochNanos);
        assertEquals(r.lastEpochNanos, s.get(3).endEpochNanos);
        for (int i = 1; i < s.size(); i++) {
            assertEquals(s.get(i - 1).endEpochNanos, s.get(i).startEpochNanos, "contiguous");
            assertEquals(r.configurationChanges.get(i - 1).epochNanos, s.get(i).startEpochNanos, "cut at the change");
        }
        // ~1.5 s, ~0.75 s, ~1.5 s, ~0.75 s (generous: the generator sleeps, the machine may be busy).
        assertTrue(s.get(0).durationNanos() > 1000 * MS && s.get(0).durationNanos() < 2500 * MS);
        assertTrue(s.get(2).durationNanos() > 1000 * MS && s.get(2).durationNanos() < 2500 * MS);
        for (ConfigurationSegments.Segment g : s) {
            assertTrue(g.observed() && !g.approximate, "each segment has whole statistics intervals: " + g.index);
            assertTrue(g.observedNanos <= g.durationNanos() + 300 * MS, "observed within the segment: " + g.index);
        }
        assertEquals(3, a.configurationChanges.size());
        assertEquals(List.of("interval 5ms → 1ms", "policy switch → off", "policy off → switch"),
                a.configurationChanges.stream().map(c -> c.label).toList());
    }

    @Test
    void offSegmentRunsBothThreadsAtOnceWhileSwitchSegmentsRunOne() throws IOException {
        List<ConfigurationSegments.Segment> s = live().jvms.get(0).segments;
        ConfigurationSegments.Segment off = s.get(2);
        assertTrue(off.lockOff());
        // What the agent records under off: the lock is never taken, nobody waits, nothing switches.
        assertEquals(0, off.heldFraction(), 1e-9);
        assertEquals(0, off.someoneWaitingFraction(), 1e-9);
        assertEquals(0, off.acquisitions, 1e-9);
        assertEquals(0, off.switches, 1e-9);
        // ... and both threads run designated code at once (the sampler counts them as "released").
        assertEquals(2.0, off.threadsInside(), 0.25);

        for (ConfigurationSegments.Segment sw : List.of(s.get(0), s.get(1), s.get(3))) {
            assertFalse(sw.lockOff());
            assertTrue(sw.heldFraction() > 0.75, "two CPU-bound threads keep the GIL held: " + sw.heldFraction());
            assertTrue(sw.someoneWaitingFraction() > 0.2, "and one waits: " + sw.someoneWaitingFraction());
            assertTrue(sw.threadsInside() < 1.7, "one runs at a time (plus sampler noise): " + sw.threadsInside());
            assertTrue(sw.switchesPerSecond() > 20 && sw.contendedPerSecond() > 20, sw.switchesPerSecond() + " switches/s");
            assertTrue(off.threadsInside() - sw.threadsInside() > 0.3);
        }
        // A shorter switch interval switches more often.
        assertTrue(s.get(1).switchesPerSecond() > 1.5 * s.get(0).switchesPerSecond(),
                s.get(1).switchesPerSecond() + " vs " + s.get(0).switchesPerSecond());
    }

    @Test
    void segmentCountersAddUpToTheRecordingsTotalsLessTheStraddlingIntervals() throws IOException {
        Analysis a = live();
        JvmRecording r = a.jvms.get(0).recording;
        double acq = 0, observed = 0;
        for (ConfigurationSegments.Segment g : a.jvms.get(0).segments) {
            acq += g.acquisitions;
            observed += g.observedNanos;
        }
        assertTrue(acq <= r.totals.acquisitions + 1e-6 && acq > 0.5 * r.totals.acquisitions, acq + " of " + r.totals.acquisitions);
        assertTrue(observed <= r.totals.intervalNanos && observed > 0.6 * r.totals.intervalNanos);
    }

    @Test
    void recordingWithoutChangesIsOneSegmentWithTheRecordingsFigures() throws IOException {
        Analysis a = Reports.analyse(List.of(Fixtures.path(Fixtures.COUNTDOWN)));
        List<ConfigurationSegments.Segment> s = a.jvms.get(0).segments;
        assertEquals(1, s.size());
        assertEquals("switch", s.get(0).policy);
        assertEquals(a.jvms.get(0).heldFraction(), s.get(0).heldFraction(), 1e-6); // per-interval fractions are kept as floats
        assertEquals((double) a.jvms.get(0).acquisitions, s.get(0).acquisitions, 1e-6);
        assertTrue(a.configurationChanges.isEmpty());
    }

    @Test
    void aSegmentShorterThanOneStatisticsIntervalSharesTheStraddlersAndSaysSo() throws IOException {
        JvmRecording r = new JvmRecording(Path.of("x.jfr"));
        r.firstEpochNanos = 0;
        r.lastEpochNanos = 3000 * MS;
        r.intervalEndEpochNanos = new long[] {1000 * MS, 2000 * MS, 3000 * MS};
        r.intervalNanos = new long[] {1000 * MS, 1000 * MS, 1000 * MS};
        r.intervalHeldFraction = new float[] {1, 0.5f, 0};
        r.intervalWaitFraction = new float[] {0, 0, 0};
        r.intervalAcquisitions = new long[] {100, 100, 0};
        r.intervalContendedAcquisitions = new long[3];
        r.intervalSwitches = new long[3];
        r.configurationChanges.add(new ConfigurationChange(1200 * MS, "switch", "fifo", 5 * MS, 5 * MS));
        r.configurationChanges.add(new ConfigurationChange(1700 * MS, "fifo", "off", 5 * MS, 5 * MS));
        List<ConfigurationSegments.Segment> s = ConfigurationSegments.segments(0, r);
        assertEquals(3, s.size());
        assertFalse(s.get(0).approximate);
        assertEquals(1000 * MS, s.get(0).observedNanos, 1);
        assertEquals(1.0, s.get(0).heldFraction(), 1e-6);
        assertTrue(s.get(1).approximate, "0.5 s of fifo inside one 1 s interval");
        assertEquals(500 * MS, s.get(1).observedNanos, 1);
        assertEquals(0.5, s.get(1).heldFraction(), 1e-6);
        assertEquals(50, s.get(1).acquisitions, 1e-6);
        assertFalse(s.get(2).approximate);
        assertEquals(0, s.get(2).heldFraction(), 1e-6);
        assertEquals(Double.NaN, s.get(2).threadsInside(), "no thread statistics: unknown, not 0");
    }

    @Test
    void eachJvmOfAFleetHasItsOwnSegments() throws IOException {
        Analysis a = Reports.analyse(List.of(Fixtures.path(Fixtures.COUNTDOWN), Fixtures.path(Fixtures.LIVE_CHANGES)));
        assertEquals(1, a.jvms.get(0).segments.size());
        assertEquals(4, a.jvms.get(1).segments.size());
        assertTrue(a.jvms.get(0).changes.isEmpty());
        assertEquals(3, a.jvms.get(1).changes.size());
        assertTrue(a.configurationChanges.stream().allMatch(c -> c.jvm == 1));
        // Offsets are on the fleet's timeline: from the earliest recording's start.
        long origin = a.originEpochNanos();
        for (ConfigurationSegments.Change c : a.configurationChanges) assertEquals(c.change.epochNanos - origin, c.offsetNanos);
        assertEquals(new ReportModel(a.model.jvms).jvms.size(), 2);
    }
}
