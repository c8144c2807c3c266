package dev.jgil.agent;

import dev.jgil.agent.options.Durations;
import dev.jgil.agent.options.OptionSpec;
import dev.jgil.agent.options.OptionTable;
import dev.jgil.agent.options.Options;
import dev.jgil.agent.weaving.Designation;
import dev.jgil.agent.weaving.Weaver;
import dev.jgil.runtime.Gil;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;

import dev.jgil.recording.GilRecording;
import dev.jgil.recording.RecordingOptions;

import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.Map;

/**
 * Configures the GIL from the options and installs the weaving. Loaded only after {@link RuntimeJar}
 * has put the runtime on the bootstrap class path, so {@code Gil} here is the bootstrap copy.
 */
final class Installer {
    static final String PROPERTY = "jgil.installed";

    private Installer() {
    }

    /**
     * Starts the JFR recording, .hlog and exit summary/report. A recording problem (unwritable file, bad
     * .jfc) is reported in one line and costs the recording only: the GIL stays in force.
     */
    private static void startRecording(Options options, GilLock lock) {
        try {
            Map<String, String> texts = new HashMap<>();
            for (OptionSpec<String> spec : OptionTable.RECORDING) {
                if (options.isSet(spec)) texts.put(spec.key(), options.get(spec));
            }
            RecordingOptions ro = RecordingOptions.parse(texts);
            ro.include = nullToEmpty(options.text(OptionTable.INCLUDE));
            ro.exclude = nullToEmpty(options.text(OptionTable.EXCLUDE));
            ro.release = nullToEmpty(options.text(OptionTable.RELEASE));
            ro.annotation = nullToEmpty(options.text(OptionTable.ANNOTATION));
            GilRecording.start(lock, ro);
        } catch (Throwable t) {
            System.err.println("jgil: recording not started (" + t.getMessage() + "); the GIL is in force without it");
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static void install(Options options, Instrumentation inst, boolean attached) {
        boolean verbose = options.get(OptionTable.VERBOSE);
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
        GilLock lock = Gil.lock();
        lock.setIntervalNanos(options.get(OptionTable.INTERVAL));
        lock.setCheckInterval(options.get(OptionTable.CHECK_INTERVAL));
        lock.setPolicy(GilPolicy.byName(options.get(OptionTable.POLICY)));

        Weaver weaver = new Weaver(Designation.from(options), options.get(OptionTable.CHECKPOINTS), verbose,
                System.err);
        new dev.jgil.agent.weaving.BlockingReleases(verbose, System.err).install(inst);
        weaver.install(inst);
        startRecording(options, lock);
        if (options.get(OptionTable.JMX)) {
            // After the recording, so the first change over JMX is already recorded. On its own thread:
            // starting the platform MBean server costs about 0.4 s on a small machine, which the
            // application's start-up must not wait for (jgil set waits for the bean instead).
            Thread t = new Thread(() -> dev.jgil.agent.management.GilControl.register(lock, System.err), "jgil-mbean");
            t.setDaemon(true);
            t.start();
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
