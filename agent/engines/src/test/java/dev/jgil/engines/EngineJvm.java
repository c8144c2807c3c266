package dev.jgil.engines;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One forked engine JVM with the built agent jar: a small copy of the agent module's ForkedJvm (that one lives in
 * the agent's test classes, which no other module can see). Every wait has a deadline; past it the child's threads
 * are dumped with {@code jcmd <pid> Thread.print} into the failure message and the child is killed.
 */
final class EngineJvm {
    private EngineJvm() {
    }

    /** The JDK the engines run on: {@code -Djgil.engines.javaHome=...}, else the one running the tests. */
    static Path javaHome() {
        return Paths.get(System.getProperty("jgil.engines.javaHome", System.getProperty("java.home")));
    }

    static Path agentJar() {
        Path p = Paths.get(required("jgil.agentJar"));
        if (!Files.isRegularFile(p)) throw new IllegalStateException("no agent jar at " + p + " (run mvn verify)");
        return p;
    }

    static String required(String property) {
        String v = System.getProperty(property);
        if (v == null) throw new IllegalStateException("system property " + property + " is not set (failsafe sets it)");
        return v;
    }

    /** The drivers (test classes) and the engine jars, never JUnit, the agent's classes or the reports. */
    static String classPath() {
        return required("jgil.testClasses") + File.pathSeparator + Paths.get(required("jgil.engineLibs")).resolve("*");
    }

    /** A finished child. */
    record Result(String command, int exitCode, String stdout, String stderr, long millis) {
        /** {@code key=value} from the child's RESULT line, or null. */
        String result(String key) {
            for (String line : stdout.split("\\R")) {
                if (!line.startsWith("RESULT ")) continue;
                for (String kv : line.split(" ")) if (kv.startsWith(key + "=")) return kv.substring(key.length() + 1);
            }
            return null;
        }

        @Override
        public String toString() {
            return "command: " + command + "\nexit: " + exitCode + " after " + millis + " ms\n--- stdout ---\n" + stdout
                    + "--- stderr ---\n" + stderr;
        }
    }

    static Result run(String mainClass, String agentArgs, List<String> args, Path dir, Duration timeout)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome().resolve("bin").resolve("java").toString());
        cmd.add("-Xshare:auto");
        cmd.add("-Xmx512m");
        // The child prints the GIL's state and its threads 10 s before this deadline (see Driver).
        cmd.add("-Dengine.deadline=" + Math.max(5, timeout.toSeconds() - 10));
        if (agentArgs != null) cmd.add("-javaagent:" + agentJar() + "=" + agentArgs);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(mainClass);
        cmd.addAll(args);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        String description = String.join(" ", cmd);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            String dump = threadDump(p.pid());
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("engine did not finish within " + timeout + " (" + javaHome() + ")\ncommand: " + description
                    + "\n--- stdout ---\n" + read(out) + "--- stderr ---\n" + read(err) + "\n--- jcmd Thread.print ---\n" + dump);
        }
        return new Result(description, p.exitValue(), read(out), read(err), (System.nanoTime() - t0) / 1_000_000);
    }

    static String threadDump(long pid) {
        for (String tool : new String[] {"jcmd", "jstack"}) {
            Path exe = javaHome().resolve("bin").resolve(tool);
            if (!Files.isExecutable(exe)) continue;
            try {
                List<String> cmd = tool.equals("jcmd") ? Arrays.asList(exe.toString(), Long.toString(pid), "Thread.print")
                        : Arrays.asList(exe.toString(), Long.toString(pid));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                byte[] bytes = p.getInputStream().readAllBytes();
                p.waitFor(20, TimeUnit.SECONDS);
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException | InterruptedException e) {
                // try the next tool
            }
        }
        return "(no jcmd/jstack in " + javaHome() + ")";
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }
}
