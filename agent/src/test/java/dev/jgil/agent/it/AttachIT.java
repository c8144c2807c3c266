package dev.jgil.agent.it;

import com.acme.apps.attach.SpinApp;
import com.acme.apps.cpu.CpuApp;
import dev.jgil.agent.it.ForkedJvm.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code java -jar jgil-agent.jar <pid> include=...} designates code in a running JVM. */
class AttachIT {

    @Test
    @Timeout(180)
    void attachingToARunningJvmSerializesItsAlreadyLoadedWork() throws Exception {
        // The app warms up first, so Work is loaded and JIT-compiled before the agent arrives: the
        // agent must retransform it.
        ForkedJvm app = ForkedJvm.app(CpuApp.class).args("threads=2", "ms=300", "wait").start();
        String ready = app.awaitLine(l -> l.startsWith("READY "), Duration.ofSeconds(60));
        assertEquals(Long.toString(app.pid()), ready.substring("READY ".length()));

        Result cli = ForkedJvm.startAgentCli(Long.toString(app.pid()), SerializationIT.DESIGNATE_WORK,
                "record=off")
                .await(Duration.ofSeconds(60));
        assertEquals(0, cli.exitCode, cli::toString);
        assertTrue(cli.stdout.contains("attached to " + app.pid()), cli::toString);

        app.sendLine("go");
        Result r = app.await(Duration.ofSeconds(120));
        assertEquals(0, r.exitCode, r::toString);
        assertFalse(r.flag("heldBeforeAttach"), () -> "no GIL before the attach\n" + r);
        assertTrue(r.flag("agent"), r::toString);
        // The oracle proves it: the retransformed (already loaded, already compiled) code now runs
        // under the GIL and two threads never run it at once. Timing is left to SerializationIT, which
        // has a same-test baseline and retries; a single timing here flaked on a loaded machine.
        assertEquals(1, (int) r.number("maxInside"), () -> "two threads ran designated code at once after attach\n" + r);
        assertEquals(0, (long) r.number("notHeld"), () -> "retransformed code ran without the GIL\n" + r);
        assertTrue(r.number("heldChecks") > 0, r::toString);
    }

    @Test
    @Timeout(180)
    void aThreadCaughtInsideDesignatedCodeAtAttachIsCountedAndNamedInTheTerminalAndTheSummary(@TempDir Path dir)
            throws Exception {
        ForkedJvm app = ForkedJvm.app(SpinApp.class).directory(dir).start();
        app.awaitLine(l -> l.startsWith("READY "), Duration.ofSeconds(60));

        Result cli = ForkedJvm.startAgentCli(Long.toString(app.pid()), "include=com.acme.apps.attach.Spin",
                "report=off", "hlog=off").await(Duration.ofSeconds(60));
        assertEquals(0, cli.exitCode, cli::toString);
        assertTrue(cli.stdout.contains("serialized from their next call: spinner (com.acme.apps.attach.Spin.spin)"),
                cli::toString);

        // The attach returns before the recording has started (its own thread): exit once it has.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (ForkedJvm.recordings(Long.toString(app.pid())).isEmpty() && System.nanoTime() < deadline) Thread.sleep(200);
        app.sendLine("exit");
        Result r = app.await(Duration.ofSeconds(120));
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.stderr.contains("caught at attach: 1 thread was inside designated code when it was woven"), r::toString);
        assertTrue(r.stderr.contains("serialized from their next call: spinner (com.acme.apps.attach.Spin.spin)"),
                r::toString);
    }

    @Test
    @Timeout(60)
    void attachWithABadOptionFailsInTheTerminalAndDoesNotAttach() throws Exception {
        Result cli = ForkedJvm.startAgentCli("1", "include=com.acme.**", "policy=fast").await(Duration.ofSeconds(30));
        assertEquals(2, cli.exitCode, cli::toString);
        assertTrue(cli.stderr.contains("bad value 'fast' for policy (valid: switch|ticks|fifo|priority|bfs|off); not attaching"),
                cli::toString);
    }

    @Test
    @Timeout(60)
    void jgilAttachChecksTheOptionsWithTheAgentsParserBeforeTouchingTheTarget() throws Exception {
        // The CLI's attach runs the agent's own attach command: same wording, exit 2, the target untouched.
        Result cli = ForkedJvm.startCli("attach", "1", "include=com.acme.**,policy=fast", "--agent-jar",
                System.getProperty("jgil.agentJar")).await(Duration.ofSeconds(30));
        assertEquals(2, cli.exitCode, cli::toString);
        assertTrue(cli.stderr.contains("bad value 'fast' for policy (valid: switch|ticks|fifo|priority|bfs|off); not attaching"),
                cli::toString);
    }

    @Test
    @Timeout(60)
    void helpDocumentsEveryOptionWithItsDefault() throws Exception {
        Result help = ForkedJvm.startAgentCli("--help").await(Duration.ofSeconds(30));
        assertEquals(0, help.exitCode, help::toString);
        for (String expected : new String[] {"include=", "exclude=", "annotation=", "release=",
                "policy=<switch|ticks|fifo|priority|bfs|off>  (default: switch)", "interval=", "(default: 5ms)",
                "checkinterval=", "(default: 100)", "strict=", "verbose=", "config=", "checkpoints=",
                "java -jar jgil-agent.jar <pid>"}) {
            assertTrue(help.stdout.contains(expected), () -> "--help lacks '" + expected + "'\n" + help);
        }
    }
}
