package dev.jgil.agent.it;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Launches a real JVM (the one running the tests, {@code java.home}) with the agent, in the spirit of
 * async-profiler's test harness. Every wait has a timeout; on timeout the child's threads are dumped
 * with {@code jcmd <pid> Thread.print} into the failure message and the child is killed.
 */
public final class ForkedJvm {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);

    private final List<String> command = new ArrayList<>();
    private final String description;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long startNanos;

    private ForkedJvm(List<String> command, Path directory) throws IOException {
        this.command.addAll(command);
        this.description = String.join(" ", command);
        this.stdout = Files.createTempFile("jgil-it-", ".out");
        this.stderr = Files.createTempFile("jgil-it-", ".err");
        this.startNanos = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command);
        if (directory != null) pb.directory(directory.toFile());
        this.process = pb
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
    }

    // ------------------------------------------------------------ configuration of the child

    public static Path javaHome() {
        return Paths.get(System.getProperty("java.home"));
    }

    static Path java() {
        return javaHome().resolve("bin").resolve("java");
    }

    public static Path agentJar() {
        Path p = Paths.get(required("jgil.agentJar"));
        if (!Files.isRegularFile(p)) throw new IllegalStateException("no agent jar at " + p + " (run mvn verify)");
        return p;
    }

    public static String testClasses() {
        return required("jgil.testClasses");
    }

    private static String required(String property) {
        String v = System.getProperty(property);
        if (v == null) throw new IllegalStateException("system property " + property + " is not set (failsafe sets it)");
        return v;
    }

    /** A JVM running {@code mainClass} from the test classes; {@code agentArgs == null} means no agent. */
    public static Builder app(Class<?> mainClass) {
        return new Builder(mainClass.getName());
    }

    /** A JVM running a main class by name (e.g. one compiled by the test itself). */
    public static Builder app(String mainClass) {
        return new Builder(mainClass);
    }

    /** {@code java -jar jgil-agent.jar args...}: the attach command line. */
    public static ForkedJvm startAgentCli(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java().toString());
        cmd.add("-jar");
        cmd.add(agentJar().toString());
        cmd.addAll(Arrays.asList(args));
        return new ForkedJvm(cmd, null);
    }

    /** {@code java -jar jgil.jar args...}: the reports module's CLI (report, top, set). */
    /** The local JMX connector of JVM {@code pid} (started if need be, as {@code jcmd ManagementAgent.start_local}). */
    public static String localJmxUrl(String pid) throws Exception {
        com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(pid);
        try {
            return vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
    }

    /** Names of JVM {@code pid}'s JFR recordings, read over JMX the way JMC would. */
    public static List<String> recordings(String pid) throws Exception {
        try (javax.management.remote.JMXConnector c = javax.management.remote.JMXConnectorFactory.connect(
                new javax.management.remote.JMXServiceURL(localJmxUrl(pid)))) {
            jdk.management.jfr.FlightRecorderMXBean fr = java.lang.management.ManagementFactory.newPlatformMXBeanProxy(
                    c.getMBeanServerConnection(), jdk.management.jfr.FlightRecorderMXBean.MXBEAN_NAME,
                    jdk.management.jfr.FlightRecorderMXBean.class);
            List<String> names = new ArrayList<>();
            for (jdk.management.jfr.RecordingInfo r : fr.getRecordings()) names.add(r.getName());
            return names;
        }
    }

    public static ForkedJvm startCli(String... args) throws IOException {
        Path jar = Paths.get(required("jgil.cliJar"));
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("no CLI jar at " + jar + " (run mvn verify)");
        List<String> cmd = new ArrayList<>();
        cmd.add(java().toString());
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(Arrays.asList(args));
        return new ForkedJvm(cmd, null);
    }

    public static final class Builder {
        private final String mainClass;
        private String agentArgs;
        private boolean recording;
        private Path directory;
        private boolean agent;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> appArgs = new ArrayList<>();
        private final List<String> classPath = new ArrayList<>();
        private Path javaHome;

        private Builder(String mainClass) {
            this.mainClass = mainClass;
            classPath.add(testClasses());
        }

        public Builder agent(String args) {
            this.agent = true;
            this.agentArgs = args;
            return this;
        }

        /**
         * Keeps the agent's default recording (JFR file, .hlog, HTML report, exit summary on stderr).
         * Off by default here: most tests assert on the GIL, on an exact stderr, and must not litter the
         * working directory with files.
         */
        public Builder recording(boolean on) {
            this.recording = on;
            return this;
        }

        /** The child's working directory (where the default recording files go). */
        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        /** Runs the child on another JDK (default: the one running the tests). */
        public Builder javaHome(Path home) {
            this.javaHome = home;
            return this;
        }

        public Builder jvmArgs(String... args) {
            jvmArgs.addAll(Arrays.asList(args));
            return this;
        }

        public Builder args(String... args) {
            appArgs.addAll(Arrays.asList(args));
            return this;
        }

        public Builder classPath(String entry) {
            classPath.add(entry);
            return this;
        }

        /** Replaces the test classes at the head of the class path. */
        public Builder classPathOnly(String entry) {
            classPath.clear();
            classPath.add(entry);
            return this;
        }

        public ForkedJvm start() throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(javaHome == null ? java().toString() : javaHome.resolve("bin").resolve("java").toString());
            // The machine is small and shared: keep children lean and predictable.
            cmd.add("-Xshare:auto");
            cmd.add("-XX:TieredStopAtLevel=4");
            if (agent) {
                // Recording options first: the test's own options come later and override them.
                String args = recording ? agentArgs
                        : "record=off" + (agentArgs == null || agentArgs.isEmpty() ? "" : "," + agentArgs);
                cmd.add("-javaagent:" + agentJar() + (args == null || args.isEmpty() ? "" : "=" + args));
            }
            cmd.addAll(jvmArgs);
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, classPath));
            cmd.add(mainClass);
            cmd.addAll(appArgs);
            return new ForkedJvm(cmd, directory);
        }

        public Result run() throws IOException, InterruptedException {
            return start().await(DEFAULT_TIMEOUT);
        }
    }

    // ------------------------------------------------------------ interaction

    public long pid() {
        return process.pid();
    }

    /** Writes a line to the child's stdin. */
    public void sendLine(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Waits until a stdout line satisfies {@code p}; fails with a thread dump on timeout or early exit. */
    public String awaitLine(Predicate<String> p, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                if (p.test(line)) return line;
            }
            if (!process.isAlive()) {
                throw new AssertionError("child exited (" + process.exitValue() + ") before printing the awaited line\n"
                        + transcript());
            }
            Thread.sleep(20);
        }
        throw new AssertionError(timeoutReport(timeout));
    }

    /** Waits for the child to exit; on timeout dumps its threads, kills it and fails. */
    public Result await(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(timeoutReport(timeout));
        }
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        Result r = new Result(description, process.exitValue(), read(stdout), read(stderr), millis, process.pid());
        cleanUp();
        return r;
    }

    private String timeoutReport(Duration timeout) throws IOException, InterruptedException {
        String dump = threadDump(process.pid());
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        String report = "child did not finish within " + timeout + "\n" + transcript() + "\n--- thread dump ---\n" + dump;
        cleanUp();
        return report;
    }

    private void cleanUp() {
        try {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // temp files; not worth failing a test over
        }
    }

    private String transcript() throws IOException {
        return "command: " + description + "\n--- stdout ---\n" + read(stdout) + "--- stderr ---\n" + read(stderr);
    }

    static String threadDump(long pid) {
        for (String tool : new String[] {"jcmd", "jstack"}) {
            Path exe = javaHome().resolve("bin").resolve(tool);
            if (!Files.isExecutable(exe)) continue;
            try {
                List<String> cmd = tool.equals("jcmd")
                        ? Arrays.asList(exe.toString(), Long.toString(pid), "Thread.print")
                        : Arrays.asList(exe.toString(), Long.toString(pid));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                byte[] out = p.getInputStream().readAllBytes();
                p.waitFor(20, TimeUnit.SECONDS);
                return new String(out, StandardCharsets.UTF_8);
            } catch (IOException | InterruptedException e) {
                // try the next tool
            }
        }
        return "(no jcmd/jstack in " + javaHome() + ")";
    }

    private static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }

    /** A finished child. */
    public static final class Result {
        public final String command;
        public final int exitCode;
        public final String stdout;
        public final String stderr;
        public final long millis;
        public final long pid;

        Result(String command, int exitCode, String stdout, String stderr, long millis, long pid) {
            this.pid = pid;
            this.command = command;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
            this.millis = millis;
        }

        /** The value of the last {@code key=value} stdout line with this key; fails if absent. */
        public String value(String key) {
            String found = null;
            for (String line : stdout.split("\\R")) {
                if (line.startsWith(key + "=")) found = line.substring(key.length() + 1);
            }
            if (found == null) throw new AssertionError("no '" + key + "=' line in the output\n" + this);
            return found;
        }

        public double number(String key) {
            return Double.parseDouble(value(key));
        }

        public boolean flag(String key) {
            return Boolean.parseBoolean(value(key));
        }

        /** stderr lines, without the JVM's own warnings about dynamically loaded agents. */
        public List<String> stderrLines() {
            List<String> out = new ArrayList<>();
            for (String l : stderr.split("\\R")) if (!l.isEmpty()) out.add(l);
            return out;
        }

        /** For assertion messages: everything about the run. */
        @Override
        public String toString() {
            return "command: " + command + "\nexit: " + exitCode + " after " + millis + " ms\n--- stdout ---\n" + stdout
                    + "--- stderr ---\n" + stderr;
        }
    }
}
