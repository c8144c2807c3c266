package dev.jgil.cli;

import dev.jgil.schema.Schema;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnectionNotification;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import jdk.jfr.consumer.EventStream;
import jdk.management.jfr.FlightRecorderMXBean;
import jdk.management.jfr.RecordingInfo;
import jdk.management.jfr.RemoteRecordingStream;

/**
 * Where {@code jgil top}'s events come from — a local JVM's own JFR repository, read-only, or a JVM over
 * JMX — how to notice the target is gone, and what to undo at the end. Nothing in the target depends on
 * this process: it can be killed at any time.
 */
final class LiveSource {
    final EventStream stream;
    final String label;
    final Consumer<Consumer<String>> watchEnd;
    final Runnable cleanUp;
    /** Each GIL's settings when top started (from the MBeans), by group; later changes arrive as events. */
    Map<String, Settings> settings = Map.of();

    private LiveSource(EventStream stream, String label, Consumer<Consumer<String>> watchEnd, Runnable cleanUp) {
        this.stream = stream;
        this.label = label;
        this.watchEnd = watchEnd;
        this.cleanUp = cleanUp;
    }

    /** A GIL's policy and switch interval as the agent's MBean has them; "?" and -1 when it has none. */
    record Settings(String policy, long switchIntervalNanos) {
        /** Every GIL's ({@code dev.jgil:type=Gil,*}: the default GIL and each group's), by group; empty without MBeans. */
        static Map<String, Settings> of(MBeanServerConnection c) {
            Map<String, Settings> out = new java.util.TreeMap<>();
            try {
                for (javax.management.ObjectName name : c.queryNames(new javax.management.ObjectName(Target.MBEAN + ",*"), null)) {
                    String group = name.getKeyProperty("group");
                    out.put(group == null ? dev.jgil.schema.Names.DEFAULT_GROUP : group, new Settings(String.valueOf(c.getAttribute(name, "Policy")),
                            ((Number) c.getAttribute(name, "IntervalNanos")).longValue()));
                }
            } catch (IOException | javax.management.JMException | RuntimeException e) {
                // started with jmx=false, or an agent without these attributes: the header says "?"
            }
            return out;
        }
    }

    private LiveSource with(Map<String, Settings> settings) {
        this.settings = settings;
        return this;
    }

    /** A local JVM: its own repository files, read-only. */
    static LiveSource local(long pid, String attachOptions, Path agentJar, PrintWriter err) throws IOException {
        Path repository;
        Map<String, Settings> settings;
        StartedRecording started = null;
        if (attachOptions != null) {
            // An agent cannot be loaded twice with other options: say so rather than silently ignore them.
            if (Target.hasAgent(pid)) err.println("jgil top: process " + pid + " already runs jgil; --attach " + attachOptions + " ignored");
            else err.println(AgentJar.attach(pid, attachOptions, agentJar, "jgil top: --attach"));
        }
        try (Target t = Target.attach(pid)) {
            String repo = t.properties().getProperty("jdk.jfr.repository");
            boolean running;
            try (JMXConnector c = t.connect()) {
                running = anyRecordingRunning(c);
                settings = Settings.of(c.getMBeanServerConnection());
            }
            if (repo == null || !running) {
                started = StartedRecording.start(t);
                repo = t.properties().getProperty("jdk.jfr.repository");
            }
            if (repo == null || !Files.isDirectory(Path.of(repo))) {
                if (started != null) started.close();
                throw new Target.Failure(ReportCommand.EXIT_BAD_INPUT, "jgil top: process " + pid + " has no readable JFR repository (" + repo + ")");
            }
            repository = Path.of(repo);
        }
        StartedRecording ours = started;
        return new LiveSource(EventStream.openRepository(repository), "process " + pid,
                end -> ProcessHandle.of(pid).ifPresent(p -> p.onExit().thenRun(() -> end.accept("jgil top: process " + pid + " exited"))),
                () -> {
                    if (ours != null) ours.close();
                }).with(settings);
    }

