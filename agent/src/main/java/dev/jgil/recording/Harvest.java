package dev.jgil.recording;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.ThreadState;
import dev.jgil.schema.Durations;
import dev.jgil.schema.Schema;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * One interval for every sink: each harvest closes the current statistics interval and feeds the same
 * numbers, read once under one clock, to JFR ({@code jgil.Statistics}, {@code jgil.ThreadStatistics}),
 * the {@code .hlog} and the running totals of the exit summary, so the three agree exactly.
 *
 * <p>One per lock recorded (the default GIL and one per group): the recording harvests all of them in one step,
 * under one {@link #monitor} shared by all, so every group's intervals are closed by the same harvests.
 * Called by the stats thread every stats period, by JFR at every chunk end, and once more when the recording stops.
 */
final class Harvest {
    private final GilLock lock;
    /** The lock's group, written into its events. */
    private final String group;
    private final AgentOptions opts;
    private final RecordingListener listener;
    private final Sampler sampler;
    private final long startNanos;
    private final long startEpochMillis;

    /** Guards everything below, for every lock of the recording; the exit summary reads the totals under it too. */
    final Object monitor;
    /** The recording's one .hlog (or null), written under {@link #monitor}; closed by the recording. */
    private HistogramLogWriter hlog;
    /** This lock's .hlog tags: {@link Schema#HLOG_TAG_WAIT}/{@link Schema#HLOG_TAG_HOLD} for the default GIL. */
    private final String waitTag, holdTag;
    /** Before each {@code print=} line: empty without groups, {@code "group NAME: "} with them. */
    private final String printLabel;
    private boolean closed;
    private long lastHarvestNanos;
    private StatisticsEvent openStatistics;
    private long lastSamples, lastHeldSamples, lastWaitSamples, lastWaitersSum;
    private long lastSwitches, lastForcedSwitches, lastDropRequests, lastTickDrops, lastTickDropsWonBack,
            lastBlockingReleases, lastWatchdogHandOffs, lastLapsedHandOffs, lastListenerErrors;
    /** Threads that ended: their sums for the exit summary, per name or pattern (bounded). */
    final EndedThreads ended = new EndedThreads();
    /** The open interval's per-thread sums: filled by sweeps, completed and emitted by the harvest. */
    private ThreadDeltas current = new ThreadDeltas();
    /** Exact totals over the recording (the sums of the Statistics events). */
    long totalAcquisitions, totalContended, totalSwitches, totalForcedSwitches;

    // ---- totals over the whole recording (exit summary) ----
    final LoadAverage heldLoad = new LoadAverage();
    final LoadAverage waitLoad = new LoadAverage();
    long totalElapsedNanos, totalSamples, totalHeldSamples, totalWaitSamples;
    /**
     * Σ heldFraction × interval and Σ waitFraction × interval, exactly as the report sums the jgil.Statistics events it
     * reads: the exit summary's held and wait are these over the elapsed time, the same figures as the report's.
     */
    double totalHeldWeightedNanos, totalWaitWeightedNanos;
    boolean everExact, everSampled;
    final Histogram totalWaits = new Histogram(ThreadRecord.SIGNIFICANT_DIGITS);
    final Histogram totalHolds = new Histogram(ThreadRecord.SIGNIFICANT_DIGITS);

    // ---- print= ----
    private long sincePrintNanos;
    private double sincePrintHeldWeighted, sincePrintWaitWeighted;

    Harvest(GilLock lock, AgentOptions opts, RecordingListener listener, Sampler sampler, long startNanos,
            long startEpochMillis, Object monitor, boolean grouped) {
        this.lock = lock;
        this.group = lock.group();
        this.monitor = monitor;
        this.waitTag = hlogTag(Schema.HLOG_TAG_WAIT, group);
        this.holdTag = hlogTag(Schema.HLOG_TAG_HOLD, group);
        this.printLabel = grouped ? "group " + group + ": " : "";
        this.opts = opts;
        this.listener = listener;
        this.sampler = sampler;
        this.startNanos = startNanos;
        this.startEpochMillis = startEpochMillis;
    }

    /** Baselines: threads that used the lock before the recording contribute only what follows. */
    void baseline() {
        for (ThreadState s : lock.threadStates()) {
            ThreadRecord r = listener.recordFor(s);
            r.firstAcquisitions = r.lastAcquisitions = s.acquisitions();
            r.firstContendedAcquisitions = r.lastContendedAcquisitions = s.contendedAcquisitions();
        }
        lastSwitches = lock.switches();
        lastForcedSwitches = lock.forcedSwitches();
        lastDropRequests = lock.dropRequests();
        lastTickDrops = lock.tickDrops();
        lastTickDropsWonBack = lock.tickDropsWonBack();
        lastBlockingReleases = lock.blockingReleases();
        lastWatchdogHandOffs = lock.watchdogHandOffs();
        lastLapsedHandOffs = lock.lapsedHandOffs();
        lastListenerErrors = lock.listenerErrors();
    }

    /**
     * The .hlog tag of a lock's waits or holds: the plain tag for the default GIL (a file without groups reads as
     * it always did), {@code wait.NAME} / {@code hold.NAME} for group NAME (HdrHistogram tags allow no spaces or commas;
     * group names have neither).
     */
    static String hlogTag(String tag, String group) {
        return dev.jgil.schema.Names.DEFAULT_GROUP.equals(group) ? tag : tag + "." + group;
    }

    /** Starts the first interval at {@code now}; {@code hlog} (or null) receives one line pair per interval. */
    void open(HistogramLogWriter hlog, long now) {
        synchronized (monitor) {
            this.hlog = hlog;
            lastHarvestNanos = now;
            openStatistics = beginStatistics();
        }
    }

    /** After the final harvest: nothing more is harvested (the recording closes the .hlog). */
    void close() {
        synchronized (monitor) {
            closed = true;
        }
    }

    private static StatisticsEvent beginStatistics() {
        StatisticsEvent e = new StatisticsEvent();
        e.begin(); // the event spans the interval
        return e;
    }

    /** Before a harvest, outside the monitor: the runtime's registry too (nobody else may ever ask). */
    void prune() {
        try {
            lock.pruneDeadThreads();
        } catch (Throwable t) {
            listener.errors.incrementAndGet();
        }
    }

    /**
     * Closes the current interval at {@code now} and feeds it to JFR, the .hlog and the summary totals. The caller
     * holds {@link #monitor}; {@code now} is read just before (see {@code GilRecording.harvest}).
     */
    void runLocked(long now) {
        try {
            if (!closed) harvestLocked(now);
        } catch (Throwable t) {
            listener.errors.incrementAndGet();
        }
    }

    /**
     * Drops the records of threads that have ended, their last counts going into the open interval's
     * sums: between harvests, when threads start faster than the stats period can keep up with (the
     * listener asks once the records have doubled), so that memory follows the live threads.
     */
    void sweep() {
        try {
            lock.pruneDeadThreads();
            synchronized (monitor) {
                if (closed) return;
                long now = System.nanoTime();
                for (ThreadRecord r : listener.records.values()) {
                    if (ended(r)) {
                        current.add(r, now, true, ended);
                        listener.records.remove(r.state);
                    }
                }
                listener.sweepAt = Math.max(RecordingListener.SWEEP_MIN, 2 * listener.records.size());
            }
        } catch (Throwable t) {
            listener.errors.incrementAndGet();
        }
    }

    /**
     * Whether the thread has ended and its last counts can be read: isAlive() false happens-after the
     * thread's last action, so it is asked BEFORE the counters are read. A dead thread's last hold may
     * still be ended by a watchdog hand-off: kept until then.
     */
    private static boolean ended(ThreadRecord r) {
        return !r.thread.isAlive() && r.openHoldStartNanos == 0;
    }

    private void harvestLocked(long now) {
        long intervalNanos = now - lastHarvestNanos;
        if (intervalNanos <= 0) return;
        boolean exact = lock.traceAccounting();

        ThreadDeltas d = current;
        current = new ThreadDeltas();
        for (ThreadRecord r : listener.records.values()) {
            // Dead BEFORE its counters are read: a thread that acquired, released and died between the read and
            // this check would otherwise be retired with its last acquisitions and hold never harvested (seen: 1-2
            // more jgil.Hold events than timed holds in trace recordings, more with short-lived threads).
            boolean gone = ended(r);
            d.add(r, now, gone, ended);
            if (gone) listener.records.remove(r.state);
        }
        listener.sweepAt = Math.max(RecordingListener.SWEEP_MIN, 2 * listener.records.size());
        Histogram waits = d.waits;
        Histogram holds = d.holds;
        holds.add(listener.foreignHolds.getIntervalHistogram());
        totalWaits.add(waits);
        totalHolds.add(holds);

        long samples = sampler.samples, heldSamples = sampler.heldSamples, waitSamples = sampler.waitSamples,
                waitersSum = sampler.waitersSum;
        long dSamples = samples - lastSamples, dHeldSamples = heldSamples - lastHeldSamples,
                dWaitSamples = waitSamples - lastWaitSamples, dWaitersSum = waitersSum - lastWaitersSum;
        lastSamples = samples;
        lastHeldSamples = heldSamples;
        lastWaitSamples = waitSamples;
        lastWaitersSum = waitersSum;
        int waitersMax = Math.max(sampler.waitersMax, listener.waitersMaxExact.getAndSet(0));
        sampler.waitersMax = 0;

        double heldSampled = ratio(dHeldSamples, dSamples);
        double heldFraction = exact ? ratio(d.heldExactNanos, intervalNanos) : heldSampled;
        double waitFraction = ratio(dWaitSamples, dSamples);

        totalElapsedNanos += intervalNanos;
        totalSamples += dSamples;
        totalHeldSamples += dHeldSamples;
        totalWaitSamples += dWaitSamples;
        if (exact) everExact = true;
        else everSampled = true;
        totalHeldWeightedNanos += heldFraction * intervalNanos;
        totalWaitWeightedNanos += waitFraction * intervalNanos;
        heldLoad.update(heldFraction, intervalNanos);
        waitLoad.update(waitFraction, intervalNanos);

        StatisticsEvent e = openStatistics;
        openStatistics = beginStatistics();
        e.end();
        if (e.shouldCommit()) {
            e.intervalNanos = intervalNanos;
            e.exact = exact;
            e.heldFraction = heldFraction;
            e.heldFractionSampled = heldSampled;
            e.heldFractionError = standardError(heldSampled, dSamples);
            e.waitFraction = waitFraction;
            e.waitFractionError = standardError(waitFraction, dSamples);
            e.samples = dSamples;
            e.holdNanos = d.holdNanos;
            e.timedHolds = holds.getTotalCount();
            e.waitNanos = d.waitNanos;
            e.acquisitions = d.acquisitions;
            e.contendedAcquisitions = d.contended;
        }
        totalAcquisitions += d.acquisitions;
        totalContended += d.contended;
        long v;
        v = lock.switches(); long dSwitches = v - lastSwitches; lastSwitches = v;
        v = lock.forcedSwitches(); long dForced = v - lastForcedSwitches; lastForcedSwitches = v;
        totalSwitches += dSwitches;
        totalForcedSwitches += dForced;
        if (e.shouldCommit()) {
            e.switches = dSwitches;
            e.forcedSwitches = dForced;
            v = lock.dropRequests(); e.dropRequests = v - lastDropRequests; lastDropRequests = v;
            v = lock.tickDrops(); e.tickDrops = v - lastTickDrops; lastTickDrops = v;
            v = lock.tickDropsWonBack(); e.tickDropsWonBack = v - lastTickDropsWonBack; lastTickDropsWonBack = v;
            v = lock.blockingReleases(); e.blockingReleases = v - lastBlockingReleases; lastBlockingReleases = v;
            v = lock.watchdogHandOffs(); e.watchdogHandOffs = v - lastWatchdogHandOffs; lastWatchdogHandOffs = v;
            v = lock.lapsedHandOffs(); e.lapsedHandOffs = v - lastLapsedHandOffs; lastLapsedHandOffs = v;
            v = lock.listenerErrors() + listener.errors.get();
            e.listenerErrors = v - lastListenerErrors;
            lastListenerErrors = v;
            e.waitersAverage = dSamples == 0 ? 0 : (double) dWaitersSum / dSamples;
            e.waitersMax = waitersMax;
            e.waitHistogram = encode(waits);
            e.holdHistogram = encode(holds);
            e.group = group;
            e.commit();
        }
        // A thread's sampled fractions are of the INTERVAL, like its exact ones: a thread that lived for a tenth of it
        // and held the GIL all that time held 0.1 of it, not 1.0 (its own samples count only while it is alive). Over
        // the ticks read AFTER the threads' counters (which can only be behind them), as the interval's own held
        // fraction: a row never holds more than the whole (read before, a harvest slowed by thousands of ended
        // threads gave a row of them 0.205 of an interval held 0.125).
        d.finish(intervalNanos, dSamples, exact, ended, group);

        if (hlog != null) {
            long startMs = startEpochMillis + (lastHarvestNanos - startNanos) / 1_000_000;
            long endMs = startEpochMillis + (now - startNanos) / 1_000_000;
            writeHlog(waits, waitTag, startMs, endMs);
            writeHlog(holds, holdTag, startMs, endMs);
        }
        printIfDue(intervalNanos, heldFraction, waitFraction);
        lastHarvestNanos = now;
    }

    private void printIfDue(long intervalNanos, double heldFraction, double waitFraction) {
        if (opts.printPeriodNanos <= 0) return;
        sincePrintNanos += intervalNanos;
        sincePrintHeldWeighted += heldFraction * intervalNanos;
        sincePrintWaitWeighted += waitFraction * intervalNanos;
        if (sincePrintNanos >= opts.printPeriodNanos) {
            opts.summaryStream.printf(Locale.ROOT, "jgil: %slast %s  held %.3f  wait %.3f  (1m/5m/15m held %s, wait %s)%n",
                    printLabel, Durations.human(sincePrintNanos), sincePrintHeldWeighted / sincePrintNanos,
                    sincePrintWaitWeighted / sincePrintNanos, heldLoad.text(totalElapsedNanos),
                    waitLoad.text(totalElapsedNanos));
            sincePrintNanos = 0;
            sincePrintHeldWeighted = sincePrintWaitWeighted = 0;
        }
    }

    private void writeHlog(Histogram h, String tag, long startMs, long endMs) {
        h.setTag(tag);
        h.setStartTimeStamp(startMs);
        h.setEndTimeStamp(endMs);
        hlog.outputIntervalHistogram(h);
    }

    /** Reused by {@link #encode}: a thread per task puts tens of thousands of histograms into one harvest. */
    private static ByteBuffer encodeBuffer = ByteBuffer.allocate(0);

    /**
     * The histogram as the events carry it (compressed, Base64). One buffer for all calls: the capacity a
     * histogram asks for is its uncompressed size (~10 KB for one wait of a few ms), and a fresh one per
     * thread made a harvest of 70,000 threads allocate hundreds of MB (issue 13).
     */
    static synchronized String encode(Histogram h) {
        int need = h.getNeededByteBufferCapacity();
        if (encodeBuffer.capacity() < need) encodeBuffer = ByteBuffer.allocate(need);
        encodeBuffer.clear();
        int len = h.encodeIntoCompressedByteBuffer(encodeBuffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(encodeBuffer.array(), len));
    }

    static double ratio(long part, long whole) {
        return whole <= 0 ? 0 : Math.max(0, Math.min(1, (double) part / whole));
    }

    /** Binomial standard error of a fraction p estimated from n independent samples. */
    static double standardError(double p, long n) {
        return n <= 0 ? 0 : Math.sqrt(p * (1 - p) / n);
    }
}
