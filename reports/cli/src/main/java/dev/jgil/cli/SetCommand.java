package dev.jgil.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jgil set <pid> policy=off interval=1ms}: steers a running JVM's GIL through its MBean. */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Changes the GIL's policy or switch interval in a running JVM (attach + JMX MBean dev.jgil:type=Gil). "
                + "Each change is recorded in the target's recording as jgil.ConfigurationChange.", "",
                "Exit codes: 0 changed; 1 no such process, not a JVM with jgil, or connection lost; 2 bad setting or value."})
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<pid>", description = "process id of a JVM running the jgil agent")
    long pid;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "<key=value>",
            description = "policy=switch|ticks|fifo|priority|bfs|off, interval=<duration> (e.g. 1ms, 100us)")
    List<String> settings;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Syntax first, before touching the target: a typo must not half-apply a list of settings.
        Map<String, String> wanted = new LinkedHashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            String key = eq < 0 ? s : s.substring(0, eq).trim();
            if (eq < 0 || !OPERATIONS.containsKey(key)) {
                err.println("jgil set: bad setting '" + s + "' (valid: policy=switch|ticks|fifo|priority|bfs|off, interval=<duration>)");
                return ReportCommand.EXIT_USAGE;
            }
            wanted.put(key, s.substring(eq + 1).trim());
        }
        try (Target t = Target.attach(pid); JMXConnector jmx = t.connect()) {
            MBeanServerConnection c = jmx.getMBeanServerConnection();
            if (!Target.hasGilBean(c)) {
                err.println("jgil: process " + pid + " runs jgil without its MBean " + Target.MBEAN + " (started with jmx=false, or an older agent)");
                return ReportCommand.EXIT_BAD_INPUT;
            }
            ObjectName name = new ObjectName(Target.MBEAN);
            for (Map.Entry<String, String> w : wanted.entrySet()) {
                String attribute = OPERATIONS.get(w.getKey());
                Object before = c.getAttribute(name, attribute);
                try {
                    c.setAttribute(name, new Attribute(attribute, w.getValue()));
                } catch (javax.management.MBeanException | javax.management.RuntimeMBeanException
                         | javax.management.InvalidAttributeValueException e) {
                    // The agent validates with its option parser, so the message is the agent option's.
                    err.println("jgil set: " + Target.oneLine(rootCause(e)));
                    return ReportCommand.EXIT_USAGE;
                }
                out.println("jgil: " + pid + " " + w.getKey() + " " + before + " -> " + c.getAttribute(name, attribute));
            }
            return ReportCommand.EXIT_OK;
        } catch (Target.Failure f) {
            err.println(f.getMessage());
            return f.exitCode;
        } catch (IOException | javax.management.JMException e) {
            err.println("jgil: lost process " + pid + ": " + Target.oneLine(e));
            return ReportCommand.EXIT_BAD_INPUT;
        }
    }

    static Throwable rootCause(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) e = e.getCause();
        return e;
    }
}
