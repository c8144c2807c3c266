package dev.jgil.agent.options;

import dev.jgil.recording.GilRecording;
import jdk.jfr.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one option model: every option, agent and recording, parsed and defaulted from one table. */
class OptionsTest {

    @Test
    void defaultsComeFromTheTable() throws Exception {
        AgentOptions o = AgentOptions.parse("include=com.acme.**");
        assertEquals("switch", o.policy);
        assertEquals(5_000_000L, o.intervalNanos);
        assertEquals(100, o.checkInterval);
        assertFalse(o.strict);
        assertFalse(o.verbose);
        assertTrue(o.checkpoints);
        assertTrue(o.jmx);
        assertTrue(o.exclude.isEmpty());
        assertEquals(1, o.include.size());
        long pid = ProcessHandle.current().pid();
        assertEquals(Path.of("jgil-" + pid + ".jfr"), o.jfrFile);
        assertEquals(Path.of("jgil-" + pid + ".hlog"), o.hlogFile);
        assertEquals(Path.of("jgil-" + pid + ".html"), o.reportFile);
        assertEquals("default", o.jfrSettings);
        assertTrue(o.summary);
        assertEquals(0, o.printPeriodNanos);
        assertEquals(1_000_000_000L, o.statsPeriodNanos);
        assertEquals(1_000_000L, o.samplePeriodNanos);
        assertFalse(o.traceAccounting);
    }

    @Test
    void everyKeyParses() throws Exception {
        AgentOptions o = AgentOptions.parse("include=com.acme.**;com.acme.Parser#parse*,exclude=com.acme.Gen*,"
                + "annotation=com.acme.Designated;com.acme.Hot,release=com.acme.Native#compute,policy=FIFO,"
                + "interval=250us,checkinterval=7,strict=true,verbose=true,checkpoints=false,jmx=false,"
                + "jfr=off,hlog=off,summary=off,print=10s,stats.period=250ms,sample.period=500us,jfr.jdk=none");
        assertEquals(2, o.include.size());
        assertEquals(List.of("com.acme.Designated", "com.acme.Hot"), o.annotation);
        assertEquals("fifo", o.policy);
        assertEquals(250_000L, o.intervalNanos);
        assertEquals(7, o.checkInterval);
        assertTrue(o.strict);
        assertFalse(o.checkpoints);
        assertFalse(o.jmx);
        assertNull(o.jfrFile);
        assertNull(o.hlogFile);
        assertFalse(o.summary);
        assertEquals(10_000_000_000L, o.printPeriodNanos);
        assertEquals(250_000_000L, o.statsPeriodNanos);
        assertEquals(500_000L, o.samplePeriodNanos);
        assertEquals("none", o.jfrJdk);
    }

    @Test
    void badPolicyNamesTheKeyTheValueAndTheChoices() {
        OptionsException e = assertThrows(OptionsException.class, () -> AgentOptions.parse("include=a.B,policy=fast"));
        assertEquals("bad value 'fast' for policy (valid: switch|ticks|fifo|priority|bfs|off)", e.getMessage());
        assertFalse(e.isStrict());
    }

    @Test
    void everyBadValueIsWordedOnceAndOnlyOnce() {
        // Once the recording's options had their own wording inside the agent's: "(valid: record must be one of on|off, got 'of')".
        OptionsException e = assertThrows(OptionsException.class, () -> AgentOptions.parse("include=a.B,record=of"));
        assertEquals("bad value 'of' for record (valid: on|off)", e.getMessage());
        OptionsException d = assertThrows(OptionsException.class, () -> AgentOptions.parse("include=a.B,stats.period=1000"));
        assertEquals("bad value '1000' for stats.period (valid: a duration with a unit ns|us|ms|s|m|h, e.g. 5ms, 1.5s, 2m)",
                d.getMessage());
        assertTrue(assertThrows(OptionsException.class, () -> AgentOptions.parse("include=a.B,jfr.settings=fast"))
                .getMessage().startsWith("bad value 'fast' for jfr.settings (valid: default|trace|<file.jfc>)"));
        assertThrows(OptionsException.class, () -> AgentOptions.parse("include=a.B,summary=yes"));
        assertThrows(OptionsException.class, () -> AgentOptions.parse("include=a.B,interval=999ns"));
        assertThrows(OptionsException.class, () -> AgentOptions.parse("include=a.B,print=soon"));
    }

