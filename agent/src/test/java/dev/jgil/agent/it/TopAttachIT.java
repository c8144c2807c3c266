package dev.jgil.agent.it;

import com.acme.apps.live.LiveApp;
import dev.jgil.agent.it.ForkedJvm.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jgil top <pid> --attach <options>}: a JVM started without jgil gets the agent on the spot, with
 * the same options as {@code -javaagent}, and top watches it at once. A bad option fails in top's
 * terminal and leaves the target untouched.
 */
class TopAttachIT {
    static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);

    @Test
    @Timeout(180)
    void topAttachesTheAgentToAPlainJvmAndWatchesItsGil() throws Exception {
        Path dir = Files.createTempDirectory("jgil-top-attach");
        ForkedJvm app = ForkedJvm.app(LiveApp.class).start(); // no agent
        try {
            String pid = app.awaitLine(l -> l.startsWith("READY "), Duration.ofSeconds(60)).substring("READY ".length());

            // A typo is the agent parser's one line, exit 2, and nothing reaches the target.
            Result bad = ForkedJvm.startCli("top", pid, "--attach", "include=com.acme.apps.cpu.Work,policy=fast",
                    "--agent-jar", ForkedJvm.agentJar().toString(), "--duration", "1s").await(CLI_TIMEOUT);
            assertEquals(2, bad.exitCode, bad::toString);
            assertEquals(1, bad.stderrLines().size(), bad::toString);
            assertTrue(bad.stderr.contains("bad value 'fast' for policy (valid: switch|ticks|fifo|priority|bfs|off)"), bad::toString);
            Result plain = ForkedJvm.startCli("top", pid, "--duration", "1s").await(CLI_TIMEOUT);
            assertEquals(1, plain.exitCode, plain::toString);
            assertTrue(plain.stderr.contains("is a JVM without the jgil agent"), () -> "still no agent after the typo\n" + plain);

            Path jfr = dir.resolve("attached.jfr");
            Result top = ForkedJvm.startCli("top", pid, "--attach",
                    "include=com.acme.apps.cpu.Work,record=off,jfr=" + jfr,
                    "--agent-jar", ForkedJvm.agentJar().toString(), "--json", "--duration", "5s").await(CLI_TIMEOUT);
            assertEquals(0, top.exitCode, top::toString);
            assertTrue(top.stderr.contains("attached to " + pid), top::toString);
            List<String> intervals = top.stdout.lines().filter(l -> l.startsWith("{")).toList();
            assertTrue(intervals.size() >= 2, () -> "intervals of the freshly attached agent\n" + top);
            assertTrue(intervals.stream().anyMatch(l -> l.contains("\"name\":\"live-worker-0\"") && l.contains("\"name\":\"live-worker-1\"")),
                    () -> "the already running workers now use the GIL\n" + top);
            // The agent stays after top: a second top needs no --attach, and a second --attach is not a second agent.
            Result again = ForkedJvm.startCli("top", pid, "--attach", "include=com.acme.Other", "--agent-jar",
                    ForkedJvm.agentJar().toString(), "--json", "--duration", "3s").await(CLI_TIMEOUT);
            assertEquals(0, again.exitCode, again::toString);
            assertTrue(again.stdout.contains("\"name\":\"live-worker-"), again::toString);
            assertEquals(List.of("jgil top: process " + pid + " already runs jgil; --attach include=com.acme.Other ignored"),
                    again.stderrLines(), again::toString);
        } finally {
            app.sendLine("quit");
            Result r = app.await(Duration.ofSeconds(60));
            assertEquals(0, r.exitCode, r::toString);
        }
    }
}
