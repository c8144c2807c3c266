package dev.jgil.report.model;

import static dev.jgil.report.model.Values.*;

import dev.jgil.schema.Schema;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import org.HdrHistogram.Histogram;

/**
 * Maps events, one at a time, into a {@link JvmRecording}: each is reduced to primitives at once, so memory is
 * O(events × ~30 bytes), not O(event objects). {@link #finish()} turns the growable columns into the recording's arrays.
 */
final class EventMapper {
    final JvmRecording r;
    private final StackSites sites;

    private final Map<Long, Integer> threadById = new HashMap<>();
    private final Map<String, Integer> threadByName = new HashMap<>();
    private final IdentityHashMap<RecordedThread, Integer> threadCache = new IdentityHashMap<>();
    private final Map<String, Designation> designations = new java.util.LinkedHashMap<>();

    private final Growable.Longs holdStart = new Growable.Longs(), holdNanos = new Growable.Longs();
    private final Growable.Ints holdThread = new Growable.Ints();
    private final Growable.Bytes holdRelease = new Growable.Bytes(), holdAcquire = new Growable.Bytes();
    private final Growable.Longs waitStart = new Growable.Longs(), waitNanos = new Growable.Longs();
    private final Growable.Ints waitThread = new Growable.Ints(), waitBlockedBy = new Growable.Ints(),
            waitSite = new Growable.Ints();
    private final Growable.Bytes waitCause = new Growable.Bytes();
    private final Growable.Longs switchTime = new Growable.Longs(), switchDrop = new Growable.Longs();
    private final Growable.Ints switchRequester = new Growable.Ints(), switchOwner = new Growable.Ints();
    private final Growable.Longs intervalEnd = new Growable.Longs(), intervalLen = new Growable.Longs();
    private final Growable.Floats intervalHeld = new Growable.Floats(), intervalWait = new Growable.Floats();
    private final Growable.Longs intervalAcq = new Growable.Longs(), intervalCont = new Growable.Longs(),
            intervalSwitches = new Growable.Longs(), intervalTimedHolds = new Growable.Longs();
    private final Growable.Longs threadIntervalEnd = new Growable.Longs(), threadIntervalLen = new Growable.Longs();
    private final Growable.Floats threadIntervalInside = new Growable.Floats(), threadIntervalHeld = new Growable.Floats(),
            threadIntervalWait = new Growable.Floats();
    private final Growable.Longs lossTime = new Growable.Longs(), lossBytes = new Growable.Longs();
    private String lastPolicy, lastAccounting;

    /** Start times of holds and waits (the others are few: through their {@code Instant}s). */
    private final StartTimes times;

    EventMapper(JvmRecording r, StartTimes times) {
        this.r = r;
        this.times = times;
        this.sites = new StackSites(r.sites);
    }

    void accept(RecordedEvent e) {
        r.allEvents++;
        String type = e.getEventType().getName();
        if (!type.startsWith(Schema.PREFIX)) {
            switch (type) {
                case Schema.Jdk.JVM_INFORMATION: jvmInformation(e); break;
                case Schema.Jdk.CPU_INFORMATION: r.hwThreads = Math.max(r.hwThreads, e.getInt(Schema.Jdk.HW_THREADS)); break;
                case Schema.Jdk.DATA_LOSS: dataLoss(e); break;
                default: break;
            }
            return;
        }
        r.jgilEvents++;
        switch (type) {
            case Schema.HOLD: hold(e); break;
            case Schema.CONTENDED_ACQUIRE: contendedAcquire(e); break;
            case Schema.SWITCH_REQUEST: switchRequest(e); break;
            case Schema.STATISTICS: statistics(e); break;
            case Schema.THREAD_STATISTICS: threadStatistics(e); break;
            case Schema.CONFIGURATION: configuration(e); break;
            case Schema.CONFIGURATION_CHANGE: configurationChange(e); break;
            case Schema.DESIGNATION: designation(e); break;
            default: break; // a newer agent's event: ignored (Schema: add freely)
        }
    }

    private static long epochNanos(Instant t) {
        return StartTimes.epochNanos(t);
    }

