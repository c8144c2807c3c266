package dev.jgil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.cli.ReportCommandTest.Run;
import org.junit.jupiter.api.Test;

/**
 * {@code top} and {@code set} input checks that need no target: they fail before attaching. (Against
 * real JVMs: the agent module's LiveIT.)
 */
class LiveCommandsTest {
    @Test
    void setRejectsAnUnknownSettingBeforeTouchingTheTarget() {
        // pid 1 is never a JVM of ours: the setting must be rejected before any attach is tried.
        Run r = ReportCommandTest.run("set", "1", "speed=3");
        assertEquals(ReportCommand.EXIT_USAGE, r.exit(), r.err());
        assertEquals("jgil set: bad setting 'speed=3' (valid: policy=switch|ticks|fifo|priority|bfs|off, interval=<duration>, "
                + "group.NAME.policy=..., group.NAME.interval=...)", r.err().trim());
    }

    @Test
    void setNeedsAtLeastOneSetting() {
        Run r = ReportCommandTest.run("set", "1");
        assertEquals(ReportCommand.EXIT_USAGE, r.exit(), r.err());
    }

    @Test
    void topRejectsABadDuration() {
        Run r = ReportCommandTest.run("top", "1", "--duration", "10");
        assertEquals(ReportCommand.EXIT_USAGE, r.exit(), r.err());
        assertTrue(r.err().startsWith("jgil top: bad --duration '10'"), r.err());
    }

    @Test
    void durationsAreTheAgentOptionsSyntax() {
        assertEquals(500_000_000L, TopCommand.parseDuration("500ms"));
        assertEquals(10_000_000_000L, TopCommand.parseDuration("10s"));
        assertEquals(120_000_000_000L, TopCommand.parseDuration("2m"));
        assertEquals(3_600_000_000_000L, TopCommand.parseDuration("1h"));
        assertEquals(-1, TopCommand.parseDuration("10"), "a bare number is ambiguous");
        assertEquals(-1, TopCommand.parseDuration("5 parsecs"));
    }

    @Test
    void aMissingProcessIsOneLineAndExitCode1() {
        // Past the kernel's limit (pid_max is at most 2^22), so never a live process.
        long pid = (1L << 22) + 12345;
        Run r = ReportCommandTest.run("set", Long.toString(pid), "policy=off");
        assertEquals(ReportCommand.EXIT_BAD_INPUT, r.exit(), r.err());
        assertEquals("jgil: no such process: " + pid, r.err().trim());
    }
}
