package dev.jgil.cli;

import dev.jgil.report.model.RecordingReader;
import dev.jgil.schema.Durations;
import dev.jgil.schema.Schema;
import dev.jgil.schema.Verdicts;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;

/**
 * One interval of {@code jgil top}: its figures, computed once for whichever rendering is chosen ({@link TopFormat}),
 * from the same events and with the same definitions as the report (counts from jgil.Statistics, drops =
 * {@link Verdicts#drops}, per-thread figures from jgil.ThreadStatistics). {@link Session} keeps what spans intervals:
 * the 1/5/15-minute averages, the settings in force, events waiting for their interval.
 */
final class TopView {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** Sites shown per interval: the screen's worth a user can act on. */
    static final int TOP_SITES = 5;

    /** A wait site's recorded waits within one interval. */
    static final class Site {
        final String frame;
        long waits;
        long waitNanos;

        Site(String frame) {
            this.frame = frame;
        }
    }

    RecordedEvent stats;
    List<RecordedEvent> threads;
    /** The GIL this view is about ({@link dev.jgil.schema.Names#DEFAULT_GROUP} or a group's name). */
    String group = dev.jgil.schema.Names.DEFAULT_GROUP;
    /** Whether the JVM has GIL groups: then every rendering names the view's GIL. */
    boolean grouped;
    long lagMillis, nanos, handOffs;
    /** This interval's counts (jgil.Statistics deltas); the rates are these over {@link #seconds}. */
    long acquisitions, contended, switches, forcedSwitches, tickDrops;
    double seconds, held, wait, heldError, waitersAvg;
    int waitersMax;
    boolean exact;
    String time, settings, policy, lastChange;
    long switchIntervalNanos;
    double[] heldEwma = new double[3], waitEwma = new double[3];
    List<RecordedEvent> changes;
    List<Site> topSites;

    double perSecond(long n) {
        return n / seconds;
    }

    /** {@link Verdicts#drops}: forced switches plus tick drops, as the report counts them. */
    long drops() {
        return Verdicts.drops(forcedSwitches, tickDrops);
    }

    static String threadName(RecordedEvent te) {
        String n = te.getString(Schema.ThreadStatistics.THREAD_NAME);
        if (n != null) return n;
        RecordedThread t = te.getThread(Schema.ThreadStatistics.THREAD);
        return t == null || t.getJavaName() == null ? "?" : t.getJavaName();
    }

    /** A Timespan field in ns, or null when the recording predates the field. */
    static Long nanosOrNull(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getDuration(field).toNanos() : null;
    }

    static String describe(RecordedEvent c) {
        String from = c.getString(Schema.ConfigurationChange.OLD_POLICY), to = c.getString(Schema.ConfigurationChange.NEW_POLICY);
        long a = c.getDuration(Schema.ConfigurationChange.OLD_INTERVAL_NANOS).toNanos();
        long b = c.getDuration(Schema.ConfigurationChange.NEW_INTERVAL_NANOS).toNanos();
        List<String> parts = new ArrayList<>();
        if (!java.util.Objects.equals(from, to)) parts.add("policy " + from + " -> " + to);
        if (a != b) parts.add("interval " + Durations.format(a) + " -> " + Durations.format(b));
        return parts.isEmpty() ? "policy " + to + " (unchanged)" : String.join(", ", parts);
    }

    /** What spans intervals; used by the stream thread only. */
    static final class Session {
        private static final double[] EWMA_WINDOWS_SECONDS = {60, 300, 900};
        private final double[] heldEwma = new double[3];
        private final double[] waitEwma = new double[3];
        private long totalNanos;
        /** Contended waits and configuration changes not yet assigned to an interval. */
        final List<RecordedEvent> unassigned = new ArrayList<>();
        String policy;
        long switchIntervalNanos;
        private String lastChange;

        Session(String policy, long switchIntervalNanos) {
            this.policy = policy;
            this.switchIntervalNanos = switchIntervalNanos;
        }

