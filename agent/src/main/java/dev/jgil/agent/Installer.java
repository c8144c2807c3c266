package dev.jgil.agent;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.agent.weaving.Designation;
import dev.jgil.agent.weaving.Weaver;
import dev.jgil.runtime.Gil;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;

import dev.jgil.recording.GilRecording;
import dev.jgil.schema.Durations;

import java.lang.instrument.Instrumentation;

/**
 * Configures the GIL from the options and installs the weaving. Loaded only after {@link BootRuntime}
 * has defined the runtime in the bootstrap class loader, so {@code Gil} here is the bootstrap copy.
 */
final class Installer {
    static final String PROPERTY = "jgil.installed";
    /** Threads caught inside designated code when it was woven by an attach (see Weaver.caughtThreads). */
    static final String CAUGHT_PROPERTY = GilRecording.CAUGHT_PROPERTY;

    private Installer() {
    }

    /**
     * Starts the JFR recording, .hlog and exit summary/report. A recording problem (unwritable file, bad
     * .jfc) is reported in one line and costs the recording only: the GIL stays in force.
     */
    private static boolean startRecording(AgentOptions options, GilLock lock) {
        try {
            if (!GilRecording.hasOutputs(options)) {
                // Nothing to write: jgil's events go to a recording the user starts (JMC, jcmd), if ever. Listening for
                // one loads part of JFR (~20 ms on 2 cores): on a thread of its own, off the host's start-up.
                Thread t = new Thread(new Runnable() { // not a lambda: the first lambda bootstraps invokedynamic (ms)
                    @Override
                    public void run() {
                        GilRecording.startWhenFlightRecorderStarts(lock, options);
                    }
                }, "jgil-jfr-listener");
                t.setDaemon(true);
                t.start();
                return true;
            }
            GilRecording.start(lock, options);
            return true;
        } catch (Throwable t) {
            dev.jgil.recording.JfrSetup.cancelEarly(); // if it failed before it took the one made early
            System.err.println("jgil: recording not started (" + t.getMessage() + "); the GIL is in force without it");
            return false;
        }
    }

    static void install(AgentOptions options, Instrumentation inst, boolean attached) {
        boolean verbose = options.verbose;
        synchronized (Installer.class) {
            if (System.getProperty(PROPERTY) != null) {
                // A second transformer would bracket every method twice; options cannot change the woven code.
                System.err.println("jgil: already installed (" + System.getProperty(PROPERTY)
                        + "); ignoring the new options " + options.describe());
                return;
            }
            System.setProperty(PROPERTY, options.describe());
        }
        long start = System.nanoTime();
        GilLock.primeJit(); // before any designated code is compiled: see its comment
        GilLock lock = Gil.lock();
        StartupTrace.mark("Gil/GilLock loaded and initialised");
        lock.setIntervalNanos(options.intervalNanos);
        lock.setCheckInterval(options.checkInterval);
        lock.setPolicy(GilPolicy.byName(options.policy));
        try {
            GilBodies bodies = GilBodies.create(inst, System.err);
            if (bodies != null) lock.setFastOffSwap(bodies); // policy=off from here on runs FastOff's hot path
        } catch (Throwable t) {
            System.err.println("jgil: the hot path for policy=off is not installed (" + t + "); policy=off runs the general one (slower)");
        }
        StartupTrace.mark("hot-path swap installed");

        boolean groups = GroupLocks.install(options, inst, System.err);
        StartupTrace.mark("GIL groups made");
        Weaver weaver = new Weaver(Designation.from(options, groups), options.checkpoints, verbose,
                System.err);
        StartupTrace.mark("Weaver constructed (Advice.to)");
        dev.jgil.agent.weaving.BlockingReleases releases = new dev.jgil.agent.weaving.BlockingReleases(verbose, System.err);
        // Only a thread that holds the GIL needs the releases, and only designated code takes it: they
        // are woven just before the first designated class is (never, if none loads).
        weaver.beforeFirstWeave(() -> releases.install(inst));
        StartupTrace.mark("BlockingReleases installed");
        dev.jgil.agent.weaving.PatternCoverage coverage = dev.jgil.agent.weaving.PatternCoverage.install(options, inst);
        weaver.install(inst);
        StartupTrace.mark("Weaver installed");
        if (!weaver.caughtThreads().isEmpty()) {
            // For the attach command, which prints it in the terminal that attached (not here: the
            // target's stderr is the application's).
            System.setProperty(CAUGHT_PROPERTY, String.join("; ", weaver.caughtThreads()));
        }
        if (attached && GilRecording.hasOutputs(options)) {
            // Attach: the designated code is serialized from here on; the recording (a second or so of
            // JFR set-up) follows on its own thread, so the attach command returns without waiting.
            java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
            Thread t = new Thread(() -> started.set(startRecording(options, lock)), "jgil-recording-start");
            t.setDaemon(true);
            t.start();
            // An application that exits before that start is done would otherwise lose the summary
            // without a word (and with it the threads caught at attach): wait a little, then say so.
            Thread exit = new Thread(() -> {
                try {
                    t.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (started.get()) return; // the recording's own hook prints the summary
                System.err.println("jgil: the JVM exited before the recording started by the attach had begun: no summary");
                String caught = GilRecording.caughtAtAttach();
                if (caught != null) System.err.print(caught);
            }, "jgil-attach-exit");
            try {
                Runtime.getRuntime().addShutdownHook(exit);
            } catch (IllegalStateException shuttingDown) {
                // already exiting: nothing to wait for
            }
        } else {
            // JFR's set-up runs on its own thread since premain began (JfrSetup.prepareEarly) and outlasts what is left
            // here: the releases the first designated class would wait for are woven meanwhile, off its critical path.
            if (options.jfrFile != null) weaver.runBeforeFirstWeaveNow();
            startRecording(options, lock);
        }
        StartupTrace.mark("recording started");
        coverage.checkLater(System.err);
        if (options.jmx) {
            // After the recording, so the first change over JMX is already recorded. On its own thread:
            // starting the platform MBean server costs about 0.4 s on a small machine, which the
            // application's start-up must not wait for (jgil set waits for the bean instead).
            dev.jgil.agent.management.LazyRegistration.registerWhenNeeded(lock, System.err);
        }
        if (verbose) {
            System.err.printf("jgil: installed%s in %d ms: policy=%s interval=%s checkinterval=%d, options %s, "
                            + "%d classes woven so far%n",
                    attached ? " by attach" : "", (System.nanoTime() - start) / 1_000_000,
                    lock.policy().name(), Durations.format(lock.intervalNanos()), lock.checkInterval(),
                    options.describe(), weaver.wovenClasses());
        }
    }
}
