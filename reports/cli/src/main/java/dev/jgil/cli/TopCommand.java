package dev.jgil.cli;

import dev.jgil.schema.Durations;
import dev.jgil.schema.Schema;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.consumer.EventStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code jgil top <pid>}: the GIL's load, live, from the target's own JFR repository.
 *
 * <p>Read-only by design: the events are read from the repository files the target's recording writes
 * anyway ({@link EventStream#openRepository(Path)}), so nothing in the target depends on this process —
 * it can be killed at any time. The only thing it may add is a recording of jgil's statistics events
 * when none runs (agent started with {@code jfr=off}); that one has a 2-minute max age so that even a
 * {@code kill -9} of top leaves a bounded footprint, and it is closed when top ends normally.
 */
@Command(name = "top", mixinStandardHelpOptions = true,
        description = {"Shows a running JVM's GIL load live: held/wait fractions with 1/5/15-minute averages, rates, "
                + "waiters and one row per thread, every statistics interval (stats.period, default 1s).", "",
                "On a terminal the screen is redrawn; otherwise one line per interval; --json: one JSON object per interval.", "",
                "Exit codes: 0 ended (--duration, Ctrl-C, or the local target exited: message on stderr); "
                        + "1 no such process, not a JVM with jgil, its recording cannot be read, or the --jmx connection "
                        + "was lost (message on stderr); 2 usage."})
public final class TopCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<pid>", description = "process id of a local JVM running the jgil agent")
    Long pid;

    @Option(names = "--jmx", paramLabel = "<host:port|service:jmx:...>",
            description = "instead of <pid>: a JVM reachable over JMX (-Dcom.sun.management.jmxremote.port=...); "
                    + "streams with a recording it creates there and closes at the end")
    String jmx;

    /** What the screen header names: "process 123" or "the JVM at host:port". */
    private String label;

    @Option(names = "--json", description = "one JSON object per interval")
    boolean json;

    @Option(names = "--plain", description = "one line per interval even on a terminal")
    boolean plain;

    @Option(names = "--duration", paramLabel = "<duration>", description = "stop after this long (e.g. 10s, 500ms, 2m); default: until Ctrl-C or the target exits")
    String duration;

    @Option(names = "--attach", paramLabel = "<agent options>",
            description = "when <pid> runs without jgil, attach the agent first with these options (the same as "
                    + "-javaagent:jgil-agent.jar=<options>, e.g. include=com.acme.Legacy*); its default recording starts with it")
    String attachOptions;

    @Option(names = "--agent-jar", paramLabel = "<jgil-agent.jar>",
            description = "the agent jar for --attach (default: -Djgil.agent.jar, which the jgil script sets, "
                    + "else agent/target/jgil-agent.jar beside this jar's build)")
    Path agentJar;

    /** Each GIL's intervals, and what spans them (averages, settings, unassigned events); set once the source is known. */
    private TopFrames frames;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long durationNanos = -1;
        if (duration != null) {
            durationNanos = parseDuration(duration);
            if (durationNanos <= 0) {
                err.println("jgil top: bad --duration '" + duration + "' (valid: " + Durations.SYNTAX + ")");
                return ReportCommand.EXIT_USAGE;
            }
        }
        boolean ansi = !json && !plain && System.console() != null;
        if ((pid == null) == (jmx == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either <pid> (a local JVM) or --jmx <host:port|service:jmx:...>");
        }
        LiveSource source;
        try {
            source = pid != null ? LiveSource.local(pid, attachOptions, agentJar, err) : LiveSource.remote(jmx);
        } catch (Target.Failure f) {
            err.println(f.getMessage());
            return f.exitCode;
        }
        label = source.label;
        frames = new TopFrames(source.settings);

        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> ending = new AtomicReference<>();
        try (EventStream stream = source.stream) {
            Runnable flushPending = () -> show(frames.flush(java.time.Instant.now()), out, ansi);
            // One frame per interval: every GIL's Statistics event, then its ThreadStatistics (TopFrames).
            stream.onEvent(Schema.STATISTICS, e -> show(frames.statistics(e, java.time.Instant.now()), out, ansi));
            stream.onEvent(Schema.THREAD_STATISTICS, frames::threadStatistics);
            // Waits and changes come before the Statistics event that closes their interval; they are
            // assigned to it by time when it is shown.
            stream.onEvent(Schema.CONTENDED_ACQUIRE, frames::unassigned);
            stream.onEvent(Schema.CONFIGURATION_CHANGE, frames::unassigned);
            // The stats thread commits an interval's Statistics and then its ThreadStatistics in one go,
            // so the end of a flush is where an interval is complete.
            stream.onFlush(flushPending);
            stream.onError(ex -> {
                ending.compareAndSet(null, "jgil top: cannot read the recording of " + source.label + ": " + Target.oneLine(ex));
                done.countDown();
            });
            source.watchEnd.accept(why -> {
                ending.compareAndSet(null, why);
                done.countDown();
            });
            Thread hook = new Thread(() -> {
                // Ctrl-C: leave the terminal usable and the target as we found it.
                stream.close();
                source.cleanUp.run();
                if (ansi) {
                    out.print("\033[?25h");
                    out.flush();
                }
            }, "jgil-top-exit");
            Runtime.getRuntime().addShutdownHook(hook);
            stream.startAsync();
            if (durationNanos > 0) done.await(durationNanos, TimeUnit.NANOSECONDS);
            else done.await();
            stream.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it closes what is left
            }
        }
        source.cleanUp.run();
        if (ansi) out.print("\033[?25h");
        out.flush();
        String why = ending.get();
        if (why != null) {
            err.println(why);
            return why.endsWith(" exited") ? ReportCommand.EXIT_OK : ReportCommand.EXIT_BAD_INPUT;
        }
        return ReportCommand.EXIT_OK;
    }

    /** One interval's views (one per GIL; null: nothing complete yet), in the chosen rendering. */
    private void show(List<TopView> frame, PrintWriter out, boolean ansi) {
        if (frame == null) return;
        if (ansi) {
            out.print(TopFormat.screen(frame, label));
        } else {
            for (TopView v : frame) out.print(json ? TopFormat.json(v) : TopFormat.line(v));
        }
        out.flush();
    }

    /** jgil's one duration syntax (as the agent's options); -1 when the text is not a duration. */
    static long parseDuration(String text) {
        try {
            return Durations.parseNanos(text);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
