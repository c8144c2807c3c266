package dev.jgil.cli;

import dev.jgil.schema.Names;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jgil set <pid> policy=off interval=1ms group.parser.policy=bfs}: steers a running JVM's GILs through their MBeans. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Changes a GIL's policy or switch interval in a running JVM (attach + JMX MBean dev.jgil:type=Gil; "
                + "a group's GIL: dev.jgil:type=Gil,group=NAME). Each change is recorded in the target's recording as "
                + "jgil.ConfigurationChange.", "",
                "Exit codes: 0 changed; 1 no such process, not a JVM with jgil, or connection lost; 2 bad setting or value, "
                        + "or a group the JVM does not have."})
public final class SetCommand implements Callable<Integer> {
    /**
     * Setting → MBean attribute. GilMXBean's {@code setPolicy(String)}/{@code setInterval(String)} pair
     * with getters, so JMX exposes them as writable attributes (editable in JConsole too), not operations.
     */
    private static final Map<String, String> OPERATIONS = new LinkedHashMap<>();

    static {
        OPERATIONS.put("policy", "Policy");
        OPERATIONS.put("interval", "Interval");
    }

    /** The agent option's spelling of a group's setting: {@code group.NAME.policy=}. */
    static final String GROUP_PREFIX = "group.";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<pid>", description = "process id of a JVM running the jgil agent")
    long pid;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "<key=value>",
            description = "policy=switch|ticks|fifo|priority|bfs|off, interval=<duration> (e.g. 1ms, 100us): the default GIL; "
                    + "group.NAME.policy=..., group.NAME.interval=...: group NAME's GIL (as the agent option group.NAME=)")
    List<String> settings;

    /** One setting: the GIL (group) it is for, the setting's name (policy, interval), what it becomes. */
    record Setting(String group, String key, String value) {
        /** As the user spelled it, for the output lines. */
        String spelled() {
            return Names.DEFAULT_GROUP.equals(group) ? key : GROUP_PREFIX + group + "." + key;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Syntax first, before touching the target: a typo must not half-apply a list of settings.
        List<Setting> wanted = parse(settings, err);
        if (wanted == null) return ReportCommand.EXIT_USAGE;
        try (Target t = Target.attach(pid); JMXConnector jmx = t.connect()) {
            MBeanServerConnection c = jmx.getMBeanServerConnection();
            if (!Target.hasGilBean(c)) {
                err.println("jgil: process " + pid + " runs jgil without its MBean " + Target.MBEAN + " (started with jmx=false, or an older agent)");
                return ReportCommand.EXIT_BAD_INPUT;
            }
            return apply(c, "process " + pid, Long.toString(pid), wanted, out, err);
        } catch (Target.Failure f) {
            err.println(f.getMessage());
            return f.exitCode;
        } catch (IOException | JMException e) {
            err.println("jgil: lost process " + pid + ": " + Target.oneLine(e));
            return ReportCommand.EXIT_BAD_INPUT;
        }
    }

    /** The settings, or null after one line on {@code err} naming the first bad one. */
    static List<Setting> parse(List<String> settings, PrintWriter err) {
        List<Setting> out = new ArrayList<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            String key = eq < 0 ? s : s.substring(0, eq).trim();
            String group = Names.DEFAULT_GROUP;
            if (key.startsWith(GROUP_PREFIX)) {
                int dot = key.lastIndexOf('.');
                group = dot > GROUP_PREFIX.length() ? key.substring(GROUP_PREFIX.length(), dot) : "";
                key = dot > GROUP_PREFIX.length() ? key.substring(dot + 1) : "";
                if (!group.equals(Names.DEFAULT_GROUP) && !group.matches(Names.GROUP_NAME_SYNTAX)) key = ""; // not a group name: bad
            }
            if (eq < 0 || !OPERATIONS.containsKey(key)) {
                err.println("jgil set: bad setting '" + s + "' (valid: policy=" + Names.POLICY_SYNTAX + ", interval=<duration>, "
                        + "group.NAME.policy=..., group.NAME.interval=...)");
                return null;
            }
            out.add(new Setting(group, key, s.substring(eq + 1).trim()));
        }
        return out;
    }

    /**
     * Sends each setting to its GIL's MBean; every group named must exist before anything changes (a typo in a group
     * name must not half-apply the list). {@code who}: the target in messages; {@code id}: in the output lines.
     */
    static int apply(MBeanServerConnection c, String who, String id, List<Setting> wanted, PrintWriter out, PrintWriter err)
            throws IOException, JMException {
        for (Setting w : wanted) {
            if (!c.isRegistered(new ObjectName(Names.groupMBean(w.group())))) {
                err.println("jgil set: " + who + " has no GIL group '" + w.group() + "' (its GILs: " + String.join(", ", groups(c)) + ")");
                return ReportCommand.EXIT_USAGE;
            }
        }
        for (Setting w : wanted) {
            ObjectName name = new ObjectName(Names.groupMBean(w.group()));
            String attribute = OPERATIONS.get(w.key());
            Object before = c.getAttribute(name, attribute);
            try {
                c.setAttribute(name, new Attribute(attribute, w.value()));
            } catch (javax.management.MBeanException | javax.management.RuntimeMBeanException
                     | javax.management.InvalidAttributeValueException e) {
                // The agent validates with its option parser, so the message is the agent option's.
                err.println("jgil set: " + Target.oneLine(rootCause(e)));
                return ReportCommand.EXIT_USAGE;
            }
            out.println("jgil: " + id + " " + w.spelled() + " " + before + " -> " + c.getAttribute(name, attribute));
        }
        return ReportCommand.EXIT_OK;
    }

    /** The GILs the target has: {@code default} and each group's name, from the MBeans {@code dev.jgil:type=Gil,*}. */
    static List<String> groups(MBeanServerConnection c) throws IOException, JMException {
        TreeSet<String> names = new TreeSet<>();
        boolean hasDefault = false;
        for (ObjectName n : c.queryNames(new ObjectName(Names.MBEAN + ",*"), null)) {
            String g = n.getKeyProperty("group");
            if (g == null) hasDefault = true;
            else names.add(g);
        }
        List<String> out = new ArrayList<>();
        if (hasDefault) out.add(Names.DEFAULT_GROUP);
        out.addAll(names);
        return out;
    }

    static Throwable rootCause(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) e = e.getCause();
        return e;
    }
}