    private void cover(long startEpochNanos, long endEpochNanos) {
        if (startEpochNanos < r.firstEpochNanos) r.firstEpochNanos = startEpochNanos;
        if (endEpochNanos > r.lastEpochNanos) r.lastEpochNanos = endEpochNanos;
    }

    // The two events there can be millions of: their fields by position (FieldIndex).
    private final FieldIndex holdFields = new FieldIndex(Schema.Hold.HOLD_NANOS, Schema.Hold.HOLDER, Schema.Hold.RELEASE_CAUSE,
            Schema.Hold.ACQUIRE_CAUSE);
    private final FieldIndex waitFields = new FieldIndex(Schema.ContendedAcquire.WAIT_NANOS, Schema.EVENT_THREAD,
            Schema.ContendedAcquire.BLOCKED_BY, Schema.ContendedAcquire.CAUSE);

    private void hold(RecordedEvent e) {
        Object[] v = holdFields.values(e);
        long start = times.epochNanos(e);
        long nanos = asLong(holdFields.get(e, v, 0));
        holdStart.add(start);
        holdNanos.add(nanos);
        holdThread.add(thread(asThread(holdFields.get(e, v, 1))));
        holdRelease.add(intern(r.releaseCauses, asString(holdFields.get(e, v, 2))));
        holdAcquire.add(intern(r.acquireCauses, asString(holdFields.get(e, v, 3))));
        cover(start, start + nanos);
    }

    private void contendedAcquire(RecordedEvent e) {
        Object[] v = waitFields.values(e);
        long start = times.epochNanos(e);
        long nanos = asLong(waitFields.get(e, v, 0));
        waitStart.add(start);
        waitNanos.add(nanos);
        waitThread.add(thread(asThread(waitFields.get(e, v, 1))));
        waitBlockedBy.add(thread(asThread(waitFields.get(e, v, 2))));
        waitCause.add(intern(r.acquireCauses, asString(waitFields.get(e, v, 3))));
        waitSite.add(sites.site(e.getStackTrace()));
        cover(start, start + nanos);
    }

    private void switchRequest(RecordedEvent e) {
        long start = epochNanos(e.getStartTime());
        long drop = longValue(e, Schema.SwitchRequest.TIME_TO_DROP_NANOS);
        switchTime.add(start);
        switchDrop.add(drop);
        switchRequester.add(thread(threadValue(e, Schema.SwitchRequest.REQUESTER)));
        switchOwner.add(thread(threadValue(e, Schema.SwitchRequest.OWNER)));
        cover(start, start + drop);
    }

