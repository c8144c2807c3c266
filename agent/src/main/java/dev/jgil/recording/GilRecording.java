package dev.jgil.recording;

import dev.jgil.report.schema.Schema;
import dev.jgil.runtime.GilListener;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.ThreadState;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Configuration;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The recording layer's entry point: {@link #start(GilLock, RecordingOptions)} attaches to a lock and
 * records until {@link #stop()} (or JVM exit): JFR events, the {@code .hlog} interval log and the exit
 * summary.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>the lock's callers (and its watchdog) run {@link RecordingListener} on slow paths only;</li>
 *   <li>{@code jgil-sampler} samples owner/waiters every sample period ({@link Sampler});</li>
 *   <li>{@code jgil-stats} harvests every stats period: one interval, one clock, for all sinks (JFR
 *       Statistics, .hlog line, summary), so the three agree exactly;</li>
 *   <li>JFR calls {@link #harvest} at the end of each chunk (the Statistics event's {@code endChunk}
 *       period), which is what puts the last partial interval into a file that JFR's own shutdown hook
 *       stops.</li>
 * </ul>
 *
 * <h2>Exit</h2>
 * The JFR recording has a destination, so whichever stops it — {@link #stop()}, our shutdown hook, or
 * JFR's shutdown hook (they run concurrently on System.exit/SIGTERM/SIGINT) — writes the complete file.
 * Our hook also closes the .hlog and prints the summary. Nothing here holds a JFR lock while waiting
 * for the harvest lock or vice versa, so the two hooks cannot deadlock.
 */
public final class GilRecording implements AutoCloseable {
    private static final double[] EWMA_WINDOWS_SECONDS = {60, 300, 900};

    private final GilLock lock;
    private final RecordingOptions opts;
    private final RecordingListener listener = new RecordingListener();
    private final Sampler sampler;
    private final GilListener previousListener;
    private final boolean previousTraceAccounting;
    private final String version;
    private final long startNanos;
    private final long startEpochMillis;

    private Recording recording;
    private HistogramLogWriter hlog;
    private Thread statsThread;
    private Thread shutdownHook;
    private volatile boolean reportWritten;
    /** Rows of the exit summary: a gil_load-style glance, not an inventory of short-lived threads. */
    private static final int MAX_SUMMARY_THREADS = 12;
    /**
     * The running recording, for {@link #configurationChanged()}: a change made at run time (MBean) must
     * re-commit {@code jgil.Configuration} so that a reader of any later part of the file — a chunk, a
     * {@code jgil top} attached afterwards — sees the configuration in force, not the one at start.
     */
    private static volatile GilRecording active;
    private final Runnable chunkEndHook = () -> harvest();
    private final Runnable configurationHook = this::commitConfiguration;
    private boolean hooksRegistered;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile boolean stopped;

    // ---- harvest state, guarded by harvestLock ----
    private final Object harvestLock = new Object();
    private boolean harvestClosed;
    private long lastHarvestNanos;
    private StatisticsEvent openStatistics;
    private long lastSamples, lastHeldSamples, lastWaitSamples, lastWaitersSum;
    private long lastSwitches, lastForcedSwitches, lastDropRequests, lastTickDrops, lastTickDropsWonBack,
            lastBlockingReleases, lastWatchdogHandOffs, lastListenerErrors;
    private final List<ThreadRecord> retired = new ArrayList<>();
    /** EWMAs of held and wait fractions (1, 5, 15 min), NaN until the first interval. */
    private final double[] heldEwma = {Double.NaN, Double.NaN, Double.NaN};
    private final double[] waitEwma = {Double.NaN, Double.NaN, Double.NaN};
    private long totalElapsedNanos, totalSamples, totalHeldSamples, totalWaitSamples, totalHeldExactNanos;
    private boolean everExact, everSampled;
    private final Histogram totalWaits = new Histogram(ThreadRecord.SIGNIFICANT_DIGITS);
    private final Histogram totalHolds = new Histogram(ThreadRecord.SIGNIFICANT_DIGITS);
    private long sincePrintNanos;
    private double sincePrintHeldWeighted, sincePrintWaitWeighted;

    private GilRecording(GilLock lock, RecordingOptions opts) {
        this.lock = lock;
        this.opts = opts;
        this.sampler = new Sampler(lock, listener, opts.samplePeriodNanos);
        this.previousListener = lock.listener();
        this.previousTraceAccounting = lock.traceAccounting();
        String v = opts.version;
        if (v == null) v = GilRecording.class.getPackage().getImplementationVersion();
        this.version = v == null ? "dev" : v;
        this.startNanos = System.nanoTime();
        this.startEpochMillis = System.currentTimeMillis();
    }

    /**
     * Starts recording {@code lock}. Configuration errors (bad .jfc, unwritable file) throw here, at
     * start-up; once running, nothing in the recording throws into the application.
     */
    public static GilRecording start(GilLock lock, RecordingOptions opts) throws IOException {
        GilRecording r = new GilRecording(lock, opts);
        try {
            r.begin();
        } catch (IOException | RuntimeException | Error e) {
            r.stopQuietly();
            throw e;
        }
        return r;
    }

    private void begin() throws IOException {
        // Baselines: threads that used the lock before the recording contribute only what follows.
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
        lastListenerErrors = lock.listenerErrors();

        if (opts.hlogFile != null) {
            hlog = new HistogramLogWriter(opts.hlogFile.toFile());
            hlog.outputComment("jgil GIL wait and hold times, ns; tags: " + Schema.HLOG_TAG_WAIT + ", " + Schema.HLOG_TAG_HOLD);
            hlog.outputLogFormatVersion();
            hlog.outputStartTime(startEpochMillis);
            hlog.setBaseTime(startEpochMillis);
            hlog.outputBaseTime(startEpochMillis);
            hlog.outputLegend();
        }

        boolean jfr = FlightRecorder.isAvailable();
        if (jfr) {
            // Registered up front so the types (with labels and units) are in the metadata of every
            // recording, even one in which no such event happened.
            FlightRecorder.register(ContendedAcquireEvent.class);
            FlightRecorder.register(HoldEvent.class);
            FlightRecorder.register(SwitchRequestEvent.class);
            FlightRecorder.register(StatisticsEvent.class);
            FlightRecorder.register(ThreadStatisticsEvent.class);
            FlightRecorder.register(ConfigurationEvent.class);
            FlightRecorder.register(ConfigurationChangeEvent.class);
        }
        if (opts.jfrFile != null && jfr) {
            recording = newRecording(opts);
            recording.start();
        } else if (opts.jfrFile != null) {
            opts.summaryStream.println("jgil: JFR is not available in this JVM; no .jfr file will be written");
        }

        if (opts.traceAccounting) lock.setTraceAccounting(true);
        synchronized (harvestLock) {
            lastHarvestNanos = System.nanoTime();
            openStatistics = beginStatistics();
        }
        lock.setListener(listener);
        sampler.start();

        if (jfr) {
            // Direct commit for the chunk already running (ours, or one the user started with
            // -XX:StartFlightRecording); the hook repeats it at the start of every later chunk.
            commitConfiguration();
            active = this;
            FlightRecorder.addPeriodicEvent(StatisticsEvent.class, chunkEndHook);
            FlightRecorder.addPeriodicEvent(ConfigurationEvent.class, configurationHook);
            hooksRegistered = true;
        }

        Thread t = new Thread(this::statsLoop, "jgil-stats");
        t.setDaemon(true);
        statsThread = t;
        t.start();

        if (opts.shutdownHook) {
            shutdownHook = new Thread(this::stopQuietly, "jgil-recording-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }

    private static Recording newRecording(RecordingOptions o) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        Configuration jgil;
        try {
            boolean preset = o.jfrSettings.equals(Schema.SETTINGS_DEFAULT) || o.jfrSettings.equals(Schema.SETTINGS_TRACE);
            if (preset) {
                // The JDK's own events (GC, safepoints, thread parks, CPU load) explain many GIL waits,
                // and JMC's rules need them; "default" costs about 1%.
                if (!o.jfrJdk.equals("none")) settings.putAll(Configuration.getConfiguration(o.jfrJdk).getSettings());
                jgil = presetConfiguration(o.jfrSettings);
            } else {
                jgil = Configuration.create(Path.of(o.jfrSettings));
            }
        } catch (ParseException e) {
            throw new IllegalArgumentException("jgil: cannot read JFR settings '" + o.jfrSettings + "': " + e.getMessage(), e);
        }
        settings.putAll(jgil.getSettings());
        Recording r = new Recording(settings);
        r.setName("jgil");
        // On disk with a destination: stopping it, by us or by JFR's shutdown hook, writes the file.
        r.setToDisk(true);
        r.setDestination(o.jfrFile);
        r.setDumpOnExit(true);
        return r;
    }

    /** The shipped settings: {@code default} (jgil.jfc) or {@code trace} (jgil-trace.jfc). */
    public static Configuration presetConfiguration(String name) throws IOException, ParseException {
        String resource = name.equals(Schema.SETTINGS_TRACE) ? Schema.JFC_TRACE_RESOURCE : Schema.JFC_DEFAULT_RESOURCE;
        InputStream in = GilRecording.class.getResourceAsStream(resource);
        if (in == null) throw new IOException("missing resource " + resource);
        try (Reader rd = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return Configuration.create(rd);
        }
    }

    // =====================================================================================
    // Stopping
    // =====================================================================================

    /** Stops recording: final interval, .hlog closed, JFR file written, summary printed. Idempotent. */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        if (active == this) active = null;
        try {
            // Nothing after this point is recorded: the final harvest below is the last word.
            if (lock.listener() == listener) lock.setListener(previousListener);
            sampler.stop();
            Thread st = statsThread;
            if (st != null) {
                LockSupport.unpark(st);
                if (st != Thread.currentThread()) st.join(1000);
            }
            boolean shuttingDown = isShuttingDown();
            harvest();
            // After the final harvest, which reads the mode to tell exact from sampled intervals.
            if (opts.traceAccounting) lock.setTraceAccounting(previousTraceAccounting);
            synchronized (harvestLock) {
                harvestClosed = true;
                if (hlog != null) safely(hlog::close);
            }
            if (shuttingDown) {
                // JFR's own shutdown hook runs concurrently with ours and stops every running recording;
                // stopping or closing ours here as well races it (seen: a 0-byte file after System.exit).
                // So at exit JFR alone stops it: with a destination and dumpOnExit it writes the file, and
                // its chunk end runs our hook first, so the last interval is in the file either way.
            } else {
                if (recording != null) {
                    safely(recording::stop); // writes the destination
                    safely(recording::close);
                }
                if (hooksRegistered) {
                    safely(() -> FlightRecorder.removePeriodicEvent(chunkEndHook));
                    safely(() -> FlightRecorder.removePeriodicEvent(configurationHook));
                }
            }
            if (opts.reportFile != null) {
                try {
                    writeReport(shuttingDown);
                } catch (Throwable t) {
                    opts.summaryStream.println("jgil: report not written (" + opts.reportFile + "): " + t);
                }
            }
            if (opts.summary) safely(() -> printSummary(opts.summaryStream));
            Thread hook = shutdownHook;
            if (hook != null && Thread.currentThread() != hook) {
                safely(() -> Runtime.getRuntime().removeShutdownHook(hook)); // throws during shutdown
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                stopped = true;
                notifyAll();
            }
        }
    }

    /**
     * Renders the HTML report through the same code path as {@code jgil report}. At exit JFR's own
     * hook writes the destination concurrently with us, so the report is made from a snapshot dump
     * (taken after the final harvest, so it holds the last interval); otherwise from the written file.
     */
    private void writeReport(boolean shuttingDown) throws IOException, InterruptedException {
        Recording r = recording;
        if (r == null) {
            opts.summaryStream.println("jgil: no report: it is made from the JFR recording, and jfr=off");
            return;
        }
        Path source = opts.jfrFile;
        Path snapshot = null;
        try {
            if (shuttingDown) {
                snapshot = Files.createTempFile("jgil-report-", ".jfr");
                try {
                    r.dump(snapshot);
                    source = snapshot;
                } catch (IOException | IllegalStateException e) {
                    // JFR's own shutdown hook got there first: it writes the destination, then closes
                    // the recording. Wait for that (bounded) and read the finished file instead.
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    while (r.getState() != jdk.jfr.RecordingState.CLOSED && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                }
            }
            dev.jgil.report.Reports.writeHtml(List.of(source), opts.reportFile);
            reportWritten = true;
        } finally {
            if (snapshot != null) Files.deleteIfExists(snapshot);
        }
    }

    /** Whether the JVM is running its shutdown hooks (they can no longer be added then). */
    private static boolean isShuttingDown() {
        try {
            Thread probe = new Thread(() -> { });
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private synchronized void awaitStopped() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!stopped && System.nanoTime() < deadline) {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (Throwable t) {
            // at exit there is nobody to tell
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Writes what JFR has recorded so far to {@code path} (a snapshot; the recording goes on). */
    public void dump(Path path) throws IOException {
        harvest();
        Recording r = recording;
        if (r == null) throw new IllegalStateException("jgil: jfr=off, nothing to dump");
        r.dump(path);
    }

    /** The JFR file written at stop, or null. */
    public Path jfrFile() {
        return opts.jfrFile;
    }

    /** The .hlog file, or null. */
    public Path hlogFile() {
        return opts.hlogFile;
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void safely(Action a) {
        try {
            a.run();
        } catch (Throwable t) {
            // best effort: stop must finish the other sinks
        }
    }

    // =====================================================================================
    // Harvest: one interval for every sink
    // =====================================================================================

    private void statsLoop() {
        long period = opts.statsPeriodNanos;
        long next = startNanos + period;
        while (!stopping.get()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue; // re-check stop and spurious wake-ups
            }
            next += period;
            if (next < System.nanoTime()) next = System.nanoTime() + period; // fell behind (suspended): don't burst
            harvest();
        }
    }

    private StatisticsEvent beginStatistics() {
        StatisticsEvent e = new StatisticsEvent();
        e.begin(); // the event spans the interval
        return e;
    }

    /** Closes the current interval and feeds it to JFR, the .hlog and the summary totals. */
    void harvest() {
        try {
            synchronized (harvestLock) {
                if (!harvestClosed) harvestLocked();
            }
        } catch (Throwable t) {
            listener.errors.incrementAndGet();
        }
    }

    private void harvestLocked() {
        long now = System.nanoTime();
        long intervalNanos = now - lastHarvestNanos;
        if (intervalNanos <= 0) return;
        boolean exact = lock.traceAccounting();

        Histogram waits = new Histogram(ThreadRecord.SIGNIFICANT_DIGITS);
        Histogram holds = new Histogram(ThreadRecord.SIGNIFICANT_DIGITS);
        long acquisitions = 0, contended = 0, waitNanos = 0, holdNanos = 0, heldExactNanos = 0;
        List<ThreadStatisticsEvent> threadEvents = new ArrayList<>();
        // The interval's sampler ticks, read before the threads' counters (which can only be ahead). A
        // thread's sampled fractions are of the INTERVAL, like its exact ones: a thread that lived for a
        // tenth of it and held the GIL all that time held 0.1 of it, not 1.0 (its own samples count only
        // while it is alive). Capped at 1 for the ticks that land between the two reads.
        long intervalTicks = Math.max(0, sampler.samples - lastSamples);
        for (ThreadRecord r : listener.records.values()) {
            // Sums first (they read closed-before-open), then histograms: a release racing this harvest
            // lands in both or, for the histogram, in the next interval.
            long heldCum = r.heldCumulativeNanos(now);
            long waitCum = r.waitCumulativeNanos(now);
            long closedWait = r.closedWaitNanos;
            long closedHold = r.closedHoldNanos.get();
            Histogram w = r.waits.getIntervalHistogram();
            Histogram h = r.holds.getIntervalHistogram();
            waits.add(w);
            holds.add(h);
            r.allWaits.add(w);

            long a = r.state.acquisitions(), c = r.state.contendedAcquisitions();
            long dAcq = Math.max(0, a - r.lastAcquisitions), dCont = Math.max(0, c - r.lastContendedAcquisitions);
            r.lastAcquisitions = a;
            r.lastContendedAcquisitions = c;
            long dWait = closedWait - r.lastClosedWaitNanos, dHold = closedHold - r.lastClosedHoldNanos;
            r.lastClosedWaitNanos = closedWait;
            r.lastClosedHoldNanos = closedHold;
            long dHeldCum = heldCum - r.lastHeldCumulativeNanos, dWaitCum = waitCum - r.lastWaitCumulativeNanos;
            r.lastHeldCumulativeNanos = heldCum;
            r.lastWaitCumulativeNanos = waitCum;
            long s = r.samples, hs = r.heldSamples, ws = r.waitSamples, os = r.outsideSamples, rs = r.releasedSamples;
            long dS = s - r.lastSamples, dHs = hs - r.lastHeldSamples, dWs = ws - r.lastWaitSamples,
                    dOs = os - r.lastOutsideSamples, dRs = rs - r.lastReleasedSamples;
            r.lastSamples = s;
            r.lastHeldSamples = hs;
            r.lastWaitSamples = ws;
            r.lastOutsideSamples = os;
            r.lastReleasedSamples = rs;

            acquisitions += dAcq;
            contended += dCont;
            waitNanos += dWait;
            holdNanos += dHold;
            heldExactNanos += dHeldCum;
            r.totalHeldNanos += dHeldCum;
            r.totalWaitNanos += dWaitCum;
            r.totalSamples += dS;
            r.totalHeldSamples += dHs;

            if (dAcq > 0 || dS > 0 || dWaitCum > 0 || dHeldCum > 0) {
                ThreadStatisticsEvent e = new ThreadStatisticsEvent();
                if (e.isEnabled()) {
                    e.thread = r.thread;
                    e.threadName = r.thread.getName();
                    e.threadId = r.thread.getId();
                    e.alive = r.thread.isAlive();
                    e.intervalNanos = intervalNanos;
                    e.exact = exact;
                    long ticks = Math.max(intervalTicks, dS);
                    e.heldFraction = exact ? fraction(dHeldCum, intervalNanos) : ratio(dHs, ticks);
                    e.waitFraction = fraction(dWaitCum, intervalNanos);
                    e.heldFractionSampled = ratio(dHs, ticks);
                    e.waitFractionSampled = ratio(dWs, ticks);
                    e.outsideFraction = ratio(dOs, ticks);
                    e.releasedFraction = ratio(dRs, ticks);
                    e.samples = dS;
                    e.acquisitions = dAcq;
                    e.contendedAcquisitions = dCont;
                    e.waitNanos = dWait;
                    e.holdNanos = dHold;
                    if (w.getTotalCount() > 0) {
                        e.waitP99Nanos = w.getValueAtPercentile(99);
                        e.waitMaxNanos = w.getMaxValue();
                    }
                    threadEvents.add(e);
                }
            }
            // A dead thread's last hold may still be ended by a watchdog hand-off: keep it until then.
            if (!r.thread.isAlive() && r.openHoldStartNanos == 0) {
                listener.records.remove(r.state);
                retired.add(r);
            }
        }
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
        double heldFraction = exact ? fraction(heldExactNanos, intervalNanos) : heldSampled;
        double waitFraction = ratio(dWaitSamples, dSamples);

        totalElapsedNanos += intervalNanos;
        totalSamples += dSamples;
        totalHeldSamples += dHeldSamples;
        totalWaitSamples += dWaitSamples;
        totalHeldExactNanos += heldExactNanos;
        if (exact) everExact = true;
        else everSampled = true;
        updateEwma(heldEwma, heldFraction, intervalNanos);
        updateEwma(waitEwma, waitFraction, intervalNanos);

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
            e.holdNanos = holdNanos;
            e.timedHolds = holds.getTotalCount();
            e.waitNanos = waitNanos;
            e.acquisitions = acquisitions;
            e.contendedAcquisitions = contended;
            long v;
            v = lock.switches(); e.switches = v - lastSwitches; lastSwitches = v;
            v = lock.forcedSwitches(); e.forcedSwitches = v - lastForcedSwitches; lastForcedSwitches = v;
            v = lock.dropRequests(); e.dropRequests = v - lastDropRequests; lastDropRequests = v;
            v = lock.tickDrops(); e.tickDrops = v - lastTickDrops; lastTickDrops = v;
            v = lock.tickDropsWonBack(); e.tickDropsWonBack = v - lastTickDropsWonBack; lastTickDropsWonBack = v;
            v = lock.blockingReleases(); e.blockingReleases = v - lastBlockingReleases; lastBlockingReleases = v;
            v = lock.watchdogHandOffs(); e.watchdogHandOffs = v - lastWatchdogHandOffs; lastWatchdogHandOffs = v;
            v = lock.listenerErrors() + listener.errors.get();
            e.listenerErrors = v - lastListenerErrors;
            lastListenerErrors = v;
            e.waitersAverage = dSamples == 0 ? 0 : (double) dWaitersSum / dSamples;
            e.waitersMax = waitersMax;
            e.waitHistogram = encode(waits);
            e.holdHistogram = encode(holds);
            e.commit();
        }
        for (ThreadStatisticsEvent te : threadEvents) te.commit();

        if (hlog != null) {
            long startMs = startEpochMillis + (lastHarvestNanos - startNanos) / 1_000_000;
            long endMs = startEpochMillis + (now - startNanos) / 1_000_000;
            writeHlog(waits, Schema.HLOG_TAG_WAIT, startMs, endMs);
            writeHlog(holds, Schema.HLOG_TAG_HOLD, startMs, endMs);
        }

        if (opts.printPeriodNanos > 0) {
            sincePrintNanos += intervalNanos;
            sincePrintHeldWeighted += heldFraction * intervalNanos;
            sincePrintWaitWeighted += waitFraction * intervalNanos;
            if (sincePrintNanos >= opts.printPeriodNanos) {
                opts.summaryStream.printf("jgil: last %s  held %.3f  wait %.3f  (1m/5m/15m held %s, wait %s)%n",
                        Durations.format(sincePrintNanos), sincePrintHeldWeighted / sincePrintNanos,
                        sincePrintWaitWeighted / sincePrintNanos, ewmaText(heldEwma), ewmaText(waitEwma));
                sincePrintNanos = 0;
                sincePrintHeldWeighted = sincePrintWaitWeighted = 0;
            }
        }
        lastHarvestNanos = now;
    }

    private void writeHlog(Histogram h, String tag, long startMs, long endMs) {
        h.setTag(tag);
        h.setStartTimeStamp(startMs);
        h.setEndTimeStamp(endMs);
        hlog.outputIntervalHistogram(h);
    }

    private static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int len = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), len));
    }

    static double ratio(long part, long whole) {
        return whole <= 0 ? 0 : Math.max(0, Math.min(1, (double) part / whole));
    }

    private static double fraction(long nanos, long intervalNanos) {
        return ratio(nanos, intervalNanos);
    }

    /** Binomial standard error of a fraction p estimated from n independent samples. */
    static double standardError(double p, long n) {
        return n <= 0 ? 0 : Math.sqrt(p * (1 - p) / n);
    }

    /**
     * Load-average style: each window decays by exp(-dt/window). Seeded at 0 and divided by
     * (1 - exp(-T/window)) (T = time recorded so far), so a run shorter than the window reports its plain
     * time-weighted average instead of a value still climbing from 0 (or pinned to a first tiny interval).
     */
    private void updateEwma(double[] ewma, double x, long intervalNanos) {
        double dtSeconds = intervalNanos / 1e9;
        for (int i = 0; i < ewma.length; i++) {
            double raw = Double.isNaN(ewma[i]) ? 0 : ewma[i];
            double decay = Math.exp(-dtSeconds / EWMA_WINDOWS_SECONDS[i]);
            ewma[i] = raw * decay + x * (1 - decay);
        }
    }

    private double ewma(double[] ewma, int i) {
        if (Double.isNaN(ewma[i]) || totalElapsedNanos <= 0) return 0;
        return ewma[i] / (1 - Math.exp(-(totalElapsedNanos / 1e9) / EWMA_WINDOWS_SECONDS[i]));
    }

    private String ewmaText(double[] ewma) {
        return String.format("%.3f/%.3f/%.3f", ewma(ewma, 0), ewma(ewma, 1), ewma(ewma, 2));
    }

    private static double nz(double d) {
        return Double.isNaN(d) ? 0 : d;
    }

    /** Called after a run-time change of policy or interval: the configuration in force, committed anew. */
    static void configurationChanged() {
        GilRecording r = active;
        if (r != null) r.commitConfiguration();
    }

    private void commitConfiguration() {
        try {
            ConfigurationEvent e = new ConfigurationEvent();
            if (!e.isEnabled()) return;
            e.policy = lock.policy().name();
            e.intervalNanos = lock.intervalNanos();
            e.checkInterval = lock.checkInterval();
            e.accounting = lock.traceAccounting() ? "trace" : "default";
            e.include = opts.include;
            e.exclude = opts.exclude;
            e.release = opts.release;
            e.annotation = opts.annotation;
            e.version = version;
            e.samplePeriodNanos = opts.samplePeriodNanos;
            e.statsPeriodNanos = opts.statsPeriodNanos;
            e.jfrSettings = opts.jfrFile == null ? "off" : opts.jfrSettings;
            e.commit();
        } catch (Throwable t) {
            listener.errors.incrementAndGet();
        }
    }

    // =====================================================================================
    // Summary (gil_load style)
    // =====================================================================================

    /** Threads of one name in the exit summary, summed. */
    private static final class SummaryRow {
        final String name;
        int threads;
        long heldNanos, heldSamples, waitNanos, acquisitions, contended;
        final Histogram waits = new Histogram(ThreadRecord.SIGNIFICANT_DIGITS);

        SummaryRow(String name) {
            this.name = name;
        }

        void add(ThreadRecord r, long acq, long cont) {
            threads++;
            heldNanos += r.totalHeldNanos;
            heldSamples += r.totalHeldSamples;
            waitNanos += r.totalWaitNanos;
            acquisitions += acq;
            contended += cont;
            waits.add(r.allWaits);
        }
    }

    /** Prints the summary of everything recorded so far. */
    public void printSummary(PrintStream out) {
        StringBuilder sb = new StringBuilder();
        synchronized (harvestLock) {
            double elapsed = Math.max(1, totalElapsedNanos);
            boolean exact = everExact && !everSampled;
            double heldSampled = ratio(totalHeldSamples, totalSamples);
            double held = exact ? totalHeldExactNanos / elapsed : heldSampled;
            double wait = ratio(totalWaitSamples, totalSamples);
            sb.append(String.format("jgil: GIL load over %s (policy %s, interval %s, accounting %s; sampled every %s, n=%d)%n",
                    Durations.format(totalElapsedNanos), lock.policy().name(), Durations.format(lock.intervalNanos()),
                    exact ? "trace: held is exact" : "default: held is sampled",
                    Durations.format(opts.samplePeriodNanos), totalSamples));
            double intended = (double) totalElapsedNanos / opts.samplePeriodNanos;
            if (intended > 100 && totalSamples < 0.85 * intended) {
                // A starved sampler observes mostly when CPUs free up, i.e. right after releases: biased.
                sb.append(String.format("  (sampler starved: %.0f%% of intended samples; sampled fractions are biased and"
                        + " the ± errors understated — the machine is overloaded)%n", 100.0 * totalSamples / intended));
            }
            sb.append(String.format("  held: %.3f %s (1m %.3f, 5m %.3f, 15m %.3f)%n", held,
                    exact ? "exact " : String.format("±%.3f", standardError(heldSampled, totalSamples)),
                    ewma(heldEwma, 0), ewma(heldEwma, 1), ewma(heldEwma, 2)));
            sb.append(String.format("  wait: %.3f ±%.3f (1m %.3f, 5m %.3f, 15m %.3f)  [any thread waiting]%n", wait,
                    standardError(wait, totalSamples), ewma(waitEwma, 0), ewma(waitEwma, 1), ewma(waitEwma, 2)));
            sb.append(String.format("  waits: %d, p50 %s, p99 %s, max %s; timed holds: %d, p50 %s, p99 %s, max %s%n",
                    totalWaits.getTotalCount(), pct(totalWaits, 50), pct(totalWaits, 99), max(totalWaits),
                    totalHolds.getTotalCount(), pct(totalHolds, 50), pct(totalHolds, 99), max(totalHolds)));
            // One row per thread name: a program that starts threads per task would otherwise fill the
            // summary with copies of the same row (the report groups the same way).
            Map<String, SummaryRow> rows = new LinkedHashMap<>();
            List<ThreadRecord> all = new ArrayList<>(retired);
            all.addAll(listener.records.values());
            for (ThreadRecord r : all) {
                // As of the last harvest: threads go on acquiring after the recording stopped (daemon
                // threads during shutdown), and the summary must match the files.
                long acq = r.lastAcquisitions - r.firstAcquisitions;
                if (acq == 0 && r.totalSamples == 0) continue;
                rows.computeIfAbsent(r.thread.getName(), SummaryRow::new).add(r, acq, r.lastContendedAcquisitions - r.firstContendedAcquisitions);
            }
            List<SummaryRow> sorted = new ArrayList<>(rows.values());
            sorted.sort((a, b) -> Long.compare(b.heldNanos + b.heldSamples, a.heldNanos + a.heldSamples));
            sb.append(String.format("  %-24s %6s %6s %12s %10s %10s %10s %10s%n",
                    "thread", "held", "wait", "acquisitions", "contended", "wait p50", "wait p99", "wait max"));
            int shown = 0;
            int hidden = 0;
            for (SummaryRow row : sorted) {
                if (shown == MAX_SUMMARY_THREADS) { // busiest first; the report and the .jfr have them all
                    hidden += row.threads;
                    continue;
                }
                shown++;
                // Both of the recording's elapsed time: a short-lived thread holds a small share of it.
                double th = exact ? row.heldNanos / elapsed : ratio(row.heldSamples, totalSamples);
                double tw = row.waitNanos / elapsed;
                String name = row.threads == 1 ? truncate(row.name, 24) : truncate(row.name, 24 - 6) + " ×" + row.threads;
                sb.append(String.format("  %-24s %6.3f %6.3f %12d %10d %10s %10s %10s%n", name,
                        th, tw, row.acquisitions, row.contended, pct(row.waits, 50), pct(row.waits, 99), max(row.waits)));
            }
            if (hidden > 0) sb.append(String.format("  (+%d more threads, each holding less; all are in the report)%n", hidden));
            if (rows.size() < all.size() && sorted.stream().anyMatch(row -> row.threads > 1)) {
                sb.append(String.format("  (×N: N threads of that name, summed)%n"));
            }
            sb.append("  files:");
            if (opts.jfrFile != null && recording != null) sb.append(" jfr=").append(opts.jfrFile.toAbsolutePath());
            if (opts.hlogFile != null) sb.append(" hlog=").append(opts.hlogFile.toAbsolutePath());
            if (reportWritten) sb.append(" report=").append(opts.reportFile.toAbsolutePath());
            if ((opts.jfrFile == null || recording == null) && opts.hlogFile == null) sb.append(" (none)");
            sb.append(System.lineSeparator());
        }
        out.print(sb);
        out.flush();
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static String pct(Histogram h, double p) {
        return h.getTotalCount() == 0 ? "-" : Durations.format(h.getValueAtPercentile(p));
    }

    private static String max(Histogram h) {
        return h.getTotalCount() == 0 ? "-" : Durations.format(h.getMaxValue());
    }
}
