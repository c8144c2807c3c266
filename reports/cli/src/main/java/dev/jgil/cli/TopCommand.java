package dev.jgil.cli;

import dev.jgil.report.analysis.Site;
import dev.jgil.schema.Format;
import dev.jgil.report.model.RecordingReader;
import dev.jgil.report.render.Json;
import dev.jgil.schema.Durations;
import dev.jgil.schema.Schema;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
    private static final double[] EWMA_WINDOWS_SECONDS = {60, 300, 900};
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

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

    /** Sites shown per interval: the screen's worth a user can act on. */
    static final int TOP_SITES = 5;

    private final double[] heldEwma = new double[3];
    private final double[] waitEwma = new double[3];
    private long totalNanos;

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
        policy = source.policy;
        switchIntervalNanos = source.switchIntervalNanos;

        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> ending = new AtomicReference<>();
        Interval[] pending = {null};
        try (EventStream stream = source.stream) {
            stream.onEvent(Schema.STATISTICS, e -> {
                // A flush can hold several intervals (stats.period below the 1 s flush period): the
                // previous one is complete once the next one begins.
                if (pending[0] != null) show(pending[0], out, ansi);
                pending[0] = new Interval(e);
            });
            stream.onEvent(Schema.THREAD_STATISTICS, e -> {
                if (pending[0] != null) pending[0].threads.add(e);
            });
            // Waits and changes come before the Statistics event that closes their interval; they are
            // assigned to it by time when it is shown.
            stream.onEvent(Schema.CONTENDED_ACQUIRE, unassigned::add);
            stream.onEvent(Schema.CONFIGURATION_CHANGE, unassigned::add);
            // The stats thread commits an interval's Statistics and then its ThreadStatistics in one go,
            // so the end of a flush is where an interval is complete.
            stream.onFlush(() -> {
                Interval i = pending[0];
                pending[0] = null;
                if (i != null) show(i, out, ansi);
            });
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

    // ------------------------------------------------------------------ one interval

    private static final class Interval {
        final RecordedEvent stats;
        final List<RecordedEvent> threads = new ArrayList<>();

        Interval(RecordedEvent stats) {
            this.stats = stats;
        }
    }

    /** Contended waits and configuration changes not yet assigned to an interval (stream thread only). */
    private final List<RecordedEvent> unassigned = new ArrayList<>();
    private String policy = "?";
    private long switchIntervalNanos = -1;
    private String lastChange;

    /** A wait site's figures within one interval. */
    private static final class Site {
        final String frame;
        long waits;
        long waitNanos;

        Site(String frame) {
            this.frame = frame;
        }
    }

    /** One interval's figures, computed once for whichever rendering is chosen. */
    private static final class View {
        RecordedEvent stats;
        List<RecordedEvent> threads;
        long lagMillis, nanos, handOffs;
        double seconds, held, wait, heldError, acq, cont, sw, forced, waitersAvg;
        int waitersMax;
        boolean exact;
        String time, settings;
        List<RecordedEvent> changes;
        List<Site> topSites;
    }

    private void show(Interval i, PrintWriter out, boolean ansi) {
        View v = view(i);
        out.print(json ? json(v) : ansi ? screen(v) : line(v));
        out.flush();
    }

    private View view(Interval i) {
        View v = new View();
        RecordedEvent s = i.stats;
        v.stats = s;
        v.threads = i.threads;
        // Lag: how long after the interval ended it is shown — JFR's flush period (≈ 1 s) plus our reading.
        v.lagMillis = Math.max(0, Duration.between(s.getEndTime(), java.time.Instant.now()).toMillis());
        v.nanos = Math.max(1, s.getDuration(Schema.Statistics.INTERVAL_NANOS).toNanos());
        v.seconds = v.nanos / 1e9;
        v.held = s.getDouble(Schema.Statistics.HELD_FRACTION);
        v.wait = s.getDouble(Schema.Statistics.WAIT_FRACTION);
        v.exact = s.getBoolean(Schema.Statistics.EXACT);
        v.heldError = v.exact ? 0 : s.getDouble(Schema.Statistics.HELD_FRACTION_ERROR);
        totalNanos += v.nanos;
        ewma(heldEwma, v.held, v.seconds);
        ewma(waitEwma, v.wait, v.seconds);
        v.acq = s.getLong(Schema.Statistics.ACQUISITIONS) / v.seconds;
        v.cont = s.getLong(Schema.Statistics.CONTENDED_ACQUISITIONS) / v.seconds;
        v.sw = s.getLong(Schema.Statistics.SWITCHES) / v.seconds;
        v.forced = s.getLong(Schema.Statistics.FORCED_SWITCHES) / v.seconds;
        v.handOffs = s.getLong(Schema.Statistics.WATCHDOG_HAND_OFFS);
        v.waitersAvg = s.getDouble(Schema.Statistics.WAITERS_AVERAGE);
        v.waitersMax = s.getInt(Schema.Statistics.WAITERS_MAX);
        v.time = LocalTime.ofInstant(s.getEndTime(), ZoneId.systemDefault()).format(CLOCK);
        i.threads.sort((a, b) -> Double.compare(b.getDouble(Schema.ThreadStatistics.HELD_FRACTION),
                a.getDouble(Schema.ThreadStatistics.HELD_FRACTION)));

        // What happened up to this interval's end belongs to it; the rest waits for the next one.
        v.changes = new ArrayList<>();
        Map<String, Site> sites = new java.util.HashMap<>();
        for (java.util.Iterator<RecordedEvent> it = unassigned.iterator(); it.hasNext(); ) {
            RecordedEvent e = it.next();
            if (e.getEndTime().isAfter(s.getEndTime())) continue;
            it.remove();
            if (e.getEventType().getName().equals(Schema.CONFIGURATION_CHANGE)) {
                v.changes.add(e);
                policy = e.getString(Schema.ConfigurationChange.NEW_POLICY);
                switchIntervalNanos = e.getDuration(Schema.ConfigurationChange.NEW_INTERVAL_NANOS).toNanos();
                lastChange = LocalTime.ofInstant(e.getStartTime(), ZoneId.systemDefault()).format(CLOCK) + " " + describe(e);
            } else {
                Site site = sites.computeIfAbsent(RecordingReader.waitSite(e.getStackTrace()), Site::new);
                site.waits++;
                site.waitNanos += e.getDuration(Schema.ContendedAcquire.WAIT_NANOS).toNanos();
            }
        }
        List<Site> topSites = new ArrayList<>(sites.values());
        topSites.sort((a, b) -> Long.compare(b.waitNanos, a.waitNanos));
        if (topSites.size() > TOP_SITES) topSites = topSites.subList(0, TOP_SITES);
        v.settings = policy + " " + (switchIntervalNanos < 0 ? "?" : Durations.format(switchIntervalNanos));
        v.topSites = topSites;
        return v;
    }

    private String json(View v) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"time\":");
        Json.quote(sb, v.stats.getEndTime().toString());
        sb.append(",\"intervalNanos\":").append(v.nanos);
        sb.append(",\"lagMillis\":").append(v.lagMillis);
        sb.append(",\"policy\":");
        Json.quote(sb, policy);
        sb.append(",\"switchIntervalNanos\":").append(switchIntervalNanos);
        sb.append(",\"exact\":").append(v.exact);
        num(sb, "heldFraction", v.held);
        num(sb, "heldFractionError", v.heldError);
        num(sb, "waitFraction", v.wait);
        sb.append(",\"heldEwma\":[").append(f(ewma(heldEwma, 0))).append(',').append(f(ewma(heldEwma, 1))).append(',')
                .append(f(ewma(heldEwma, 2))).append(']');
        sb.append(",\"waitEwma\":[").append(f(ewma(waitEwma, 0))).append(',').append(f(ewma(waitEwma, 1))).append(',')
                .append(f(ewma(waitEwma, 2))).append(']');
        num(sb, "acquisitionsPerSecond", v.acq);
        num(sb, "contendedPerSecond", v.cont);
        num(sb, "switchesPerSecond", v.sw);
        num(sb, "forcedSwitchesPerSecond", v.forced);
        sb.append(",\"watchdogHandOffs\":").append(v.handOffs);
        num(sb, "waitersAverage", v.waitersAvg);
        sb.append(",\"waitersMax\":").append(v.waitersMax);
        sb.append(",\"threads\":[");
        for (int k = 0; k < v.threads.size(); k++) {
            RecordedEvent te = v.threads.get(k);
            if (k > 0) sb.append(',');
            sb.append("{\"name\":");
            Json.quote(sb, threadName(te));
            sb.append(",\"id\":").append(te.getLong(Schema.ThreadStatistics.THREAD_ID));
            num(sb, "heldFraction", te.getDouble(Schema.ThreadStatistics.HELD_FRACTION));
            num(sb, "waitFraction", te.getDouble(Schema.ThreadStatistics.WAIT_FRACTION));
            sb.append(",\"acquisitions\":").append(te.getLong(Schema.ThreadStatistics.ACQUISITIONS));
            sb.append(",\"contendedAcquisitions\":").append(te.getLong(Schema.ThreadStatistics.CONTENDED_ACQUISITIONS));
            sb.append(",\"waitP99Nanos\":").append(nanosOrNull(te, Schema.ThreadStatistics.WAIT_P99_NANOS));
            sb.append(",\"waitMaxNanos\":").append(nanosOrNull(te, Schema.ThreadStatistics.WAIT_MAX_NANOS));
            sb.append('}');
        }
        sb.append("],\"sites\":[");
        for (int k = 0; k < v.topSites.size(); k++) {
            Site site = v.topSites.get(k);
            if (k > 0) sb.append(',');
            sb.append("{\"site\":");
            Json.quote(sb, site.frame);
            sb.append(",\"waits\":").append(site.waits).append(",\"waitNanos\":").append(site.waitNanos).append('}');
        }
        sb.append("],\"changes\":[");
        for (int k = 0; k < v.changes.size(); k++) {
            RecordedEvent c = v.changes.get(k);
            if (k > 0) sb.append(',');
            sb.append("{\"time\":");
            Json.quote(sb, c.getStartTime().toString());
            sb.append(",\"oldPolicy\":");
            Json.quote(sb, c.getString(Schema.ConfigurationChange.OLD_POLICY));
            sb.append(",\"newPolicy\":");
            Json.quote(sb, c.getString(Schema.ConfigurationChange.NEW_POLICY));
            sb.append(",\"oldIntervalNanos\":").append(c.getDuration(Schema.ConfigurationChange.OLD_INTERVAL_NANOS).toNanos());
            sb.append(",\"newIntervalNanos\":").append(c.getDuration(Schema.ConfigurationChange.NEW_INTERVAL_NANOS).toNanos());
            sb.append('}');
        }
        sb.append("]}");
        return sb.append(System.lineSeparator()).toString();
    }

    private String line(View v) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s %s held %5.1f%% (%.2f/%.2f/%.2f) wait %5.1f%% (%.2f/%.2f/%.2f) acq/s %.0f "
                        + "contended/s %.0f switches/s %.0f forced/s %.0f handoffs %d waiters %.1f/%d",
                v.time, v.settings, 100 * v.held, ewma(heldEwma, 0), ewma(heldEwma, 1), ewma(heldEwma, 2), 100 * v.wait, ewma(waitEwma, 0),
                ewma(waitEwma, 1), ewma(waitEwma, 2), v.acq, v.cont, v.sw, v.forced, v.handOffs, v.waitersAvg, v.waitersMax));
        String sep = " |";
        for (RecordedEvent te : v.threads) {
            sb.append(String.format(Locale.ROOT, "%s %s held %.1f%% wait %.1f%%", sep, threadName(te),
                    100 * te.getDouble(Schema.ThreadStatistics.HELD_FRACTION), 100 * te.getDouble(Schema.ThreadStatistics.WAIT_FRACTION)));
            sep = ",";
        }
        for (RecordedEvent c : v.changes) sb.append(" | changed: ").append(describe(c));
        return sb.append(System.lineSeparator()).toString();
    }

    private String screen(View v) {
        StringBuilder sb = new StringBuilder();
        sb.append("\033[?25l\033[H\033[2J");
        sb.append(String.format(Locale.ROOT, "jgil top - %s - %s - %s - interval %.2fs - lag %.1fs%n", label, v.time, v.settings,
                v.seconds, v.lagMillis / 1000.0));
        sb.append(lastChange == null ? String.format("%n") : String.format("last change: %s%n", lastChange));
        // Under off the lock is never taken: zeros below mean "unserialized", not "idle".
        sb.append(policy.equals("off") ? String.format("GIL off: designated code runs unserialized (nothing is held or waited for)%n")
                : String.format("%n"));
        sb.append(String.format(Locale.ROOT, "GIL held %5.1f%%%s   1m %5.1f%%  5m %5.1f%%  15m %5.1f%%%n", 100 * v.held,
                v.exact ? "        " : String.format(Locale.ROOT, " ±%4.1f%%", 100 * v.heldError),
                100 * ewma(heldEwma, 0), 100 * ewma(heldEwma, 1), 100 * ewma(heldEwma, 2)));
        sb.append(String.format(Locale.ROOT, "GIL wait %5.1f%%           1m %5.1f%%  5m %5.1f%%  15m %5.1f%%%n%n", 100 * v.wait,
                100 * ewma(waitEwma, 0), 100 * ewma(waitEwma, 1), 100 * ewma(waitEwma, 2)));
        sb.append(String.format(Locale.ROOT, "acquisitions/s %10.0f   contended/s %8.0f%n", v.acq, v.cont));
        sb.append(String.format(Locale.ROOT, "switches/s     %10.0f   forced/s    %8.0f   watchdog hand-offs %d%n", v.sw, v.forced, v.handOffs));
        sb.append(String.format(Locale.ROOT, "waiters avg %.2f max %d%n%n", v.waitersAvg, v.waitersMax));
        sb.append(String.format(Locale.ROOT, "%-32s %7s %7s %10s %12s%n", "THREAD", "HELD", "WAIT", "P99 WAIT", "ACQUISITIONS"));
        for (RecordedEvent te : v.threads) {
            Object p99 = nanosOrNull(te, Schema.ThreadStatistics.WAIT_P99_NANOS);
            sb.append(String.format(Locale.ROOT, "%-32s %6.1f%% %6.1f%% %10s %12d%n", truncate(threadName(te), 32),
                    100 * te.getDouble(Schema.ThreadStatistics.HELD_FRACTION),
                    100 * te.getDouble(Schema.ThreadStatistics.WAIT_FRACTION),
                    p99 == null || ((Long) p99) == 0 ? "-" : Format.nanos((Long) p99),
                    te.getLong(Schema.ThreadStatistics.ACQUISITIONS)));
        }
        if (!v.topSites.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%n%-56s %8s %10s%n", "CONTENDED SITES (recorded waits)", "WAITS", "WAITED"));
            for (Site site : v.topSites) {
                sb.append(String.format(Locale.ROOT, "%-56s %8d %10s%n", truncate(site.frame, 56), site.waits, Format.nanos(site.waitNanos)));
            }
        }
        return sb.toString();
    }

    private static String describe(RecordedEvent c) {
        String from = c.getString(Schema.ConfigurationChange.OLD_POLICY), to = c.getString(Schema.ConfigurationChange.NEW_POLICY);
        long a = c.getDuration(Schema.ConfigurationChange.OLD_INTERVAL_NANOS).toNanos();
        long b = c.getDuration(Schema.ConfigurationChange.NEW_INTERVAL_NANOS).toNanos();
        List<String> parts = new ArrayList<>();
        if (!java.util.Objects.equals(from, to)) parts.add("policy " + from + " -> " + to);
        if (a != b) parts.add("interval " + Durations.format(a) + " -> " + Durations.format(b));
        return parts.isEmpty() ? "policy " + to + " (unchanged)" : String.join(", ", parts);
    }

    /** A Timespan field in ns, or null when the recording predates the field. */
    private static Long nanosOrNull(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getDuration(field).toNanos() : null;
    }

    private static String threadName(RecordedEvent te) {
        String n = te.getString(Schema.ThreadStatistics.THREAD_NAME);
        if (n != null) return n;
        RecordedThread t = te.getThread(Schema.ThreadStatistics.THREAD);
        return t == null || t.getJavaName() == null ? "?" : t.getJavaName();
    }

    private static String truncate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static void num(StringBuilder sb, String key, double v) {
        sb.append(",\"").append(key).append("\":").append(f(v));
    }

    private static String f(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "null";
    }

    // Same load-average arithmetic as the agent's summary (GilRecording): seeded at 0 and normalized by
    // the time seen so far, so the first minutes show the plain average instead of a value climbing from 0.
    private void ewma(double[] e, double x, double dtSeconds) {
        for (int k = 0; k < e.length; k++) {
            double decay = Math.exp(-dtSeconds / EWMA_WINDOWS_SECONDS[k]);
            e[k] = e[k] * decay + x * (1 - decay);
        }
    }

    private double ewma(double[] e, int k) {
        if (totalNanos <= 0) return 0;
        return e[k] / (1 - Math.exp(-(totalNanos / 1e9) / EWMA_WINDOWS_SECONDS[k]));
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
