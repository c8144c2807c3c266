package dev.jgil.agent.options;

import dev.jgil.agent.weaving.Designation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code group.NAME=}, {@code group.NAME.policy=}, {@code group.NAME.interval=}: one GIL per group. */
class GroupOptionsTest {
    @Test
    void groupsAreKeptInTheOrderGivenWithTheirOwnSettings() throws Exception {
        AgentOptions o = AgentOptions.parse("group.parser=com.acme.parser.**,policy=fifo,group.driver=com.acme.db.*;org.h2.**,"
                + "group.driver.policy=bfs,group.driver.interval=1ms");
        assertEquals(List.of("parser", "driver"), List.copyOf(o.groups.keySet()));
        GroupOption parser = o.groups.get("parser");
        assertNull(parser.policy, "no policy of its own: the top-level policy= applies");
        assertEquals(0, parser.intervalNanos);
        GroupOption driver = o.groups.get("driver");
        assertEquals("bfs", driver.policy);
        assertEquals(1_000_000, driver.intervalNanos);
        assertEquals(2, driver.globs.size());
        assertTrue(o.describe().contains("group.driver.policy=bfs"), o.describe());
    }

    @Test
    void aGroupAloneDesignatesItsClasses() throws Exception {
        AgentOptions o = AgentOptions.parse("group.parser=com.acme.parser.**");
        Designation d = Designation.from(o);
        assertTrue(d.isCandidateName("com.acme.parser.Lexer"));
        assertEquals(1, d.groupOf("com.acme.parser.Lexer"));
        assertEquals(0, d.groupOf("com.acme.Other"));
    }

    @Test
    void aClassBelongsToTheFirstGroupThatNamesItAndGroupsWinOverInclude() throws Exception {
        AgentOptions o = AgentOptions.parse("include=com.acme.**,group.a=com.acme.x.**,group.b=com.acme.**");
        Designation d = Designation.from(o);
        assertEquals(1, d.groupOf("com.acme.x.Y"));
        assertEquals(2, d.groupOf("com.acme.Z"));
        assertEquals(0, d.groupOf("org.other.Z"));
        // Groups unavailable (their holders could not be defined): the same classes, all under the default GIL.
        Designation fallback = Designation.from(o, false);
        assertEquals(0, fallback.groupOf("com.acme.x.Y"));
        assertTrue(fallback.isCandidateName("com.acme.x.Y"));
    }

    @Test
    void privateHelpersAndConstructorCallsStayWithinOneGroup() throws Exception {
        Designation d = Designation.from(AgentOptions.parse("group.a=com.acme.Outer,group.b=com.acme.Outer$*"));
        // Outer$Inner (group b) may call Outer's private helpers: they must keep their own bracket (Outer's lock).
        assertTrue(!d.designatesNestWhole("com.acme.Outer"));
        Designation one = Designation.from(AgentOptions.parse("group.a=com.acme.Outer;com.acme.Outer$*"));
        assertTrue(one.designatesNestWhole("com.acme.Outer"));
        // A constructor of another group's class re-acquires that group's lock, not the caller's: a checkpoint follows.
        Designation two = Designation.from(AgentOptions.parse("group.a=com.acme.A,group.b=com.acme.B"));
        assertTrue(!two.constructorsDesignatedByName("com.acme.B", "com.acme.A"));
        assertTrue(two.constructorsDesignatedByName("com.acme.A", "com.acme.A"));
    }

    @Test
    void badGroupOptionsNameTheKeyTheValueAndWhatIsValid() {
        OptionsException name = assertThrows(OptionsException.class, () -> AgentOptions.parse("group.9x=com.acme.**"));
        assertTrue(name.getMessage().contains("bad group name '9x'"), name.getMessage());
        OptionsException dflt = assertThrows(OptionsException.class, () -> AgentOptions.parse("group.default=com.acme.**"));
        assertTrue(dflt.getMessage().contains("not 'default'"), dflt.getMessage());
        OptionsException policy = assertThrows(OptionsException.class,
                () -> AgentOptions.parse("group.a=com.acme.**,group.a.policy=fast"));
        assertTrue(policy.getMessage().startsWith("bad value 'fast' for group.a.policy (valid: switch|"), policy.getMessage());
        OptionsException method = assertThrows(OptionsException.class, () -> AgentOptions.parse("group.a=com.acme.A#run"));
        assertTrue(method.getMessage().contains("class globs only"), method.getMessage());
        OptionsException setting = assertThrows(OptionsException.class, () -> AgentOptions.parse("group.a=com.acme.A,group.a.speed=1"));
        assertTrue(setting.getMessage().contains("unknown group setting 'speed'"), setting.getMessage());
        OptionsException noClasses = assertThrows(OptionsException.class, () -> AgentOptions.parse("include=a.B,group.a.policy=bfs"));
        assertTrue(noClasses.getMessage().contains("group a has settings but no classes"), noClasses.getMessage());
        OptionsException interval = assertThrows(OptionsException.class, () -> AgentOptions.parse("group.a=a.B,group.a.interval=10ns"));
        assertTrue(interval.getMessage().startsWith("bad value '10ns' for group.a.interval"), interval.getMessage());
    }

    @Test
    void helpAndUnknownKeysMentionGroups() {
        assertTrue(Option.help().contains("group.NAME=<class globs>"), Option.help());
        OptionsException e = assertThrows(OptionsException.class, () -> AgentOptions.parse("include=a.B,speed=11"));
        assertTrue(e.getMessage().contains("group.NAME="), e.getMessage());
    }
}
