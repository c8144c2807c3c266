package dev.jgil.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the agent into a running JVM with the agent's own attach command ({@code java -jar
 * jgil-agent.jar <pid> <options>}), so the options are checked by the agent's parser and a typo fails
 * here, in one line, before anything reaches the target. Used by {@code jgil attach} and
 * {@code jgil top --attach}.
 */
final class AgentJar {
    private AgentJar() {
    }

    /**
     * Attaches; returns what the agent's attach command printed.
     *
     * @throws Target.Failure with the exit code: {@link ReportCommand#EXIT_USAGE} for a bad option or no
     *                        agent jar, {@link ReportCommand#EXIT_BAD_INPUT} when the attach failed
     */
    static String attach(long pid, String options, Path agentJar, String who) {
        Path jar = agentJar != null ? agentJar : defaultJar();
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new Target.Failure(ReportCommand.EXIT_USAGE, who + " needs the agent jar: "
                    + (jar == null ? "not found" : jar + " does not exist") + " (give --agent-jar <jgil-agent.jar>)");
        }
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        try {
            Process p = new ProcessBuilder(javaCommand, "-jar", jar.toString(), Long.toString(pid), options)
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int code = p.waitFor();
            if (code != 0) {
                String line = output.replaceAll("[\\r\\n]+", " ");
                // The agent's own lines already say "jgil: ..." and what went wrong.
                throw new Target.Failure(code == 2 ? ReportCommand.EXIT_USAGE : ReportCommand.EXIT_BAD_INPUT,
                        line.startsWith("jgil") ? line : who + " failed: " + line);
            }
            return output;
        } catch (IOException e) {
            throw new Target.Failure(ReportCommand.EXIT_BAD_INPUT, who + " failed: " + Target.oneLine(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Target.Failure(ReportCommand.EXIT_BAD_INPUT, who + " interrupted");
        }
    }

    /** {@code -Djgil.agent.jar}, else the agent module's build output beside this jar's ({@code reports/cli/target}). */
    static Path defaultJar() {
        String p = System.getProperty("jgil.agent.jar");
        if (p != null) return Path.of(p);
        try {
            Path self = Path.of(AgentJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path candidate = self.getParent().resolve("../../../agent/target/jgil-agent.jar").normalize();
            return Files.isRegularFile(candidate) ? candidate : null;
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