    private void statistics(RecordedEvent e) {
        JvmRecording.Totals t = r.totals;
        long interval = e.getLong(Schema.Statistics.INTERVAL_NANOS);
        double held = e.getDouble(Schema.Statistics.HELD_FRACTION);
        double wait = e.getDouble(Schema.Statistics.WAIT_FRACTION);
        t.intervals++;
        if (e.getBoolean(Schema.Statistics.EXACT)) t.exactIntervals++;
        t.intervalNanos += interval;
        t.heldNanos += held * interval;
        t.someoneWaitingNanos += wait * interval;
        t.timedHoldNanos += e.getLong(Schema.Statistics.HOLD_NANOS);
        long timedHolds = e.getLong(Schema.Statistics.TIMED_HOLDS);
        t.timedHolds += timedHolds;
        t.waitNanos += e.getLong(Schema.Statistics.WAIT_NANOS);
        long acquisitions = e.getLong(Schema.Statistics.ACQUISITIONS);
        long contended = e.getLong(Schema.Statistics.CONTENDED_ACQUISITIONS);
        long switches = e.getLong(Schema.Statistics.SWITCHES);
        t.acquisitions += acquisitions;
        t.contendedAcquisitions += contended;
        t.switches += switches;
        intervalAcq.add(acquisitions);
        intervalCont.add(contended);
        intervalSwitches.add(switches);
        intervalTimedHolds.add(timedHolds);
        t.forcedSwitches += e.getLong(Schema.Statistics.FORCED_SWITCHES);
        t.dropRequests += e.getLong(Schema.Statistics.DROP_REQUESTS);
        t.tickDrops += e.getLong(Schema.Statistics.TICK_DROPS);
        t.tickDropsWonBack += e.getLong(Schema.Statistics.TICK_DROPS_WON_BACK);
        t.blockingReleases += e.getLong(Schema.Statistics.BLOCKING_RELEASES);
        t.watchdogHandOffs += e.getLong(Schema.Statistics.WATCHDOG_HAND_OFFS);
        if (e.hasField(Schema.Statistics.LAPSED_HAND_OFFS)) { // agents before claimed hand-offs did not count them
            t.lapsedHandOffs = JvmRecording.Totals.addKnown(t.lapsedHandOffs, e.getLong(Schema.Statistics.LAPSED_HAND_OFFS));
        }
        t.listenerErrors += e.getLong(Schema.Statistics.LISTENER_ERRORS);
        long samples = e.getLong(Schema.Statistics.SAMPLES);
        t.samples += samples;
        t.waitersSum += e.getDouble(Schema.Statistics.WAITERS_AVERAGE) * samples;
        t.waitersMax = Math.max(t.waitersMax, e.getInt(Schema.Statistics.WAITERS_MAX));
        r.waitHistogram.add(decode(e.getString(Schema.Statistics.WAIT_HISTOGRAM)));
        r.holdHistogram.add(decode(e.getString(Schema.Statistics.HOLD_HISTOGRAM)));
        long end = epochNanos(e.getEndTime());
        intervalEnd.add(end);
        intervalLen.add(interval);
        intervalHeld.add((float) held);
        intervalWait.add((float) wait);
        cover(end - interval, end);
    }

    private static final Histogram EMPTY = new Histogram(3);

