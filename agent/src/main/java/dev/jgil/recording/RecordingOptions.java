package dev.jgil.recording;

import dev.jgil.report.schema.Schema;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@link GilRecording#start} records and where. A plain mutable class: the agent's option parser
 * fills it from {@code -javaagent:jgil.jar=key=value,...} via {@link #parse(Map)}, tests set fields.
 *
 * <p>{@link #SPECS} is the table of this layer's keys (name, default, description, validator) for the
 * agent's parser to merge into its own and print in its help.
 */
public final class RecordingOptions {
    /** Replaced by the process id in file names ({@code jfr=run-{pid}.jfr}). */
    public static final String PID_PLACEHOLDER = "{pid}";

    // ---- option keys ----
    public static final String RECORD = "record";
    public static final String JFR = "jfr";
    public static final String JFR_SETTINGS = "jfr.settings";
    public static final String JFR_JDK = "jfr.jdk";
    public static final String HLOG = "hlog";
    public static final String SUMMARY = "summary";
    public static final String PRINT = "print";
    public static final String STATS_PERIOD = "stats.period";
    public static final String SAMPLE_PERIOD = "sample.period";
    public static final String ACCOUNTING = "accounting";
    public static final String REPORT = "report";

    /** Validates one option value; throws {@link IllegalArgumentException} with a message naming the valid forms. */
    @FunctionalInterface
    public interface Validator {
        void validate(String value);
    }

    /** One option of this layer, for the agent's option table and help text. */
    public static final class OptionSpec {
        public final String key;
        public final String defaultValue;
        public final String description;
        public final Validator validator;

        OptionSpec(String key, String defaultValue, String description, Validator validator) {
            this.key = key;
            this.defaultValue = defaultValue;
            this.description = description;
            this.validator = validator;
        }

        @Override
        public String toString() {
            return key + "=" + defaultValue + "  " + description;
        }
    }

    /** The recording's option keys, in help order. */
    public static final List<OptionSpec> SPECS = List.of(
            new OptionSpec(RECORD, "on",
                    "off: no files and no exit summary (jfr, hlog, report and summary default to off; naming one keeps "
                            + "it); statistics still run for jgil top, which records only while it watches",
                    v -> oneOf(RECORD, v, "on", "off")),
            new OptionSpec(JFR, "jgil-" + PID_PLACEHOLDER + ".jfr",
                    "JFR file jgil records to (written at exit, also on System.exit/SIGTERM/SIGINT), or off",
                    v -> requireFileOrOff(JFR, v)),
            new OptionSpec(JFR_SETTINGS, Schema.SETTINGS_DEFAULT,
                    "jgil event settings: default (1 ms thresholds), trace (every wait/hold; implies accounting=trace)"
                            + " or a .jfc path (used as is, JDK events included only if it names them)",
                    v -> {
                        if (!v.equals(Schema.SETTINGS_DEFAULT) && !v.equals(Schema.SETTINGS_TRACE) && !v.endsWith(".jfc"))
                            throw new IllegalArgumentException(JFR_SETTINGS + " must be default, trace or a path ending in .jfc, got '" + v + "'");
                    }),
            new OptionSpec(JFR_JDK, "default",
                    "JDK events merged into jgil's recording with a preset: default (~1% cost), profile, or none",
                    v -> oneOf(JFR_JDK, v, "default", "profile", "none")),
            new OptionSpec(HLOG, "jgil-" + PID_PLACEHOLDER + ".hlog",
                    "HdrHistogram interval log of wait and hold times (ns, tags wait/hold), or off",
                    v -> requireFileOrOff(HLOG, v)),
            new OptionSpec(SUMMARY, "on", "print a gil_load-style summary on stderr at exit: on|off",
                    v -> oneOf(SUMMARY, v, "on", "off")),
            new OptionSpec(PRINT, "off", "also print the load on stderr every <duration> (e.g. 10s), or off",
                    v -> {
                        if (!v.equals("off")) parsePositiveDurationNanos(PRINT, v);
                    }),
            new OptionSpec(STATS_PERIOD, "1s", "length of a statistics interval (jgil.Statistics, .hlog line)",
                    v -> parsePositiveDurationNanos(STATS_PERIOD, v)),
            new OptionSpec(SAMPLE_PERIOD, "1ms", "period of the held/wait sampler (gil_load style)",
                    v -> parsePositiveDurationNanos(SAMPLE_PERIOD, v)),
            new OptionSpec(REPORT, "jgil-" + PID_PLACEHOLDER + ".html",
                    "self-contained HTML report written at exit from the recording (needs jfr on), or off",
                    v -> requireFileOrOff(REPORT, v)),
            new OptionSpec(ACCOUNTING, "default",
                    "default: time only contended waits and the holds after them (held fraction sampled);"
                            + " trace: time every hold (exact, two clock reads per acquisition)",
                    v -> oneOf(ACCOUNTING, v, "default", "trace")));

    // ---- the options ----
    /** JFR file, or null for {@code jfr=off}. */
    public Path jfrFile;
    /** {@code default}, {@code trace} or a .jfc path. */
    public String jfrSettings = Schema.SETTINGS_DEFAULT;
    /** JDK configuration merged with a preset: {@code default}, {@code profile} or {@code none}. */
    public String jfrJdk = "default";
    /** HTML report written when the recording stops, or null for {@code report=off}. */
    public Path reportFile;
    /** HdrHistogram interval log, or null for {@code hlog=off}. */
    public Path hlogFile;
    public boolean summary = true;
    /** Periodic summary print period, 0 = off. */
    public long printPeriodNanos;
    public long statsPeriodNanos = TimeUnit.SECONDS.toNanos(1);
    public long samplePeriodNanos = TimeUnit.MILLISECONDS.toNanos(1);
    /** Turn on the lock's trace accounting for the recording's lifetime. */
    public boolean traceAccounting;

    // ---- handed in by the agent, for jgil.Configuration only ----
    public String include = "";
    public String exclude = "";
    public String release = "";
    public String annotation = "";
    /** jgil version; null: the jar manifest's Implementation-Version, else "dev". */
    public String version;

    /** Where the summary goes (stderr; tests redirect it). */
    public PrintStream summaryStream = System.err;
    /** Register a shutdown hook that stops the recording (and so writes the files) at exit. */
    public boolean shutdownHook = true;

    /** What {@code record=off} turns off unless named explicitly. */
    private static final List<String> QUIETED = List.of(JFR, HLOG, REPORT, SUMMARY);

    /** All defaults, files in the working directory named after this process. */
    public static RecordingOptions defaults() {
        return parse(Collections.emptyMap());
    }

    /**
     * Builds options from {@code key=value} pairs of this layer (unknown keys are ignored: the agent owns
     * the rest); missing keys take their {@link #SPECS} default.
     *
     * @throws IllegalArgumentException naming the key and the valid forms
     */
    public static RecordingOptions parse(Map<String, String> values) {
        Map<String, String> v = new LinkedHashMap<>();
        boolean quiet = "off".equals(values.getOrDefault(RECORD, "on").trim());
        for (OptionSpec s : SPECS) {
            String given = values.get(s.key);
            String fallback = quiet && QUIETED.contains(s.key) ? "off" : s.defaultValue;
            String value = given == null ? fallback : given.trim();
            s.validator.validate(value);
            v.put(s.key, value);
        }
        RecordingOptions o = new RecordingOptions();
        o.jfrFile = fileOrNull(v.get(JFR));
        o.jfrSettings = v.get(JFR_SETTINGS);
        o.jfrJdk = v.get(JFR_JDK);
        o.hlogFile = fileOrNull(v.get(HLOG));
        o.reportFile = fileOrNull(v.get(REPORT));
        o.summary = v.get(SUMMARY).equals("on");
        o.printPeriodNanos = v.get(PRINT).equals("off") ? 0 : parsePositiveDurationNanos(PRINT, v.get(PRINT));
        o.statsPeriodNanos = parsePositiveDurationNanos(STATS_PERIOD, v.get(STATS_PERIOD));
        o.samplePeriodNanos = parsePositiveDurationNanos(SAMPLE_PERIOD, v.get(SAMPLE_PERIOD));
        // The trace preset is useless without every hold timed, so it implies trace accounting unless
        // the user said otherwise.
        o.traceAccounting = values.containsKey(ACCOUNTING)
                ? v.get(ACCOUNTING).equals("trace")
                : o.jfrSettings.equals(Schema.SETTINGS_TRACE);
        return o;
    }

    private static Path fileOrNull(String v) {
        if (v.equals("off")) return null;
        return Path.of(v.replace(PID_PLACEHOLDER, Long.toString(ProcessHandle.current().pid())));
    }

    private static void requireFileOrOff(String key, String v) {
        if (v.isEmpty()) throw new IllegalArgumentException(key + " must be a file name or off");
    }

    private static void oneOf(String key, String v, String... valid) {
        for (String s : valid) if (s.equals(v)) return;
        throw new IllegalArgumentException(key + " must be one of " + String.join("|", valid) + ", got '" + v + "'");
    }

    /** A positive duration in jgil's one syntax (unit required: {@link dev.jgil.report.schema.Durations}). */
    public static long parsePositiveDurationNanos(String key, String text) {
        try {
            return dev.jgil.report.schema.Durations.parseNanos(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " must be " + e.getMessage() + ", got '" + text + "'");
        }
    }

    /** The accounting mode's option value. */
    public String accountingName() {
        return traceAccounting ? "trace" : "default";
    }
}