    /**
     * A JVM over JMX ({@code host:port} of {@code -Dcom.sun.management.jmxremote.port}, or a full
     * service URL): the events travel over the connection from a recording the stream creates in the
     * target and closes again.
     */
    static LiveSource remote(String address) {
        String url = address.startsWith("service:jmx:") ? address : "service:jmx:rmi:///jndi/rmi://" + address + "/jmxrmi";
        JMXConnector connector;
        try {
            connector = JMXConnectorFactory.connect(new JMXServiceURL(url));
        } catch (IOException | RuntimeException e) {
            throw new Target.Failure(ReportCommand.EXIT_BAD_INPUT, "jgil top: cannot connect to " + address + ": " + Target.oneLine(e));
        }
        try {
            MBeanServerConnection c = connector.getMBeanServerConnection();
            if (!Target.hasGilBean(c)) {
                throw new Target.Failure(ReportCommand.EXIT_BAD_INPUT, "jgil top: the JVM at " + address + " has no jgil agent (no MBean " + Target.MBEAN + ")");
            }
            RemoteRecordingStream rs = new RemoteRecordingStream(c);
            rs.enable(Schema.STATISTICS);
            rs.enable(Schema.THREAD_STATISTICS);
            rs.enable(Schema.CONFIGURATION_CHANGE);
            // The default preset's threshold and stack traces: the sites are those of waits ≥ 1 ms.
            rs.enable(Schema.CONTENDED_ACQUIRE).withThreshold(Duration.ofMillis(1)).withStackTrace();
            // A service URL is a long opaque stub: name it by kind, not by the whole text.
            String label = address.startsWith("service:jmx:") ? "the JVM over JMX" : "the JVM at " + address;
            java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
            return new LiveSource(rs, label, end -> connector.addConnectionNotificationListener((n, hb) -> {
                boolean lost = n.getType().equals(JMXConnectionNotification.FAILED)
                        || (n.getType().equals(JMXConnectionNotification.CLOSED) && !closing.get());
                if (lost) end.accept("jgil top: lost the connection to " + label + " (it exited, or the network failed)");
            }, null, null), () -> {
                closing.set(true); // our own close is not a lost connection
                try {
                    connector.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }).with(Settings.of(c));
        } catch (IOException | RuntimeException e) {
            try {
                connector.close();
            } catch (IOException ignored) {
                // already gone
            }
            if (e instanceof Target.Failure) throw (Target.Failure) e;
            throw new Target.Failure(ReportCommand.EXIT_BAD_INPUT, "jgil top: cannot stream from " + address + ": " + Target.oneLine(e));
        }
    }

    private static boolean anyRecordingRunning(JMXConnector c) {
        try {
            for (RecordingInfo r : flightRecorder(c).getRecordings()) {
                if (r.getState().equals("RUNNING")) return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static FlightRecorderMXBean flightRecorder(JMXConnector c) throws IOException {
        return ManagementFactory.newPlatformMXBeanProxy(c.getMBeanServerConnection(), FlightRecorderMXBean.MXBEAN_NAME,
                FlightRecorderMXBean.class);
    }

    /** A recording of jgil's statistics started by top in a target that records nothing; closed by {@link #close()}. */
    private static final class StartedRecording {
        private final long pid;
        private final long id;
        private final JMXConnector connector;
        private boolean closed;

        private StartedRecording(Target target, JMXConnector connector, long id) {
            this.pid = target.pid;
            this.connector = connector;
            this.id = id;
        }

        static StartedRecording start(Target t) {
            JMXConnector c = t.connect();
            try {
                FlightRecorderMXBean fr = flightRecorder(c);
                long id = fr.newRecording();
                fr.setRecordingOptions(id, Map.of("name", "jgil-top", "disk", "true", "maxAge", "2m"));
                fr.setRecordingSettings(id, Map.of(Schema.STATISTICS + "#enabled", "true",
                        Schema.THREAD_STATISTICS + "#enabled", "true", Schema.CONFIGURATION_CHANGE + "#enabled", "true",
                        Schema.CONTENDED_ACQUIRE + "#enabled", "true", Schema.CONTENDED_ACQUIRE + "#threshold", "1 ms",
                        Schema.CONTENDED_ACQUIRE + "#stackTrace", "true"));
                fr.startRecording(id);
                return new StartedRecording(t, c, id);
            } catch (IOException | RuntimeException e) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing a broken connection
                }
                throw new Target.Failure(ReportCommand.EXIT_BAD_INPUT, "jgil top: cannot start a recording in process "
                        + t.pid + ": " + Target.oneLine(e));
            }
        }

        synchronized void close() {
            if (closed) return;
            closed = true;
            try {
                flightRecorder(connector).closeRecording(id);
            } catch (IOException | RuntimeException e) {
                // the target has exited (its recordings with it) or the connection broke: nothing to undo
            }
            try {
                connector.close();
            } catch (IOException ignored) {
                // same
            }
        }
    }
}