    /** A histogram field's value; one bad interval must not cost the whole report (the counters still add up). */
    static Histogram decode(String base64) {
        if (base64 == null || base64.isEmpty()) return EMPTY;
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException | RuntimeException ex) {
            return EMPTY;
        }
    }

    /** Thread histograms, decoded once per distinct text when their values share one bucket. */
    private final WaitHistograms.OneBucketCache threadWaits = new WaitHistograms.OneBucketCache(EventMapper::decode);

    // A thread-per-task recording holds one per thread: a million of them, read by position too.
    private final FieldIndex threadFields = new FieldIndex(Schema.ThreadStatistics.THREAD, Schema.ThreadStatistics.THREAD_ID,
            Schema.ThreadStatistics.THREAD_NAME, Schema.ThreadStatistics.INTERVAL_NANOS, Schema.ThreadStatistics.HELD_FRACTION,
            Schema.ThreadStatistics.WAIT_FRACTION, Schema.ThreadStatistics.RELEASED_FRACTION, Schema.ThreadStatistics.EXACT,
            Schema.ThreadStatistics.OUTSIDE_FRACTION, Schema.ThreadStatistics.ACQUISITIONS,
            Schema.ThreadStatistics.CONTENDED_ACQUISITIONS, Schema.ThreadStatistics.SAMPLES, Schema.ThreadStatistics.THREADS,
            Schema.ThreadStatistics.WAIT_HISTOGRAM);

    /** Threads whose waits may go into a plain histogram ({@link ThreadInfo#addWaitsPlain}): ~11 MB at most. */
    private static final int PLAIN_WAITS = 64;
    private int plainWaits;

    private void threadStatistics(RecordedEvent e) {
        FieldIndex f = threadFields;
        Object[] v = f.values(e);
        RecordedThread t = asThread(f.get(e, v, 0));
        long id = asLong(f.get(e, v, 1));
        String name = asString(f.get(e, v, 2));
        int idx = t != null ? thread(t) : threadFor(id, name);
        ThreadInfo ti = r.threads.get(idx);
        if (name != null) ti.name = name;
        long interval = asLong(f.get(e, v, 3));
        double held = asDouble(f.get(e, v, 4)), wait = asDouble(f.get(e, v, 5)), released = asDouble(f.get(e, v, 6));
        ti.hasStatistics = true;
        ti.exact |= Boolean.TRUE.equals(f.get(e, v, 7));
        ti.heldNanos += held * interval;
        ti.waitNanos += wait * interval;
        ti.outsideNanos += asDouble(f.get(e, v, 8)) * interval;
        ti.releasedNanos += released * interval;
        ti.acquisitions += asLong(f.get(e, v, 9));
        ti.contendedAcquisitions += asLong(f.get(e, v, 10));
        ti.samples += asLong(f.get(e, v, 11));
        // A row of threads that ended before an event of their own (thread id 0): it says how many.
        if (t == null && id <= 0 && f.has(e, v, 12)) ti.endedThreads += asLong(f.get(e, v, 12));
        if (f.has(e, v, 13)) {
            r.threadWaitHistograms = true;
            Histogram h = threadWaits.decode(asString(f.get(e, v, 13)));
            if (plainWaits < PLAIN_WAITS) {
                if (ti.addWaitsPlain(h)) plainWaits++;
            } else {
                ti.addWaits(h);
            }
        }
        threadIntervalEnd.add(epochNanos(e.getEndTime()));
        threadIntervalLen.add(interval);
        threadIntervalInside.add((float) (held + released));
        threadIntervalHeld.add((float) held);
        threadIntervalWait.add((float) wait);
    }

    private void configurationChange(RecordedEvent e) {
        long t = epochNanos(e.getStartTime());
        r.configurationChanges.add(new ConfigurationChange(t,
                stringValue(e, Schema.ConfigurationChange.OLD_POLICY), stringValue(e, Schema.ConfigurationChange.NEW_POLICY),
                longValue(e, Schema.ConfigurationChange.OLD_INTERVAL_NANOS),
                longValue(e, Schema.ConfigurationChange.NEW_INTERVAL_NANOS)));
        cover(t, t);
    }

    private void configuration(RecordedEvent e) {
        Configuration c = r.configuration;
        String policy = e.getString(Schema.Configuration.POLICY);
        String accounting = e.getString(Schema.Configuration.ACCOUNTING);
        if ((lastPolicy != null && !lastPolicy.equals(policy)) || (lastAccounting != null && !lastAccounting.equals(accounting))) {
            c.changed = true;
        }
        lastPolicy = policy;
        lastAccounting = accounting;
        c.policy = nz(policy);
        c.accounting = nz(accounting);
        c.intervalNanos = e.getLong(Schema.Configuration.INTERVAL_NANOS);
        c.checkInterval = e.getInt(Schema.Configuration.CHECK_INTERVAL);
        c.include = nz(e.getString(Schema.Configuration.INCLUDE));
        c.exclude = nz(e.getString(Schema.Configuration.EXCLUDE));
        c.release = nz(e.getString(Schema.Configuration.RELEASE));
        c.annotation = nz(e.getString(Schema.Configuration.ANNOTATION));
        c.version = nz(e.getString(Schema.Configuration.VERSION));
        c.samplePeriodNanos = e.getLong(Schema.Configuration.SAMPLE_PERIOD_NANOS);
        c.statsPeriodNanos = e.getLong(Schema.Configuration.STATS_PERIOD_NANOS);
        c.jfrSettings = nz(e.getString(Schema.Configuration.JFR_SETTINGS));
    }

    /** The latest per kind and pattern: each chunk repeats them with the counts so far. */
    private void designation(RecordedEvent e) {
        Designation d = new Designation(stringValue(e, Schema.Designation.KIND), stringValue(e, Schema.Designation.PATTERN),
                longValue(e, Schema.Designation.CLASSES_MATCHED), longValue(e, Schema.Designation.METHODS_WOVEN),
                epochNanos(e.getStartTime()));
        designations.merge(d.kind() + "\u0000" + d.pattern(), d, (a, b) -> b.epochNanos() >= a.epochNanos() ? b : a);
    }

    private void dataLoss(RecordedEvent e) {
        lossTime.add(epochNanos(e.getStartTime()));
        lossBytes.add(longValue(e, Schema.Jdk.DATA_LOSS_AMOUNT));
    }

    private void jvmInformation(RecordedEvent e) {
        r.jvmName = nz(e.getString("jvmName"));
        r.jvmVersion = nz(e.getString("jvmVersion"));
        r.jvmArguments = nz(e.getString("jvmArguments"));
        r.javaArguments = nz(e.getString("javaArguments"));
        if (e.hasField("pid")) r.pid = e.getLong("pid");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static byte intern(List<String> names, String s) {
        String v = s == null ? "?" : s;
        int i = names.indexOf(v);
        if (i < 0) {
            if (names.size() >= Byte.MAX_VALUE) return (byte) (names.size() - 1);
            names.add(v);
            i = names.size() - 1;
        }
        return (byte) i;
    }

    private int thread(RecordedThread t) {
        if (t == null) return -1;
        Integer cached = threadCache.get(t);
        if (cached != null) return cached;
        long id = t.getJavaThreadId();
        String name = t.getJavaName();
        if (name == null) name = t.getOSName();
        int idx = threadFor(id, name);
        if (threadCache.size() > 100_000) threadCache.clear(); // bounded even if the parser never reuses objects
        threadCache.put(t, idx);
        return idx;
    }

    private int threadFor(long javaThreadId, String name) {
        Integer idx = javaThreadId > 0 ? threadById.get(javaThreadId) : threadByName.get(name);
        if (idx != null) return idx;
        ThreadInfo ti = new ThreadInfo(r.threads.size(), javaThreadId, name == null ? "thread " + javaThreadId : name);
        r.threads.add(ti);
        if (javaThreadId > 0) threadById.put(javaThreadId, ti.index);
        else threadByName.put(name, ti.index);
        return ti.index;
    }

    JvmRecording finish() {
        r.holdStartEpochNanos = holdStart.trim();
        r.holdNanos = holdNanos.trim();
        r.holdThread = holdThread.trim();
        r.holdReleaseCause = holdRelease.trim();
        r.holdAcquireCause = holdAcquire.trim();
        r.waitStartEpochNanos = waitStart.trim();
        r.waitNanos = waitNanos.trim();
        r.waitThread = waitThread.trim();
        r.waitBlockedBy = waitBlockedBy.trim();
        r.waitCause = waitCause.trim();
        r.waitSite = waitSite.trim();
        r.switchRequestEpochNanos = switchTime.trim();
        r.switchTimeToDropNanos = switchDrop.trim();
        r.switchRequester = switchRequester.trim();
        r.switchOwner = switchOwner.trim();
        r.intervalEndEpochNanos = intervalEnd.trim();
        r.intervalNanos = intervalLen.trim();
        r.intervalHeldFraction = intervalHeld.trim();
        r.intervalWaitFraction = intervalWait.trim();
        r.intervalAcquisitions = intervalAcq.trim();
        r.intervalContendedAcquisitions = intervalCont.trim();
        r.intervalSwitches = intervalSwitches.trim();
        r.intervalTimedHolds = intervalTimedHolds.trim();
        r.threadIntervalEndEpochNanos = threadIntervalEnd.trim();
        r.threadIntervalNanos = threadIntervalLen.trim();
        r.threadIntervalInsideFraction = threadIntervalInside.trim();
        r.threadIntervalHeldFraction = threadIntervalHeld.trim();
        r.threadIntervalWaitFraction = threadIntervalWait.trim();
        r.dataLossEpochNanos = lossTime.trim();
        r.dataLossBytes = lossBytes.trim();
        r.designations.addAll(designations.values());
        return r;
    }

    /** Used by {@link Merge}: the latest of two sets of designations, per kind and pattern. */
    static List<Designation> latest(List<Designation> a, List<Designation> b) {
        Map<String, Designation> m = new java.util.LinkedHashMap<>();
        for (List<Designation> l : List.of(a, b)) {
            for (Designation d : l) m.merge(d.kind() + "\u0000" + d.pattern(), d, (x, y) -> y.epochNanos() >= x.epochNanos() ? y : x);
        }
        return new ArrayList<>(m.values());
    }
}