        /** The view of the interval that {@code stats} closes, with its thread statistics; {@code now} gives the lag. */
        TopView view(RecordedEvent s, List<RecordedEvent> threads, Instant now) {
            TopView v = new TopView();
            v.stats = s;
            v.threads = threads;
            // Lag: how long after the interval ended it is shown — JFR's flush period (≈ 1 s) plus our reading.
            v.lagMillis = Math.max(0, Duration.between(s.getEndTime(), now).toMillis());
            v.nanos = Math.max(1, s.getDuration(Schema.Statistics.INTERVAL_NANOS).toNanos());
            v.seconds = v.nanos / 1e9;
            v.held = s.getDouble(Schema.Statistics.HELD_FRACTION);
            v.wait = s.getDouble(Schema.Statistics.WAIT_FRACTION);
            v.exact = s.getBoolean(Schema.Statistics.EXACT);
            v.heldError = v.exact ? 0 : s.getDouble(Schema.Statistics.HELD_FRACTION_ERROR);
            totalNanos += v.nanos;
            update(heldEwma, v.held, v.seconds);
            update(waitEwma, v.wait, v.seconds);
            for (int k = 0; k < 3; k++) {
                v.heldEwma[k] = average(heldEwma, k);
                v.waitEwma[k] = average(waitEwma, k);
            }
            v.acquisitions = s.getLong(Schema.Statistics.ACQUISITIONS);
            v.contended = s.getLong(Schema.Statistics.CONTENDED_ACQUISITIONS);
            v.switches = s.getLong(Schema.Statistics.SWITCHES);
            v.forcedSwitches = s.getLong(Schema.Statistics.FORCED_SWITCHES);
            v.tickDrops = s.getLong(Schema.Statistics.TICK_DROPS);
            v.handOffs = s.getLong(Schema.Statistics.WATCHDOG_HAND_OFFS);
            v.waitersAvg = s.getDouble(Schema.Statistics.WAITERS_AVERAGE);
            v.waitersMax = s.getInt(Schema.Statistics.WAITERS_MAX);
            v.time = LocalTime.ofInstant(s.getEndTime(), ZoneId.systemDefault()).format(CLOCK);
            threads.sort((a, b) -> Double.compare(b.getDouble(Schema.ThreadStatistics.HELD_FRACTION),
                    a.getDouble(Schema.ThreadStatistics.HELD_FRACTION)));

            // What happened up to this interval's end belongs to it; the rest waits for the next one.
            v.changes = new ArrayList<>();
            Map<String, Site> sites = new HashMap<>();
            for (Iterator<RecordedEvent> it = unassigned.iterator(); it.hasNext(); ) {
                RecordedEvent e = it.next();
                if (e.getEndTime().isAfter(s.getEndTime())) continue;
                it.remove();
                if (e.getEventType().getName().equals(Schema.CONFIGURATION_CHANGE)) {
                    v.changes.add(e);
                    policy = e.getString(Schema.ConfigurationChange.NEW_POLICY);
                    switchIntervalNanos = e.getDuration(Schema.ConfigurationChange.NEW_INTERVAL_NANOS).toNanos();
                    lastChange = LocalTime.ofInstant(e.getStartTime(), ZoneId.systemDefault()).format(CLOCK) + " " + describe(e);
                } else {
                    Site site = sites.computeIfAbsent(RecordingReader.waitSite(e.getStackTrace()), Site::new);
                    site.waits++;
                    site.waitNanos += e.getDuration(Schema.ContendedAcquire.WAIT_NANOS).toNanos();
                }
            }
            List<Site> top = new ArrayList<>(sites.values());
            top.sort((a, b) -> Long.compare(b.waitNanos, a.waitNanos));
            v.topSites = top.size() > TOP_SITES ? top.subList(0, TOP_SITES) : top;
            v.policy = policy;
            v.switchIntervalNanos = switchIntervalNanos;
            v.lastChange = lastChange;
            v.settings = policy + " " + (switchIntervalNanos < 0 ? "?" : Durations.format(switchIntervalNanos));
            return v;
        }

        // Same load-average arithmetic as the agent's summary (LoadAverage): seeded at 0 and normalized by the time seen
        // so far, so the first minutes show the plain average instead of a value climbing from 0.
        private static void update(double[] e, double x, double dtSeconds) {
            for (int k = 0; k < e.length; k++) {
                double decay = Math.exp(-dtSeconds / EWMA_WINDOWS_SECONDS[k]);
                e[k] = e[k] * decay + x * (1 - decay);
            }
        }

        private double average(double[] e, int k) {
            if (totalNanos <= 0) return 0;
            return e[k] / (1 - Math.exp(-(totalNanos / 1e9) / EWMA_WINDOWS_SECONDS[k]));
        }
    }
}
