package dev.jgil.cli;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.util.Properties;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A local JVM running the jgil agent, reached through the JDK attach API. The attach is short-lived:
 * {@link #properties()} and {@link #connect()} are all the commands need, and nothing here changes the
 * target beyond starting its local JMX connector (what {@code jcmd <pid> ManagementAgent.start_local}
 * does).
 */
final class Target implements AutoCloseable {
    /** The system property the agent sets at install (value: its options). */
    static final String INSTALLED_PROPERTY = "jgil.installed";
    static final String MBEAN = dev.jgil.schema.Names.MBEAN;

    final long pid;
    private final VirtualMachine vm;

    private Target(long pid, VirtualMachine vm) {
        this.pid = pid;
        this.vm = vm;
    }

    /** Attaches to {@code pid} and checks that jgil is installed there; one-line {@link Failure} otherwise. */
    static Target attach(long pid) {
        if (pid == ProcessHandle.current().pid()) throw new Failure(ReportCommand.EXIT_BAD_INPUT, "jgil: " + pid + " is this jgil command itself");
        if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
            throw new Failure(ReportCommand.EXIT_BAD_INPUT, "jgil: no such process: " + pid);
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException e) {
            // Not a JVM, another user's JVM, or a JVM started with -XX:+DisableAttachMechanism.
            throw new Failure(ReportCommand.EXIT_BAD_INPUT, "jgil: cannot attach to process " + pid + " (not a JVM of this user, "
                    + "or attach disabled): " + oneLine(e));
        }
        Target t = new Target(pid, vm);
        if (t.properties().getProperty(INSTALLED_PROPERTY) == null) {
            t.close();
            throw new Failure(ReportCommand.EXIT_BAD_INPUT, "jgil: process " + pid + " is a JVM without the jgil agent "
                    + "(start it with -javaagent:jgil-agent.jar=include=..., or attach with java -jar jgil-agent.jar " + pid + " include=...)");
        }
        return t;
    }

    /** Whether {@code pid} is a JVM that runs jgil; false also when it cannot be attached to (attach says why). */
    static boolean hasAgent(long pid) {
        if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) return false;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                return vm.getSystemProperties().getProperty(INSTALLED_PROPERTY) != null;
            } finally {
                vm.detach();
            }
        } catch (AttachNotSupportedException | IOException e) {
            return false;
        }
    }

    /** The target's current system properties (read anew on every call). */
    Properties properties() {
        try {
            return vm.getSystemProperties();
        } catch (IOException e) {
            throw new Failure(ReportCommand.EXIT_BAD_INPUT, "jgil: lost process " + pid + ": " + oneLine(e));
        }
    }

    /** Starts (or finds) the target's local JMX connector and connects to it. */
    JMXConnector connect() {
        try {
            String url = vm.startLocalManagementAgent();
            return JMXConnectorFactory.connect(new JMXServiceURL(url));
        } catch (IOException e) {
            throw new Failure(ReportCommand.EXIT_BAD_INPUT, "jgil: cannot connect to process " + pid + " over JMX: " + oneLine(e));
        }
    }

    /**
     * Whether the agent's MBean is there, waiting up to 10 s for it: the agent registers it on a
     * background thread, so a JVM that has only just started may not have it yet.
     */
    static boolean hasGilBean(MBeanServerConnection c) throws IOException {
        javax.management.ObjectName name;
        try {
            name = new javax.management.ObjectName(MBEAN);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new AssertionError(e);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!c.isRegistered(name)) {
            if (System.nanoTime() - deadline > 0) return false;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        try {
            vm.detach();
        } catch (IOException ignored) {
            // the target went away: nothing left to detach from
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        String s = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        return s.replaceAll("[\\r\\n]+", " ");
    }

    /** A one-line, user-facing failure with its exit code. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }
    }
}
