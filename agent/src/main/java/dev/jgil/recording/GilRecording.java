package dev.jgil.recording;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.runtime.GilLock;
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
 * <h2>Groups</h2>
 * Started on the process-wide GIL (the agent's), it records every GIL of the JVM: the default one and one per
 * {@code group.NAME=} option ({@code Gil.groups()}, read at start), each through its own {@link LockRecording}
 * (listener, sampler counters, harvest, configuration), each event carrying its group. Everything else stays one:
 * one JFR recording, one sampling thread, one stats thread, one harvest step that closes every group's interval
 * (each lock's at the instant its own counters are read: see {@link Harvests#run}). Without groups there is one lock
 * and the output is what it was before groups existed.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li>the locks' callers (and their watchdogs) run their lock's {@link RecordingListener} on slow paths only;</li>
 *   <li>{@code jgil-sampler} samples every lock's owner/waiters every sample period ({@link Sampler.Loop});</li>
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

    /** One per lock recorded, in the locks' order: the default GIL first. */
    private final LockRecording[] parts;
    private final boolean grouped;
    private final AgentOptions opts;
    private final Sampler.Loop sampling;
    private final Harvests harvests;
    private final long startNanos;
    private final long startEpochMillis;

    private Recording recording;
    private Thread statsThread;
    private Thread shutdownHook;
    private volatile boolean reportWritten;
    private volatile boolean begun;
    /**
     * The running recording, for {@link #configurationChanged}: a change made at run time (MBean) must
     * re-commit {@code jgil.Configuration} so that a reader of any later part of the file — a chunk, a
     * {@code jgil top} attached afterwards — sees the configuration in force, not the one at start.
     */
    private static volatile GilRecording active;
    private final Runnable chunkEndHook = () -> harvest();
    private final Runnable configurationHook = this::commitConfigurations;
    private final Runnable designationHook;
    private boolean hooksRegistered;

    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile boolean sweepRequested;
    private volatile boolean stopped;

    private GilRecording(GilLock[] locks, AgentOptions opts) {
        this.opts = opts;
        this.grouped = LockRecording.grouped(locks);
        String v = opts.version;
        if (v == null) v = GilRecording.class.getPackage().getImplementationVersion();
        this.startNanos = System.nanoTime();
        this.startEpochMillis = System.currentTimeMillis();
        this.parts = new LockRecording[locks.length];
        Object harvestMonitor = new Object(); // one for every part: a harvest of all groups is one step (Harvests)
        Sampler[] samplers = new Sampler[locks.length];
        for (int i = 0; i < locks.length; i++) {
            parts[i] = new LockRecording(locks[i], opts, v == null ? "dev" : v, startNanos, startEpochMillis,
                    harvestMonitor, grouped);
            samplers[i] = parts[i].sampler;
        }
        this.sampling = new Sampler.Loop(samplers, opts.samplePeriodNanos);
        this.harvests = new Harvests(parts, harvestMonitor);
        // The patterns are the agent's, not a lock's: once per chunk.
        this.designationHook = parts[0].commits::commitDesignations;
    }

    /**
     * Whether anything is written or printed by this JVM itself: a file, the exit summary or a periodic
     * print. Without any ({@code record=off}) the recording only serves someone who starts a JFR recording
     * later ({@code jgil top}, JMC, {@code jcmd JFR.start}).
     */
    public static boolean hasOutputs(AgentOptions o) {
        return OutputFiles.any(o);
    }

    /**
     * {@code record=off}: starts recording when — and only if — the Flight Recorder is initialised by
     * someone (or right away if it already is). Until then nothing of the recording runs, not even
     * JFR: registering jgil's event classes initialises the whole Flight Recorder, about 0.3 s of CPU
     * on a small machine, which a JVM nobody watches should not pay. The statistics of a recording
     * started this way begin when it starts, like the recording itself.
     */
    public static void startWhenFlightRecorderStarts(GilLock lock, AgentOptions opts) {
        JfrSetup.whenInitialized(() -> {
            try {
                start(lock, opts);
            } catch (Throwable t) {
                opts.summaryStream.println("jgil: recording not started (" + t.getMessage() + "); the GIL is in force without it");
            }
        });
    }

    /**
     * Starts recording {@code lock} — for the process-wide GIL, every GIL of the JVM (see the class comment).
     * Configuration errors (bad .jfc, unwritable file) throw here, at start-up; once running, nothing in the
     * recording throws into the application.
     */
    public static GilRecording start(GilLock lock, AgentOptions opts) throws IOException {
        return start(locksOf(lock), opts);
    }

    /**
     * The locks a recording of {@code lock} covers, and the MBeans steer: for the process-wide GIL (the agent's),
     * every GIL of the JVM — itself and one per group, read now (the agent defines the groups before it starts the
     * recording); any other lock (a test's, a benchmark's) alone.
     */
    public static GilLock[] locksOf(GilLock lock) {
        return lock == dev.jgil.runtime.Gil.lock() ? dev.jgil.runtime.Gil.groups() : new GilLock[] {lock};
    }

    /** Starts recording these locks (one per group, in their order), as one recording: see the class comment. */
    public static GilRecording start(GilLock[] locks, AgentOptions opts) throws IOException {
        if (locks.length == 0) throw new IllegalArgumentException("jgil: no lock to record");
        OutputFiles.settle(opts);
        GilRecording r = new GilRecording(locks.clone(), opts);
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
        // Made at start-up while the agent installed itself (JfrSetup.prepareEarly), or here: the registration
        // overlaps the settings below.
        JfrSetup.Prepared prepared = jfr ? JfrSetup.takeEarly(opts) : null;
        JfrSetup.Prepared registration = jfr && prepared == null ? JfrSetup.registerEventsInBackground() : null;
        harvests.baseline();
        HistogramLogWriter hlog = opts.hlogFile == null ? null : LockRecording.openHlog(opts, startEpochMillis, parts, grouped);
        dev.jgil.agent.StartupTrace.mark("recording: hlog opened");
        if (opts.jfrFile != null && jfr) {
            recording = prepared != null ? prepared.join() : JfrSetup.newRecording(opts);
            dev.jgil.agent.StartupTrace.mark("recording: settings parsed, Recording created");
        }
        if (registration != null) {
            registration.join();
            dev.jgil.agent.StartupTrace.mark("recording: event classes registered (joined)");
        }
        if (recording != null) {
            if (prepared == null) recording.start();
            dev.jgil.agent.StartupTrace.mark("recording: Recording started");
        } else if (opts.jfrFile != null) {
            opts.summaryStream.println("jgil: JFR is not available in this JVM; no .jfr file will be written");
        }

        // Segment tracing reads the thread CPU clock: load java.management now, not inside the program's first segment
        // (under load that took the whole measuring window of a short run).
        boolean anyOff = "off".equals(opts.policy);
        for (LockRecording p : parts) anyOff |= "off".equals(p.lock.policy().name());
        if (opts.traceAccounting && anyOff) RecordingListener.warmCpuClock();
        harvests.open(hlog);
        for (LockRecording p : parts) p.attach(opts.traceAccounting);
        sampling.start();
        dev.jgil.agent.StartupTrace.mark("recording: listener set, sampler started");

        if (jfr) {
            // Direct commit for the chunk already running (ours, or one the user started with
            // -XX:StartFlightRecording); the hook repeats it at the start of every later chunk.
            commitConfigurations();
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
        Runnable sweep = () -> {
            sweepRequested = true;
            LockSupport.unpark(t);
        };
        for (LockRecording p : parts) p.listener.sweepRequest = sweep;
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
            for (LockRecording p : parts) p.detach();
            sampling.stop();
            Thread st = statsThread;
            if (st != null) {
                LockSupport.unpark(st);
                if (st != Thread.currentThread()) st.join(1000);
            }
            boolean shuttingDown = ExitReport.isShuttingDown();
            dev.jgil.agent.StartupTrace.mark("exit: stop begins (since previous mark)");
            // At exit JFR's hook may have stopped the recording already, its chunk end harvesting the last interval
            // into the file: a harvest now would add a sliver to the summary that no file has (seen: 5 ms of 837).
            if (!shuttingDown || recording == null || recording.getState() == jdk.jfr.RecordingState.RUNNING) harvest();
            // After the final harvest, which reads the mode to tell exact from sampled intervals.
            if (opts.traceAccounting) for (LockRecording p : parts) p.restoreAccounting();
            harvests.close();
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
            if (opts.reportFile != null && ExitReport.fitsInHeap(ExitSummary.threads(parts), opts)) {
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
                    harvests.sweep();
                }
                continue; // re-check stop and spurious wake-ups
            }
            next += period;
            if (next < System.nanoTime()) next = System.nanoTime() + period; // fell behind (suspended): don't burst
            harvest();
        }
    }

    /** Closes the current interval of every lock and feeds it to every sink (see {@link Harvests#run}). */
    void harvest() {
        harvests.run();
    }

    private void commitConfigurations() {
        for (LockRecording p : parts) p.commits.commitConfiguration();
    }

    /**
     * Called after a run-time change of {@code lock}'s policy or interval: its configuration in force, committed anew
     * (the other groups' are unchanged).
     */
    static void configurationChanged(GilLock lock) {
        GilRecording r = active;
        if (r == null) return;
        for (LockRecording p : r.parts) if (p.lock == lock) p.commits.commitConfiguration();
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
        ExitSummary.print(out, parts, opts, files.toString(), reportWritten);
    }

    /** See {@link ExitSummary#caughtAtAttach}. */
    public static String caughtAtAttach() {
        return ExitSummary.caughtAtAttach();
    }

    /** Set by the agent at attach: {@code "thread (class.method); ..."}. */
    public static final String CAUGHT_PROPERTY = ExitSummary.CAUGHT_PROPERTY;
}
