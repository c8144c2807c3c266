package dev.jgil.agent;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.agent.options.Option;
import dev.jgil.agent.options.OptionsException;

import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar jgil-agent.jar <pid> [key=value ...]}: loads this jar into a running JVM.
 * The options are checked here first, so a typo fails in the terminal that made it instead of
 * printing into the target's stderr. Uses {@code com.sun.tools.attach} (module {@code jdk.attach});
 * kept out of {@link JgilAgent} so the target JVM never needs that module.
 */
final class AttachCommand {
    static final String USAGE = "Usage: java -jar jgil-agent.jar <pid> [key=value ...]   attach to a running JVM\n"
            + "       java -javaagent:jgil-agent.jar=key=value,key=value ...   at start-up\n"
            + "       java -jar jgil-agent.jar --help\n";

    private AttachCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(USAGE);
            out.println();
            out.print(Option.help());
            return 0;
        }
        String pid = args[0];
        if (!pid.chars().allMatch(Character::isDigit)) {
            err.println("jgil: bad pid '" + pid + "' (valid: a process id; see --help)");
            return 2;
        }
        List<String> pairs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            for (String p : args[i].split(",")) {
                if (p.isEmpty()) continue;
                // config= is read by the target JVM, whose working directory may differ from ours.
                if (p.startsWith("config=")) p = "config=" + new File(p.substring("config=".length())).getAbsolutePath();
                pairs.add(p);
            }
        }
        String agentArgs = String.join(",", pairs);
        try {
            AgentOptions.parse(agentArgs);
        } catch (OptionsException e) {
            err.println("jgil: " + e.getMessage() + "; not attaching");
            return 2;
        }
        String jar;
        try {
            jar = new File(JgilAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (URISyntaxException | RuntimeException e) {
            err.println("jgil: cannot locate the agent jar: " + e);
            return 1;
        }
        try {
            StartupTrace.mark("attach tool: options checked");
            com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(pid);
            StartupTrace.mark("attach tool: VirtualMachine.attach");
            try {
                vm.loadAgent(jar, agentArgs);
                StartupTrace.mark("attach tool: loadAgent (the target's agentmain)");
                String caught = vm.getSystemProperties().getProperty(Installer.CAUGHT_PROPERTY);
                if (caught != null) {
                    out.println("jgil: threads inside designated code when it was woven run that call unserialized"
                            + " (a running frame keeps its code); they are serialized from their next call: " + caught);
                }
            } finally {
                vm.detach();
            }
        } catch (Exception | LinkageError e) {
            err.println("jgil: cannot attach to " + pid + ": " + e);
            return 1;
        }
        out.println("jgil: attached to " + pid + " with " + agentArgs);
        return 0;
    }
}
