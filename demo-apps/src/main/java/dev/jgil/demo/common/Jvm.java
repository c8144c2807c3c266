package dev.jgil.demo.common;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * This JVM's jgil agent (if any) and child JVMs: the demos that compare policies or switch intervals
 * run one child per configuration, because those are agent options fixed at start-up.
 */
public final class Jvm {
    private static final String AGENT_PREFIX = "-javaagent:";

    private Jvm() {
    }

    /** The {@code -javaagent:...jgil...} argument this JVM started with, or null. */
    public static String agentArgument() {
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith(AGENT_PREFIX) && a.contains("jgil")) return a;
        }
        return null;
    }

    /**
     * Whether the agent was given and its runtime is installed. With a bad option and without
     * {@code strict=true} the agent runs the program without jgil; the demos then say "off" rather than
     * label ungoverned numbers with a policy.
     */
    public static boolean agentOn() {
        if (agentArgument() == null) return false;
        try {
            Class.forName("dev.jgil.runtime.Gil", false, null);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            if (!warned) {
                warned = true;
                System.err.println("warning: -javaagent given but the jgil runtime is not installed (bad agent option?): running without the GIL");
            }
            return false;
        }
    }

    private static volatile boolean warned;

    /** This JVM's agent argument with more options appended (later options override earlier ones). */
    public static String agentWith(String extraOptions) {
        String a = agentArgument();
        if (a == null) return null;
        if (extraOptions == null || extraOptions.isEmpty()) return a;
        return withOptions(a, extraOptions);
    }

    private static String withOptions(String agentArgument, String extraOptions) {
        int jarEnd = agentArgument.indexOf(".jar", AGENT_PREFIX.length());
        boolean hasOptions = jarEnd >= 0 && agentArgument.length() > jarEnd + 4 && agentArgument.charAt(jarEnd + 4) == '=';
        return agentArgument + (hasOptions ? "," : "=") + extraOptions;
    }

    /** The agent options as key=value pairs, the last occurrence winning; empty without agent. */
    public static Map<String, String> agentOptions() {
        Map<String, String> out = new LinkedHashMap<>();
        String a = agentArgument();
        if (a == null) return out;
        int jarEnd = a.indexOf(".jar", AGENT_PREFIX.length());
        if (jarEnd < 0 || a.length() <= jarEnd + 5) return out;
        for (String kv : a.substring(jarEnd + 5).split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return out;
    }

    /** "off" without the agent, else the policy in effect (default switch). */
    public static String gilLabel() {
        if (!agentOn()) return "off";
        return agentOptions().getOrDefault("policy", "switch");
    }

    public static String intervalLabel() {
        if (!agentOn()) return "-";
        return agentOptions().getOrDefault("interval", "5ms");
    }

    /** One line of context for the top of a demo's output. */
    public static String banner() {
        return "cores=" + Runtime.getRuntime().availableProcessors() + ", java " + System.getProperty("java.version")
                + ", GIL agent " + (agentOn() ? "on (" + String.join(",", describe()) + ")" : "off");
    }

    private static List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : agentOptions().entrySet()) out.add(e.getKey() + "=" + e.getValue());
        return out;
    }

    /**
     * A child JVM command: same java, same class path; agent argument as given (null: none).
     *
     * <p>The children do the demo's work, so the report the user opens must hold their runs: each
     * child records into a file of its own in a temporary directory (no HTML, hlog or summary of its
     * own), and the file is named in the {@value #MERGE_PROPERTY} system property, which the parent's
     * agent reads at exit to merge every child into its one report (one JVM per configuration). A
     * parent started with {@code record=off} has no report to merge into: its children do not record.
     */
    public static List<String> command(String agentArgument, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        if (agentArgument != null) cmd.add(withOptions(agentArgument, childRecording()));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        Collections.addAll(cmd, args);
        return cmd;
    }

    /** The agent's exit report adds the JFR files this property lists (path-separator separated). */
    public static final String MERGE_PROPERTY = "jgil.merge";

    private static Path childDir;
    private static int children;

    /** Agent options for the next child: its own recording, merged into this JVM's report at exit. */
    private static synchronized String childRecording() {
        if ("off".equals(agentOptions().get("record")) || "off".equals(agentOptions().get("jfr"))) return "record=off";
        try {
            if (childDir == null) childDir = Files.createTempDirectory("jgil-demo-children-");
        } catch (IOException e) {
            System.err.println("warning: no temporary directory for the children's recordings (" + e.getMessage()
                    + "): the report will hold this JVM only");
            return "record=off";
        }
        Path jfr = childDir.resolve("child-" + (++children) + ".jfr");
        String merged = System.getProperty(MERGE_PROPERTY);
        System.setProperty(MERGE_PROPERTY, merged == null || merged.isEmpty() ? jfr.toString() : merged + File.pathSeparator + jfr);
        return "jfr=" + jfr + ",report=off,hlog=off,summary=off";
    }

    /**
     * Runs a child to completion and returns its stdout lines. Its stderr is forwarded (minus the
     * JVM's class-data-sharing warning that every agent with a bootstrap jar causes). A non-zero exit
     * is an {@link IllegalStateException}.
     */
    public static List<String> run(List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).start();
        Thread err = forwardStderr(p);
        List<String> out = finish(p, cmd, timeoutSeconds);
        err.join(1000);
        if (p.exitValue() != 0) throw new IllegalStateException("child JVM exited with " + p.exitValue() + ": " + cmd);
        return out;
    }

    /** A child that ran to completion, successfully or not. */
    public static final class Finished {
        public final int exit;
        public final List<String> out;
        public final List<String> err;

        Finished(int exit, List<String> out, List<String> err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }

        /** Forwards the stderr lines kept back (minus the class-data-sharing warning). */
        public void forwardErr() {
            for (String line : err) if (!isCdsWarning(line)) System.err.println(line);
        }
    }

    /**
     * Runs a child to completion and keeps its stderr instead of forwarding it, so that the caller can
     * tell a failure it expects (say, an agent that rejects an option) from one it does not.
     */
    public static Finished runKeepingStderr(List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).start();
        List<String> err = Collections.synchronizedList(new ArrayList<>());
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) err.add(line);
            } catch (IOException ignored) {
                // child gone
            }
        }, "child-stderr");
        t.setDaemon(true);
        t.start();
        List<String> out = finish(p, cmd, timeoutSeconds);
        t.join(1000);
        return new Finished(p.exitValue(), out, new ArrayList<>(err));
    }

    private static List<String> finish(Process p, List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        p.getOutputStream().close();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) out.add(line);
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("child JVM timed out after " + timeoutSeconds + " s: " + cmd);
        }
        return out;
    }

    /**
     * Takes a child's recording off the list the exit report merges: for a child that stopped before
     * it recorded anything (its file would only earn a "does not exist" line in the report).
     */
    public static synchronized void unlistRecording(List<String> cmd) {
        String merged = System.getProperty(MERGE_PROPERTY);
        if (merged == null) return;
        for (String arg : cmd) {
            if (!arg.startsWith(AGENT_PREFIX)) continue;
            for (String kv : arg.split(",")) {
                if (!kv.startsWith("jfr=")) continue;
                List<String> kept = new ArrayList<>();
                for (String f : merged.split(File.pathSeparator)) if (!f.equals(kv.substring(4))) kept.add(f);
                System.setProperty(MERGE_PROPERTY, String.join(File.pathSeparator, kept));
            }
        }
    }

    private static boolean isCdsWarning(String line) {
        return line.contains("Sharing is only supported for boot loader classes");
    }

    public static Thread forwardStderr(Process p) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (!isCdsWarning(line)) System.err.println(line);
                }
            } catch (IOException ignored) {
                // child gone
            }
        }, "child-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The key=value pairs of the RESULT lines in a child's output. */
    public static List<Map<String, String>> results(List<String> lines) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String l : lines) if (l.startsWith("RESULT ")) out.add(Result.parse(l));
        return out;
    }
}
