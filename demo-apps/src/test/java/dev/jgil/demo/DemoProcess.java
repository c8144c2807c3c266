package dev.jgil.demo;

import dev.jgil.demo.common.Result;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs a demo (or a Python twin) as a real child process and keeps its output. */
final class DemoProcess {
    static final Path AGENT_JAR = Path.of(System.getProperty("jgil.agentJar", "../agent/target/jgil-agent.jar")).toAbsolutePath().normalize();
    static final Path CLASSES = Path.of(System.getProperty("jgil.demoClasses", "target/classes")).toAbsolutePath();
    static final Path PYTHON_DIR = Path.of(System.getProperty("jgil.python", "python")).toAbsolutePath();
    static final Path WORK = Path.of(System.getProperty("jgil.workDir", "target/demo-runs")).toAbsolutePath();

    final List<String> command;
    final int exit;
    final String stdout;
    final String stderr;

    private DemoProcess(List<String> command, int exit, String stdout, String stderr) {
        this.command = command;
        this.exit = exit;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** A demo in a child JVM; agentOptions null means without the agent. */
    static DemoProcess java(String agentOptions, String mainClass, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        if (agentOptions != null) {
            assumeTrue(Files.isRegularFile(AGENT_JAR), "agent jar not built: " + AGENT_JAR + " (run mvn verify from the root)");
            cmd.add("-javaagent:" + AGENT_JAR + "=strict=true," + agentOptions);
        }
        cmd.add("-cp");
        cmd.add(CLASSES.toString());
        cmd.add(mainClass);
        Collections.addAll(cmd, args);
        return run(cmd, 120);
    }

    static String python() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "python3");
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    static DemoProcess python(String script, String... args) throws Exception {
        String py = python();
        assumeTrue(py != null, "python3 is not on the PATH");
        List<String> cmd = new ArrayList<>(List.of(py, PYTHON_DIR.resolve(script).toString()));
        Collections.addAll(cmd, args);
        return run(cmd, 120);
    }

    private static DemoProcess run(List<String> cmd, long timeoutSeconds) throws IOException, InterruptedException {
        Files.createDirectories(WORK); // the agent's recordings land in the working directory
        Path out = Files.createTempFile(WORK, "out", ".txt");
        Path err = Files.createTempFile(WORK, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(WORK.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("timed out after " + timeoutSeconds + " s: " + cmd + "\nstdout:\n"
                    + Files.readString(out, StandardCharsets.UTF_8));
        }
        DemoProcess d = new DemoProcess(cmd, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return d;
    }

    List<Map<String, String>> results() {
        List<Map<String, String>> rs = new ArrayList<>();
        for (String line : stdout.split("\n")) if (line.startsWith("RESULT ")) rs.add(Result.parse(line));
        return rs;
    }

    /** The only RESULT line whose entries include all the given key=value filters. */
    Map<String, String> result(String... filters) {
        Map<String, String> found = null;
        for (Map<String, String> r : results()) {
            boolean ok = true;
            for (String f : filters) {
                int eq = f.indexOf('=');
                if (!f.substring(eq + 1).equals(r.get(f.substring(0, eq)))) ok = false;
            }
            if (ok) {
                if (found != null) throw new AssertionError("several RESULT lines match " + List.of(filters) + "\n" + this);
                found = r;
            }
        }
        if (found == null) throw new AssertionError("no RESULT line matches " + List.of(filters) + "\n" + this);
        return found;
    }

    static double num(Map<String, String> r, String key) {
        String v = r.get(key);
        if (v == null) throw new AssertionError("RESULT line without " + key + ": " + r);
        return Double.parseDouble(v);
    }

    DemoProcess assertOk() {
        if (exit != 0) throw new AssertionError("exit status " + exit + "\n" + this);
        if (results().isEmpty()) throw new AssertionError("no RESULT line\n" + this);
        return this;
    }

    @Override
    public String toString() {
        return "command: " + String.join(" ", command) + "\nexit: " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
}
