package dev.jgil.agent;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.agent.options.OptionsException;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points: {@code -javaagent} ({@link #premain}), dynamic attach ({@link #agentmain})
 * and the attach command line ({@link #main}).
 *
 * <p>This class must not touch {@code dev.jgil.runtime}: the runtime is defined in the bootstrap class loader
 * by {@link BootRuntime} first, and only then does {@link Installer} (which uses it) get loaded. A
 * runtime class loaded earlier would come from the wrong loader, or not at all.
 *
 * <p>Nothing is ever thrown out of here: a javaagent that throws kills the application's start.
 */
public final class JgilAgent {
    static final String DISABLED = "; jgil is disabled, the application runs without it";

    private JgilAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    /** {@code java -jar jgil-agent.jar <pid> [options]} or {@code --help}. */
    public static void main(String[] args) {
        System.exit(AttachCommand.run(args, System.out, System.err));
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            if (StartupTrace.ON) {
                StartupTrace.mark("JVM start -> premain (uptime "
                        + (System.currentTimeMillis() - ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(0L))
                        + " ms)");
            }
            AgentOptions options;
            try {
                options = AgentOptions.parse(args);
            } catch (OptionsException e) {
                fail(e.getMessage(), e.isStrict());
                return;
            }
            StartupTrace.mark("options parsed");
            // The recording's JFR set-up on a thread of its own, overlapping everything below (an attach starts its
            // recording on a thread of its own anyway: Installer).
            if (!attached && System.getProperty(Installer.PROPERTY) == null) dev.jgil.recording.JfrSetup.prepareEarly(options);
            StartupTrace.mark("recording prepared on its own thread");
            String problem = BootRuntime.install(inst);
            StartupTrace.mark("runtime on the boot loader");
            if (problem != null) {
                dev.jgil.recording.JfrSetup.cancelEarly();
                fail(problem, options.strict);
                return;
            }
            Installer.install(options, inst, attached);
            StartupTrace.mark("premain returns");
        } catch (Throwable t) {
            try {
                dev.jgil.recording.JfrSetup.cancelEarly();
                System.err.println("jgil: internal error while starting: " + t + DISABLED);
            } catch (Throwable ignored) {
                // nothing left to do
            }
        }
    }

    private static void fail(String message, boolean strict) {
        if (strict) {
            System.err.println("jgil: " + message + "; strict=true: stopping the JVM with exit status 2");
            System.err.flush();
            Runtime.getRuntime().halt(2); // no shutdown hooks: the application never started
        }
        System.err.println("jgil: " + message + DISABLED);
    }
}
