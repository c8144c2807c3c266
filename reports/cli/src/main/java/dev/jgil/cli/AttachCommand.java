package dev.jgil.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jgil attach <pid> include=...}: loads the agent into a running JVM. */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"Loads the jgil agent into a running JVM (the agent's options as with -javaagent; "
                + "java -jar jgil-agent.jar --help lists them). Classes already loaded are retransformed; a thread "
                + "already inside a designated loop runs it to its end unserialized (a JVM limit): it is serialized "
                + "from its next call. JDK 21+ prints a warning about dynamically loaded agents unless the target "
                + "runs with -XX:+EnableDynamicAgentLoading.", "",
                "Exit codes: 0 attached; 1 no such process or the attach failed; 2 bad option."})
public final class AttachCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<pid>", description = "process id of the JVM")
    long pid;

    @Parameters(index = "1", paramLabel = "<key=value,...>", description = "agent options, e.g. include=com.acme.**,policy=switch")
    String options;

    @Option(names = "--agent-jar", paramLabel = "<jgil-agent.jar>", description = "the agent jar (default: the build's agent/target/jgil-agent.jar)")
    Path agentJar;

    @Override
    public Integer call() {
        try {
            spec.commandLine().getOut().println(AgentJar.attach(pid, options, agentJar, "jgil attach"));
            return ReportCommand.EXIT_OK;
        } catch (Target.Failure f) {
            spec.commandLine().getErr().println(f.getMessage());
            return f.exitCode;
        }
    }
}