    @Test
    void setUsesTheSameParserAndWording() {
        AgentOptions o = new AgentOptions().set("interval", "1ms").set("policy", "ticks");
        assertEquals(1_000_000L, o.intervalNanos);
        assertEquals("ticks", o.policy);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AgentOptions().set("policy", "fast"));
        assertEquals("bad value 'fast' for policy (valid: switch|ticks|fifo|priority|bfs|off)", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AgentOptions().set("speed", "11"))
                .getMessage().startsWith("unknown option 'speed'"));
    }

    @Test
    void recordOffTurnsEveryOutputOffButAnOutputNamedExplicitlyStays() throws Exception {
        AgentOptions quiet = AgentOptions.parse("include=a.B,record=off");
        assertNull(quiet.jfrFile);
        assertNull(quiet.hlogFile);
        assertNull(quiet.reportFile);
        assertFalse(quiet.summary);
        AgentOptions onlyJfr = AgentOptions.parse("include=a.B,jfr=x.jfr,record=off");
        assertEquals("x.jfr", String.valueOf(onlyJfr.jfrFile));
        assertNull(onlyJfr.hlogFile);
    }

    @Test
    void outPutsRelativeFileNamesInTheDirectoryKeepingThePidAndLeavesAbsoluteOnesAlone() throws Exception {
        String pid = Long.toString(ProcessHandle.current().pid());
        for (String args : new String[] {"include=a.B,out=runs/,hlog=/tmp/h.hlog", "include=a.B,hlog=/tmp/h.hlog,out=runs"}) {
            AgentOptions o = AgentOptions.parse(args);
            assertEquals(Path.of("runs", "jgil-" + pid + ".jfr"), o.jfrFile, args);
            assertEquals(Path.of("runs", "jgil-" + pid + ".html"), o.reportFile, args);
            assertEquals(Path.of("/tmp/h.hlog"), o.hlogFile, args);
        }
        AgentOptions quiet = AgentOptions.parse("include=a.B,out=runs,record=off,jfr=x.jfr");
        assertEquals(Path.of("runs", "x.jfr"), quiet.jfrFile);
        assertNull(quiet.reportFile);
        assertNull(AgentOptions.parse("include=a.B").outDir);
    }

    @Test
    void tracePresetImpliesTraceAccountingUnlessAccountingIsGiven() throws Exception {
        assertTrue(AgentOptions.parse("include=a.B,jfr.settings=trace").traceAccounting);
        assertFalse(AgentOptions.parse("include=a.B,jfr.settings=trace,accounting=default").traceAccounting);
        assertFalse(AgentOptions.parse("include=a.B,accounting=default,jfr.settings=trace").traceAccounting);
        assertTrue(AgentOptions.parse("include=a.B,accounting=trace").traceAccounting);
    }

    @Test
    void strictLaterInTheArgumentsStillAppliesToAnEarlierMistake() {
        OptionsException e = assertThrows(OptionsException.class, () -> AgentOptions.parse("policy=fast,include=a.B,strict=true"));
        assertTrue(e.isStrict());
    }

    @Test
    void unknownKeyListsTheValidKeys() {
        OptionsException e = assertThrows(OptionsException.class, () -> AgentOptions.parse("include=a.B,speed=11"));
        assertTrue(e.getMessage().startsWith("unknown option 'speed' (valid: include|exclude|annotation|release|policy|"),
                e.getMessage());
    }

    @Test
    void nothingDesignatedIsAnError() {
        assertThrows(OptionsException.class, () -> AgentOptions.parse(null));
        assertThrows(OptionsException.class, () -> AgentOptions.parse(""));
        assertThrows(OptionsException.class, () -> AgentOptions.parse("policy=fifo"));
    }

    @Test
    void annotationAloneIsEnough() throws Exception {
        assertEquals(List.of("com.acme.D"), AgentOptions.parse("annotation=com.acme.D").annotation);
    }

    @Test
    void malformedPairIsReported() {
        OptionsException e = assertThrows(OptionsException.class, () -> AgentOptions.parse("include=a.B,verbose"));
        assertTrue(e.getMessage().startsWith("bad option 'verbose' (expected key=value"), e.getMessage());
    }

    @Test
    void badGlobsAreRejected() {
        for (String bad : new String[] {"com..acme", "com.acme.", ".com", "com acme", "com.acme#", "com.acme#a.b",
                "com.***"}) {
            OptionsException e = assertThrows(OptionsException.class, () -> AgentOptions.parse("include=" + bad), bad);
            assertTrue(e.getMessage().startsWith("bad value '" + bad + "' for include (valid: class globs"), e.getMessage());
        }
    }

    @Test
    void releaseZonesInTheJdkAreRejected() {
        assertThrows(OptionsException.class, () -> AgentOptions.parse("include=a.B,release=java.lang.Thread#sleep"));
    }

    @Test
    void configFileReadsKeyValueLinesWithComments(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("jgil.conf");
        Files.write(f, List.of("# jgil options", "include=com.acme.Parser#parse*   # method glob keeps its #",
                "  policy = ticks", "", "checkinterval=3"));
        AgentOptions o = AgentOptions.parse("config=" + f + ",checkinterval=9");
        assertEquals("com.acme.Parser#parse*", o.include.get(0).toString());
        assertEquals("ticks", o.policy);
        assertEquals(9, o.checkInterval); // later wins
    }

    @Test
    void configFileErrorsNameTheFileOrLine(@TempDir Path dir) throws Exception {
        OptionsException missing = assertThrows(OptionsException.class,
                () -> AgentOptions.parse("config=" + dir.resolve("nope.conf")));
        assertTrue(missing.getMessage().startsWith("bad value '"), missing.getMessage());
        Path f = dir.resolve("bad.conf");
        Files.write(f, List.of("include=a.B", "just words"));
        OptionsException bad = assertThrows(OptionsException.class, () -> AgentOptions.parse("config=" + f));
        assertTrue(bad.getMessage().startsWith("bad line 2 'just words'"), bad.getMessage());
    }

    @Test
    void theTableListsEveryKeyOnceWithHelpAndAValidDefault() {
        Set<String> keys = new HashSet<>();
        for (Option o : Option.TABLE) {
            assertTrue(keys.add(o.key), "duplicate " + o.key);
            assertFalse(o.help.isBlank(), o.key);
            new AgentOptions().set(o.key.equals("config") ? "verbose" : o.key, o.key.equals("config") ? "false" : o.defaultText);
        }
        assertTrue(keys.containsAll(Set.of("include", "policy", "interval", "record", "jfr", "jfr.settings", "hlog",
                "summary", "print", "stats.period", "sample.period", "report", "accounting")));
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        String help = Option.help();
        for (Option o : Option.TABLE) {
            assertTrue(help.contains("  " + o.key + "=<" + o.syntax + ">  (default: " + o.defaultForHelp() + ")"), o.key);
        }
        assertTrue(help.contains("jfr=<file|off>  (default: jgil-<pid>.jfr)"), help);
    }

    @Test
    void shippedSettingsParseAndSetThresholds() throws Exception {
        Configuration dflt = dev.jgil.recording.JfrSetup.presetConfiguration("default");
        Configuration trace = dev.jgil.recording.JfrSetup.presetConfiguration("trace");
        assertEquals("1 ms", dflt.getSettings().get("jgil.Hold#threshold"));
        assertEquals("1 ms", dflt.getSettings().get("jgil.ContendedAcquire#threshold"));
        assertEquals("0 ms", trace.getSettings().get("jgil.Hold#threshold"));
        assertEquals("0 ms", trace.getSettings().get("jgil.ContendedAcquire#threshold"));
        assertEquals("endChunk", trace.getSettings().get("jgil.Statistics#period"));
    }
}
