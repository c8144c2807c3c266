package dev.jgil.cli;

import dev.jgil.report.Reports;
import dev.jgil.report.model.ReportInputException;
import dev.jgil.report.predict.Policy;
import dev.jgil.report.predict.Prediction;
import dev.jgil.report.predict.PredictionHtml;
import dev.jgil.report.predict.PredictionJson;
import dev.jgil.report.predict.PredictionText;
import dev.jgil.report.predict.Simulator;
import dev.jgil.report.predict.Trace;
import dev.jgil.report.predict.TraceReader;
import dev.jgil.report.predict.Zones;
import dev.jgil.schema.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jgil predict <recording.jfr> [--policy switch,fifo] [--interval 1ms,5ms] [--groups one] [--json f] [-o f.html]}. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predicts what a GIL would do to a program from one run without it: replays a recording made "
                + "under policy=off with the trace preset (-javaagent:jgil-agent.jar=include=...,policy=off,"
                + "jfr.settings=trace) under a simulated lock. Several policies or intervals: one table.", "",
                "Exit codes: 0 predicted; 1 unusable input (not off, wrong preset, no designated activity) or output error; 2 usage."})
public final class PredictCommand implements Callable<Integer> {
    /** Median one-way hand-off of a parked waiter, benchmarks/README.md (HandOffLatency: 2-4 µs on the 2-core VM). */
    static final String DEFAULT_HAND_OFF = "4us";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<recording.jfr>", description = "a jgil recording made under policy=off, trace preset")
    Path recording;

    @Option(names = "--policy", split = ",", paramLabel = "<policy>", defaultValue = "switch",
            description = "switch|ticks|fifo|priority|bfs|off, comma-separated for a sweep (default: switch)")
    List<String> policies;

    @Option(names = "--interval", split = ",", paramLabel = "<duration>", defaultValue = "5ms",
            description = "switch interval(s), comma-separated for a sweep (default: 5ms)")
    List<String> intervals;

    @Option(names = "--handoff", paramLabel = "<duration>", defaultValue = DEFAULT_HAND_OFF,
            description = "hand-off latency of a parked waiter (default: " + DEFAULT_HAND_OFF + ", HandOffLatency's median)")
    String handOff;

    @Option(names = "--cores", paramLabel = "<n>", defaultValue = "0",
            description = "cores to simulate (default: the recording machine's)")
    int cores;

    @Option(names = "--groups", paramLabel = "<separate|one>", defaultValue = "separate",
            description = "with a recording made with group.NAME= options: separate (default) simulates one lock per GIL "
                    + "the recording had, one puts all designated code under one GIL (what the groups save)")
    String groups;

    @Option(names = "--time-bound", split = ",", paramLabel = "<thread>",
            description = "threads that run for a fixed time, not a fixed amount of work (a loop until a deadline or a stop "
                    + "flag; exact names or globs with *): replayed busy, repeating what they did, for as long as the other "
                    + "threads replay their work; then what the lock costs the others is not cut short when their recorded "
                    + "work runs out")
    List<String> timeBound = List.of();

    @Option(names = "--json", paramLabel = "<out.json>", description = "also write the prediction as JSON")
    Path json;

    @Option(names = {"-o", "--output"}, paramLabel = "<predict.html>", description = "also write an HTML page")
    Path html;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        List<Policy> ps = new ArrayList<>();
        List<Long> is = new ArrayList<>();
        long h;
        TraceReader.Groups g;
        try {
            g = TraceReader.Groups.parse(groups);
            for (String p : policies) ps.add(Policy.parse(p));
            for (String i : intervals) is.add(Durations.parseNanos(i.trim()));
            h = Durations.parseNanos(handOff.trim());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Trace trace;
        try {
            trace = TraceReader.read(recording, cores, g);
            if (!timeBound.isEmpty()) trace = trace.withTimeBound(timeBound);
        } catch (ReportInputException | IllegalArgumentException e) {
            err.println("jgil: " + e.getMessage());
            err.flush();
            return ReportCommand.EXIT_BAD_INPUT;
        }
        List<Prediction> results = new ArrayList<>();
        for (Policy p : ps) {
            if (p == Policy.OFF || p == Policy.TICKS) {
                results.add(Simulator.run(trace, p, is.get(0), h)); // no interval: one row
            } else {
                for (long i : is) results.add(Simulator.run(trace, p, i, h));
            }
        }
        List<String> warnings = Zones.of(trace);
        out.print(results.size() == 1 ? PredictionText.detail(results.get(0), warnings) : PredictionText.sweep(results, warnings));
        out.flush();
        try {
            if (json != null) Reports.write(json, PredictionJson.of(trace, results, warnings));
            if (html != null) {
                Reports.write(html, PredictionHtml.render(trace, results, warnings));
                err.println("jgil: wrote " + html);
            }
        } catch (IOException e) {
            err.println("jgil: cannot write: " + e);
            return ReportCommand.EXIT_BAD_INPUT;
        }
        err.flush();
        return ReportCommand.EXIT_OK;
    }
}
