package dev.jgil.agent.it;

import com.acme.apps.Hello;
import dev.jgil.agent.it.ForkedJvm.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bad option costs one clear stderr line and the GIL, never the application (unless strict=true). */
class BadOptionsIT {

    private static List<String> jgilLines(Result r) {
        return r.stderrLines().stream().filter(l -> l.startsWith("jgil:")).collect(Collectors.toList());
    }

    private static void assertRunsUninstrumented(Result r, String... mustMention) {
        assertEquals(0, r.exitCode, r::toString);
        assertEquals("hello", r.stdout.split("\\R")[0], r::toString);
        assertFalse(r.flag("heldInGreet"), () -> "the application should run without the GIL\n" + r);
        List<String> lines = jgilLines(r);
        assertEquals(1, lines.size(), () -> "expected exactly one jgil line on stderr\n" + r);
        for (String m : mustMention) assertTrue(lines.get(0).contains(m), () -> "'" + m + "' missing in: " + lines.get(0));
        assertTrue(lines.get(0).endsWith("jgil is disabled, the application runs without it"), lines.get(0));
    }

    @Test
    @Timeout(60)
    void badPolicyValuePrintsOneLineAndAppRunsUninstrumented() throws Exception {
        Result r = ForkedJvm.app(Hello.class).agent("include=com.acme.apps.Hello,policy=fast").run();
        assertRunsUninstrumented(r, "bad value 'fast' for policy", "switch|ticks|fifo|priority|bfs|off");
    }

    @Test
    @Timeout(60)
    void unknownKeyPrintsOneLineNamingTheValidKeys() throws Exception {
        Result r = ForkedJvm.app(Hello.class).agent("include=com.acme.apps.Hello,polcy=fifo").run();
        assertRunsUninstrumented(r, "unknown option 'polcy'", "include|exclude|annotation|release|policy");
    }

    @Test
    @Timeout(60)
    void badIntervalNamesTheUnits() throws Exception {
        Result r = ForkedJvm.app(Hello.class).agent("include=com.acme.apps.Hello,interval=5").run();
        assertRunsUninstrumented(r, "bad value '5' for interval", "ns|us|ms|s");
    }

    @Test
    @Timeout(60)
    void missingIncludeIsAnError() throws Exception {
        Result r = ForkedJvm.app(Hello.class).agent(null).run();
        assertRunsUninstrumented(r, "nothing designated", "include=");
    }

    @Test
    @Timeout(60)
    void strictTrueWithABadOptionStopsTheJvm() throws Exception {
        Result r = ForkedJvm.app(Hello.class).agent("policy=fast,include=com.acme.apps.Hello,strict=true").run();
        assertEquals(2, r.exitCode, r::toString);
        assertFalse(r.stdout.contains("hello"), () -> "the application must not have run\n" + r);
        List<String> lines = jgilLines(r);
        assertEquals(1, lines.size(), r::toString);
        assertTrue(lines.get(0).contains("bad value 'fast' for policy"), lines.get(0));
    }

    @Test
    @Timeout(60)
    void configFileGivesTheSameOptions(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path conf = dir.resolve("jgil.conf");
        Files.write(conf, List.of("# designate the greeting", "include=com.acme.apps.Hello#greet  # a method glob",
                "", "policy=fifo"));
        Result r = ForkedJvm.app(Hello.class).agent("config=" + conf).run();
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.flag("heldInGreet"), r::toString);
        assertTrue(jgilLines(r).isEmpty(), r::toString);
    }

    @Test
    @Timeout(60)
    void anUnwritableOutputGetsOneTrueLineAndTheOtherOutputsGoOn() throws Exception {
        Path dir = Files.createTempDirectory("jgil-badpath");
        Path hlog = dir.resolve("ok.hlog");
        Result r = ForkedJvm.app(Hello.class).directory(dir).recording(true)
                .agent("include=com.acme.apps.Hello,jfr=/nonexistent/dir/x.jfr,hlog=" + hlog).run();
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.flag("heldInGreet"), () -> "the GIL stays in force\n" + r);
        List<String> lines = jgilLines(r).stream().filter(l -> l.contains("/nonexistent")).collect(Collectors.toList());
        assertEquals(1, lines.size(), () -> "one line about the bad path\n" + r);
        assertTrue(lines.get(0).contains("jfr=/nonexistent/dir/x.jfr cannot be written (no such directory /nonexistent/dir)"), lines.get(0));
        // Nothing claims what was not written: no "jfr=off" (never set), no files line naming the JFR file.
        assertFalse(r.stderr.contains("jfr=off"), r::toString);
        String filesLine = r.stderrLines().stream().filter(l -> l.strip().startsWith("files:")).findFirst().orElseThrow();
        assertFalse(filesLine.contains(".jfr"), filesLine);
        assertTrue(filesLine.contains("hlog=" + hlog), filesLine);
        assertTrue(Files.size(hlog) > 0, "the hlog is still written");
    }
}
