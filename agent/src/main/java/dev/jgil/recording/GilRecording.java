package dev.jgil.recording;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.schema.Schema;
import dev.jgil.runtime.GilListener;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.ThreadState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The recording layer's entry point: {@link #start(GilLock, AgentOptions)} attaches to a lock and
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

    private final GilLock lock;
    private final AgentOptions opts;
    private final RecordingListener listener = new RecordingListener();
    private final Sampler sampler;
    private final GilListener previousListener;
    private final boolean previousTraceAccounting;
    private final ConfigurationCommits commits;
    private final long startNanos;
    private final long startEpochMillis;

    private Recording recording;
    private Thread statsThread;
    private Thread shutdownHook;
    private volatile boolean reportWritten;
    private volatile boolean begun;
    /**
     * The running recording, for {@link #configurationChanged()}: a change made at run time (MBean) must
     * re-commit {@code jgil.Configuration} so that a reader of any later part of the file — a chunk, a
     * {@code jgil top} attached afterwards — sees the configuration in force, not the one at start.
     */
    private static volatile GilRecording active;
    private final Runnable chunkEndHook = () -> harvest();
    private final Runnable configurationHook;
    private final Runnable designationHook;
    private boolean hooksRegistered;
    private final Harvest harvest;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile boolean sweepRequested;
    private volatile boolean stopped;

    private GilRecording(GilLock lock, AgentOptions opts) {
        this.lock = lock;
        this.opts = opts;
        this.sampler = new Sampler(lock, listener, opts.samplePeriodNanos);
        this.previousListener = lock.listener();
        this.previousTraceAccounting = lock.traceAccounting();
        String v = opts.version;
        if (v == null) v = GilRecording.class.getPackage().getImplementationVersion();
        this.commits = new ConfigurationCommits(lock, opts, listener, v == null ? "dev" : v);
        this.configurationHook = commits::commitConfiguration;
        this.designationHook = commits::commitDesignations;
        this.startNanos = System.nanoTime();
        this.startEpochMillis = System.currentTimeMillis();
        this.harvest = new Harvest(lock, opts, listener, sampler, startNanos, startEpochMillis);
    }

    /**
     * Whether anything is written or printed by this JVM itself: a file, the exit summary or a periodic
     * print. Without any ({@code record=off}) the recording only serves someone who starts a JFR recording
     * later ({@code jgil top}, JMC, {@code jcmd JFR.start}).
     */
    public static boolean hasOutputs(AgentOptions o) {
        return o.jfrFile != null || o.hlogFile != null || o.reportFile != null || o.summary || o.printPeriodNanos > 0;
    }

    /**
     * {@code record=off}: starts recording when — and only if — the Flight Recorder is initialised by
     * someone (or right away if it already is). Until then nothing of the recording runs, not even
     * JFR: registering jgil's event classes initialises the whole Flight Recorder, about 0.3 s of CPU
     * on a small machine, which a JVM nobody watches should not pay. The statistics of a recording
     * started this way begin when it starts, like the recording itself.
     */
    public static void startWhenFlightRecorderStarts(GilLock lock, AgentOptions opts) {
        if (FlightRecorder.isInitialized()) {
            startReporting(lock, opts);
            return;
        }
        AtomicBoolean once = new AtomicBoolean();
        FlightRecorder.addListener(new jdk.jfr.FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                if (!once.compareAndSet(false, true)) return;
                // Called inside the Flight Recorder's initialisation (its lock held): registering our
                // events from here could deadlock with another thread that registers one. Our own thread.
                Thread t = new Thread(() -> startReporting(lock, opts), "jgil-recording-start");
                t.setDaemon(true);
                t.start();
            }
        });
    }

    private static void startReporting(GilLock lock, AgentOptions opts) {
        try {
            start(lock, opts);
        } catch (Throwable t) {
            opts.summaryStream.println("jgil: recording not started (" + t.getMessage() + "); the GIL is in force without it");
        }
    }

    /**
     * Starts recording {@code lock}. Configuration errors (bad .jfc, unwritable file) throw here, at
     * start-up; once running, nothing in the recording throws into the application.
     */
    public static GilRecording start(GilLock lock, AgentOptions opts) throws IOException {
        OutputFiles.settle(opts);
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
        dev.jgil.agent.StartupTrace.mark("recording: GilRecording constructed");
        if (opts.outDir != null && (opts.jfrFile != null || opts.hlogFile != null || opts.reportFile != null)) {
            java.nio.file.Files.createDirectories(opts.outDir); // out=: made here, so a bad one fails at start-up
        }
        boolean jfr = FlightRecorder.isAvailable();
        dev.jgil.agent.StartupTrace.mark("recording: FlightRecorder.isAvailable");
        // Registering the event classes (JFR instruments each one) and reading the settings (XML) are
        // independent: on a machine with two cores they overlap, which takes about a third off the
        // recording's start-up wall time.
        Thread registration = null;
        Throwable[] registrationFailure = new Throwable[1];
        if (jfr) {
            registration = new Thread(() -> {
                try {
                    JfrSetup.registerEvents();
                } catch (Throwable t) {
                    registrationFailure[0] = t;
                }
            }, "jgil-recording-setup");
            registration.setDaemon(true);
            registration.start();
        }
        harvest.baseline();
        HistogramLogWriter hlog = null;
        if (opts.hlogFile != null) {
            hlog = new HistogramLogWriter(opts.hlogFile.toFile());
            hlog.outputComment("jgil GIL wait and hold times, ns; tags: " + Schema.HLOG_TAG_WAIT + ", " + Schema.HLOG_TAG_HOLD);
            hlog.outputLogFormatVersion();
            hlog.outputStartTime(startEpochMillis);
            hlog.setBaseTime(startEpochMillis);
            hlog.outputBaseTime(startEpochMillis);
            hlog.outputLegend();
        }
        dev.jgil.agent.StartupTrace.mark("recording: hlog opened");
        if (opts.jfrFile != null && jfr) {
            recording = JfrSetup.newRecording(opts);
            dev.jgil.agent.StartupTrace.mark("recording: settings parsed, Recording created");
        }
        if (registration != null) {
            try {
                registration.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Throwable t = registrationFailure[0];
            if (t instanceof RuntimeException) throw (RuntimeException) t;
            if (t instanceof Error) throw (Error) t;
            if (t != null) throw new IllegalStateException(t);
            dev.jgil.agent.StartupTrace.mark("recording: event classes registered (joined)");
        }
        if (recording != null) {
            recording.start();
            dev.jgil.agent.StartupTrace.mark("recording: Recording started");
        } else if (opts.jfrFile != null) {
            opts.summaryStream.println("jgil: JFR is not available in this JVM; no .jfr file will be written");
        }

        if (opts.traceAccounting) lock.setTraceAccounting(true);
        // Segment tracing reads the thread CPU clock: load java.management now, not inside the program's first segment
        // (under load that took the whole measuring window of a short run).
        if (opts.traceAccounting && "off".equals(opts.policy)) RecordingListener.warmCpuClock();
        harvest.open(hlog);
        lock.setListener(listener);
        // Threads that first used the lock between the baseline and the listener: all their counts are ours.
        for (ThreadState s : lock.threadStates()) listener.recordFor(s);
        sampler.start();
        dev.jgil.agent.StartupTrace.mark("recording: listener set, sampler started");

        if (jfr) {
            // Direct commit for the chunk already running (ours, or one the user started with
            // -XX:StartFlightRecording); the hook repeats it at the start of every later chunk.
            commits.commitConfiguration();
            active = this;
            FlightRecorder.addPeriodicEvent(StatisticsEvent.class, chunkEndHook);
            FlightRecorder.addPeriodicEvent(ConfigurationEvent.class, configurationHook);
            FlightRecorder.addPeriodicEvent(DesignationEvent.class, designationHook);
            hooksRegistered = true;
        }
        dev.jgil.agent.StartupTrace.mark("recording: configuration committed, periodic hooks");

        Thread t = new Thread(this::statsLoop, "jgil-stats");
        t.setDaemon(true);
        statsThread = t;
        listener.sweepRequest = () -> {
            sweepRequested = true;
            LockSupport.unpark(t);
        };
        t.start();

        if (opts.shutdownHook) {
            shutdownHook = new Thread(this::stopQuietly, "jgil-recording-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        begun = true;
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
            boolean shuttingDown = ExitReport.isShuttingDown();
            dev.jgil.agent.StartupTrace.mark("exit: stop begins (since previous mark)");
            harvest();
            // After the final harvest, which reads the mode to tell exact from sampled intervals.
            if (opts.traceAccounting) lock.setTraceAccounting(previousTraceAccounting);
            harvest.close();
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
                    safely(() -> FlightRecorder.removePeriodicEvent(designationHook));
                }
            }
            dev.jgil.agent.StartupTrace.mark("exit: final harvest, hlog closed");
            if (opts.reportFile != null && ExitReport.fitsInHeap(ExitSummary.threads(harvest, listener), opts)) {
                try {
                    reportWritten = ExitReport.write(recording, opts, shuttingDown);
                } catch (Throwable t) {
                    opts.summaryStream.println("jgil: report not written (" + opts.reportFile + "): " + t);
                }
            }
            dev.jgil.agent.StartupTrace.mark("exit: report written");
            // A recording that failed to start measured nothing: the caller says so in one line instead.
            if (opts.summary && begun) safely(() -> printSummary(opts.summaryStream));
            dev.jgil.agent.StartupTrace.mark("exit: summary printed");
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
                if (sweepRequested) { // threads start faster than the period: drop the ended ones now
                    sweepRequested = false;
                    harvest.sweep();
                }
                continue; // re-check stop and spurious wake-ups
            }
            next += period;
            if (next < System.nanoTime()) next = System.nanoTime() + period; // fell behind (suspended): don't burst
            harvest();
        }
    }

    /** Closes the current interval and feeds it to every sink (see {@link Harvest}). */
    void harvest() {
        harvest.run();
    }

    /** Called after a run-time change of policy or interval: the configuration in force, committed anew. */
    static void configurationChanged() {
        GilRecording r = active;
        if (r != null) r.commits.commitConfiguration();
    }

    // =====================================================================================
    // Summary (gil_load style)
    // =====================================================================================

    /** Prints the summary of everything recorded so far. */
    public void printSummary(PrintStream out) {
        StringBuilder files = new StringBuilder();
        if (opts.jfrFile != null && recording != null) files.append(" jfr=").append(opts.jfrFile.toAbsolutePath());
        if (opts.hlogFile != null) files.append(" hlog=").append(opts.hlogFile.toAbsolutePath());
        if (reportWritten) files.append(" report=").append(opts.reportFile.toAbsolutePath());
        ExitSummary.print(out, harvest, listener, lock, opts, files.toString(), reportWritten);
    }

    /** See {@link ExitSummary#caughtAtAttach}. */
    public static String caughtAtAttach() {
        return ExitSummary.caughtAtAttach();
    }

    /** Set by the agent at attach: {@code "thread (class.method); ..."}. */
    public static final String CAUGHT_PROPERTY = ExitSummary.CAUGHT_PROPERTY;
}
