package dev.jgil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jgil.schema.Durations;
import dev.jgil.schema.Names;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code jgil set} with groups, against a real MBean server (this JVM's) holding the agent's two kinds of bean: the
 * default GIL's {@code dev.jgil:type=Gil} and group parser's {@code dev.jgil:type=Gil,group=parser}, the same MXBean
 * interface as the agent's. The attach step is the agent module's LiveIT's; here the settings go over JMX as they do
 * after it.
 */
class SetGroupsTest {
    /** The agent's GilMXBean, as far as {@code set} uses it (Policy, Interval, IntervalNanos, Group). */
    public interface GilMXBean {
        String getPolicy();

        void setPolicy(String policy);

        String getInterval();

        void setInterval(String interval);

        long getIntervalNanos();

        String getGroup();
    }

    /** Validates as the agent does: one of the policies, a duration with its unit. */
    public static final class Gil implements GilMXBean {
        private final String group;
        private volatile String policy = Names.SWITCH;
        private volatile long intervalNanos = 5_000_000;

        Gil(String group) {
            this.group = group;
        }

        @Override
        public String getPolicy() {
            return policy;
        }

        @Override
        public void setPolicy(String p) {
            if (!Names.POLICIES.contains(p)) throw new IllegalArgumentException("policy must be " + Names.POLICY_SYNTAX + ", not '" + p + "'");
            policy = p;
        }

        @Override
        public String getInterval() {
            return Durations.format(intervalNanos);
        }

        @Override
        public void setInterval(String interval) {
            intervalNanos = Durations.parseNanos(interval);
        }

        @Override
        public long getIntervalNanos() {
            return intervalNanos;
        }

        @Override
        public String getGroup() {
            return group;
        }
    }

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Gil defaultGil = new Gil(Names.DEFAULT_GROUP), parser = new Gil("parser");
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    @BeforeEach
    void register() throws Exception {
        server.registerMBean(defaultGil, new ObjectName(Names.groupMBean(Names.DEFAULT_GROUP)));
        server.registerMBean(parser, new ObjectName(Names.groupMBean("parser")));
    }

    @AfterEach
    void unregister() throws Exception {
        for (ObjectName n : server.queryNames(new ObjectName(Names.MBEAN + ",*"), null)) server.unregisterMBean(n);
    }

    private int set(String... settings) throws Exception {
        List<SetCommand.Setting> wanted = SetCommand.parse(List.of(settings), new PrintWriter(err, true));
        if (wanted == null) return ReportCommand.EXIT_USAGE;
        return SetCommand.apply(server, "process 42", "42", wanted, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void setSendsGroupPolicyToThatGroupsBean() throws Exception {
        assertEquals(ReportCommand.EXIT_OK, set("group.parser.policy=bfs", "group.parser.interval=1ms"), err.toString());
        assertEquals(Names.BFS, parser.getPolicy());
        assertEquals(1_000_000, parser.getIntervalNanos());
        assertEquals(Names.SWITCH, defaultGil.getPolicy(), "the default GIL is not the parser's");
        assertEquals(5_000_000, defaultGil.getIntervalNanos());
        assertEquals("jgil: 42 group.parser.policy switch -> bfs\njgil: 42 group.parser.interval 5ms -> 1ms\n",
                out.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void plainPolicyStaysTheDefaultGil() throws Exception {
        assertEquals(ReportCommand.EXIT_OK, set("policy=fifo"), err.toString());
        assertEquals(Names.FIFO, defaultGil.getPolicy());
        assertEquals(Names.SWITCH, parser.getPolicy());
        assertEquals("jgil: 42 policy switch -> fifo", out.toString().trim());
    }

    @Test
    void anUnknownGroupListsTheJvmsGroupsAndChangesNothing() throws Exception {
        // The known setting first: a typo later in the list must not leave it half-applied.
        assertEquals(ReportCommand.EXIT_USAGE, set("group.parser.policy=bfs", "group.parsr.policy=bfs"));
        assertEquals("jgil set: process 42 has no GIL group 'parsr' (its GILs: default, parser)", err.toString().trim());
        assertEquals(Names.SWITCH, parser.getPolicy());
        assertEquals("", out.toString());
    }

    @Test
    void aBadValueIsTheAgentsMessage() throws Exception {
        assertEquals(ReportCommand.EXIT_USAGE, set("group.parser.policy=fastest"));
        assertEquals("jgil set: policy must be " + Names.POLICY_SYNTAX + ", not 'fastest'", err.toString().trim());
    }

    @Test
    void groupSettingsAreTheAgentOptionsSpelling() {
        PrintWriter e = new PrintWriter(err, true);
        assertEquals(List.of(new SetCommand.Setting("parser", "policy", "bfs"), new SetCommand.Setting("default", "interval", "2ms")),
                SetCommand.parse(List.of("group.parser.policy=bfs", "interval=2ms"), e));
        assertNotNull(SetCommand.parse(List.of("group.default.policy=off"), e), "the default GIL by its group name too");
        assertNull(SetCommand.parse(List.of("group.parser=bfs"), e), "a group's classes are set at start, not here");
        assertNull(SetCommand.parse(List.of("group.a,b=c.policy=bfs"), e), "not a group name: never an ObjectName");
        assertNull(SetCommand.parse(List.of("group..policy=bfs"), e));
    }
}
