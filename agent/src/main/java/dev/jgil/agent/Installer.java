package dev.jgil.agent;

import dev.jgil.agent.options.Durations;
import dev.jgil.agent.options.OptionTable;
import dev.jgil.agent.options.Options;
import dev.jgil.agent.weaving.Designation;
import dev.jgil.agent.weaving.Weaver;
import dev.jgil.runtime.Gil;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;

import java.lang.instrument.Instrumentation;

/**
 * Configures the GIL from the options and installs the weaving. Loaded only after {@link RuntimeJar}
 * has put the runtime on the bootstrap class path, so {@code Gil} here is the bootstrap copy.
 */
final class Installer {
    static final String PROPERTY = "jgil.installed";

    private Installer() {
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
        weaver.install(inst);
        if (verbose) {
            System.err.printf("jgil: installed%s in %d ms: policy=%s interval=%s checkinterval=%d, options %s, "
                            + "%d classes woven so far%n",
                    attached ? " by attach" : "", (System.nanoTime() - start) / 1_000_000,
                    lock.policy().name(), Durations.format(lock.intervalNanos()), lock.checkInterval(),
                    options.describe(), weaver.wovenClasses());
        }
    }
}
