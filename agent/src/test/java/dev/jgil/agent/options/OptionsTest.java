package dev.jgil.agent.options;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {

    @Test
    void defaultsComeFromTheTable() throws Exception {
        Options o = Options.parse("include=com.acme.**");
        assertEquals("switch", o.get(OptionTable.POLICY));
        assertEquals(5_000_000L, o.get(OptionTable.INTERVAL));
        assertEquals(100, o.get(OptionTable.CHECK_INTERVAL));
        assertFalse(o.get(OptionTable.STRICT));
        assertFalse(o.get(OptionTable.VERBOSE));
        assertTrue(o.get(OptionTable.CHECKPOINTS));
        assertTrue(o.get(OptionTable.EXCLUDE).isEmpty());
        assertEquals(1, o.get(OptionTable.INCLUDE).size());
    }

    @Test
    void everyKeyParses() throws Exception {
        Options o = Options.parse("include=com.acme.**;com.acme.Parser#parse*,exclude=com.acme.Gen*,"
                + "annotation=com.acme.Designated;com.acme.Hot,release=com.acme.Native#compute,policy=FIFO,"
                + "interval=250us,checkinterval=7,strict=true,verbose=true,checkpoints=false");
        assertEquals(2, o.get(OptionTable.INCLUDE).size());
        assertEquals(List.of("com.acme.Designated", "com.acme.Hot"), o.get(OptionTable.ANNOTATION));
        assertEquals("fifo", o.get(OptionTable.POLICY));
        assertEquals(250_000L, o.get(OptionTable.INTERVAL));
        assertEquals(7, o.get(OptionTable.CHECK_INTERVAL));
        assertTrue(o.get(OptionTable.STRICT));
        assertFalse(o.get(OptionTable.CHECKPOINTS));
    }

    @Test
    void badPolicyNamesTheKeyTheValueAndTheChoices() {
        OptionsException e = assertThrows(OptionsException.class, () -> Options.parse("include=a.B,policy=fast"));
        assertEquals("bad value 'fast' for policy (valid: switch|ticks|fifo|off)", e.getMessage());
        assertFalse(e.isStrict());
    }

    @Test
    void strictLaterInTheArgumentsStillAppliesToAnEarlierMistake() {
        OptionsException e = assertThrows(OptionsException.class, () -> Options.parse("policy=fast,include=a.B,strict=true"));
        assertTrue(e.isStrict());
    }

    @Test
    void unknownKeyListsTheValidKeys() {
        OptionsException e = assertThrows(OptionsException.class, () -> Options.parse("include=a.B,speed=11"));
        assertTrue(e.getMessage().startsWith("unknown option 'speed' (valid: include|exclude|annotation|release|policy|"),
                e.getMessage());
    }

    @Test
    void nothingDesignatedIsAnError() {
        assertThrows(OptionsException.class, () -> Options.parse(null));
        assertThrows(OptionsException.class, () -> Options.parse(""));
        assertThrows(OptionsException.class, () -> Options.parse("policy=fifo"));
    }

    @Test
    void annotationAloneIsEnough() throws Exception {
        assertEquals(List.of("com.acme.D"), Options.parse("annotation=com.acme.D").get(OptionTable.ANNOTATION));
    }

    @Test
    void malformedPairIsReported() {
        OptionsException e = assertThrows(OptionsException.class, () -> Options.parse("include=a.B,verbose"));
        assertTrue(e.getMessage().startsWith("bad option 'verbose' (expected key=value"), e.getMessage());
    }

    @Test
    void badGlobsAreRejected() {
        for (String bad : new String[] {"com..acme", "com.acme.", ".com", "com acme", "com.acme#", "com.acme#a.b",
                "com.***"}) {
            OptionsException e = assertThrows(OptionsException.class, () -> Options.parse("include=" + bad), bad);
            assertTrue(e.getMessage().startsWith("bad value '" + bad + "' for include (valid: class globs"), e.getMessage());
        }
    }

    @Test
    void releaseZonesInTheJdkAreRejected() {
        assertThrows(OptionsException.class, () -> Options.parse("include=a.B,release=java.lang.Thread#sleep"));
    }

    @Test
    void configFileReadsKeyValueLinesWithComments(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("jgil.conf");
        Files.write(f, List.of("# jgil options", "include=com.acme.Parser#parse*   # method glob keeps its #",
                "  policy = ticks", "", "checkinterval=3"));
        Options o = Options.parse("config=" + f + ",checkinterval=9");
        assertEquals("com.acme.Parser#parse*", o.get(OptionTable.INCLUDE).get(0).toString());
        assertEquals("ticks", o.get(OptionTable.POLICY));
        assertEquals(9, o.get(OptionTable.CHECK_INTERVAL)); // later wins
    }

    @Test
    void configFileErrorsNameTheFileOrLine(@TempDir Path dir) throws Exception {
        OptionsException missing = assertThrows(OptionsException.class,
                () -> Options.parse("config=" + dir.resolve("nope.conf")));
        assertTrue(missing.getMessage().startsWith("bad value '"), missing.getMessage());
        Path f = dir.resolve("bad.conf");
        Files.write(f, List.of("include=a.B", "just words"));
        OptionsException bad = assertThrows(OptionsException.class, () -> Options.parse("config=" + f));
        assertTrue(bad.getMessage().startsWith("bad line 2 'just words'"), bad.getMessage());
    }

    @Test
    void durations() {
        assertEquals(1_000L, Durations.parseNanos("1us"));
        assertEquals(1_000L, Durations.parseNanos("1000ns"));
        assertEquals(5_000_000L, Durations.parseNanos("5ms"));
        assertEquals(1_500_000_000L, Durations.parseNanos("1.5s"));
        for (String bad : new String[] {"5", "999ns", "ms", "-1ms", "5 parsecs", ""}) {
            assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos(bad), bad);
        }
        assertEquals("5ms", Durations.format(5_000_000L));
        assertEquals("250us", Durations.format(250_000L));
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        String help = OptionTable.help();
        for (OptionSpec<?> o : OptionTable.ALL) {
            assertTrue(help.contains("  " + o.key() + "=<" + o.syntax() + ">  (default: "
                    + (o.defaultText().isEmpty() ? "none" : o.defaultText()) + ")"), o.key());
        }
    }
}
