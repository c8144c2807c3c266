package dev.jgil.agent.options;

import dev.jgil.schema.Durations;
import dev.jgil.schema.Names;
import dev.jgil.schema.Schema;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every option of jgil, agent and recording alike, in the manner of async-profiler's {@code Arguments}:
 * the fields are the options, and {@link Option#TABLE} declares each one once — key, default, syntax,
 * help text and the parser that sets the field. Parsing, defaults, {@code --help}, {@code jgil set} and the
 * MBean all go through that table; nothing is turned back into text to be parsed again.
 *
 * <p>Not thread-safe: built once at start-up (or per {@code jgil set} request) and then only read.
 */
public final class AgentOptions {
    /** Replaced by the process id in file names ({@code jfr=run-{pid}.jfr}). */
    public static final String PID_PLACEHOLDER = "{pid}";

    // ---- what is designated ----
    public List<Glob> include;
    public List<Glob> exclude;
    public List<String> annotation;
    public List<Glob> release;

    /** {@code group.NAME=...}: one GIL per group, in the order given (see {@link GroupOption}). */
    public final Map<String, GroupOption> groups = new LinkedHashMap<>();

    // ---- the lock ----
    public String policy;
    public long intervalNanos;
    public int checkInterval;

    // ---- the agent ----
    public boolean strict;
    public boolean verbose;
    public boolean jmx;
    /** Internal: weave checkpoints (false only to measure what they cost). */
    public boolean checkpoints;

    // ---- the recording ----
    public boolean record;
    /** JFR file, or null for {@code jfr=off}. */
    public Path jfrFile;
    /** {@code default}, {@code trace} or a .jfc path. */
    public String jfrSettings;
    /** JDK configuration merged with a preset: {@code default}, {@code profile} or {@code none}. */
    public String jfrJdk;
    /** HdrHistogram interval log, or null for {@code hlog=off}. */
    public Path hlogFile;
    /** HTML report written when the recording stops, or null for {@code report=off}. */
    public Path reportFile;
    /** {@code out=}: the directory relative file names resolve against (made at start), or null: the working directory. */
    public Path outDir;
    public boolean summary;
    /** Periodic summary print period, 0 = off. */
    public long printPeriodNanos;
    public long statsPeriodNanos;
    public long samplePeriodNanos;
    /** Time every hold (exact held fractions) rather than only the contended ones. */
    public boolean traceAccounting;

    // ---- not options: set by the agent, or by tests ----
    /** jgil version; null: the jar manifest's Implementation-Version, else "dev". */
    public String version;
    /** Where the summary and the recording's one-line problems go (stderr; tests redirect it). */
    public PrintStream summaryStream = System.err;
    /** Register a shutdown hook that stops the recording (and so writes the files) at exit. */
    public boolean shutdownHook = true;

    /** The options as given, in order (key to text), for messages and the recorded configuration. */
    private final Map<String, String> given = new LinkedHashMap<>();

    /** Every option at its default; files in the working directory named after this process. */
    public AgentOptions() {
        for (Option o : Option.TABLE) {
            try {
                o.setter.set(this, o.defaultText);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("option table: invalid default for " + o.key, e);
            }
        }
    }

    /** All defaults (for the recording's tests and tools): the same as {@code new AgentOptions()}. */
    public static AgentOptions defaults() {
        return new AgentOptions();
    }

    /**
     * Parses {@code -javaagent:jgil-agent.jar=key=value,key=value}; the same pairs may come one per line
     * from {@code config=FILE}. Pairs apply in order, so a later one overrides an earlier one. Something
     * must be designated ({@code include=} or {@code annotation=}).
     *
     * @throws OptionsException with one line naming the option, the value and what is valid
     */
    public static AgentOptions parse(String agentArgs) throws OptionsException {
        AgentOptions o = OptionParser.parse(agentArgs);
        try {
            GroupOption.check(o.groups);
        } catch (IllegalArgumentException e) {
            throw new OptionsException(e.getMessage(), o.strict);
        }
        if (o.include.isEmpty() && o.annotation.isEmpty() && o.groups.isEmpty()) {
            throw new OptionsException("nothing designated: include= is empty and no annotation= given (valid: "
                    + "e.g. include=com.acme.** or annotation=com.acme.Designated)", o.strict);
        }
        return o;
    }

    /**
     * Sets one option from its text, as if given last; for tests, {@code jgil set} and the MBean.
     *
     * @throws IllegalArgumentException {@code bad value 'X' for key (valid: ...)}, or unknown option
     */
    public AgentOptions set(String key, String text) {
        if (GroupOption.isGroupKey(key)) {
            String t = text == null ? "" : text.trim();
            GroupOption.apply(groups, key, t);
            given.put(key, t);
            return this;
        }
        Option o = Option.byKey(key);
        if (o == null) throw new IllegalArgumentException(Option.unknown(key));
        if (o.key.equals("config")) throw new IllegalArgumentException("config= is read by the agent's parser only");
        String t = text == null ? "" : text.trim();
        try {
            o.setter.set(this, t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Option.badValue(o, t, e));
        }
        given.put(o.key, t);
        settle();
        return this;
    }

    /** Whether the option was given (rather than defaulted). */
    public boolean isGiven(String key) {
        return given.containsKey(key);
    }

    /** The option's text as given, or "" if it was not given. */
    public String givenText(String key) {
        return given.getOrDefault(key, "");
    }

    void given(String key, String text) {
        given.put(key, text);
    }

    /**
     * Options that depend on others, applied after every pair: {@code record=off} turns the outputs off
     * unless one is named explicitly; the trace preset implies trace accounting unless accounting= says
     * otherwise.
     */
    void settle() {
        if (!isGiven("summary")) {
            if (record) Option.byKey("summary").setter.set(this, Option.byKey("summary").defaultText);
            else summary = false;
        }
        // The file names are worked out again from the text each time, so the order of jfr=, record= and
        // out= does not matter.
        jfrFile = outputFile("jfr");
        hlogFile = outputFile("hlog");
        reportFile = outputFile("report");
        if (!isGiven("accounting")) traceAccounting = Schema.SETTINGS_TRACE.equals(jfrSettings);
    }

    /** The file for an output option: off under record=off unless named; a relative name goes under out=. */
    private Path outputFile(String key) {
        if (!record && !isGiven(key)) return null;
        Path p = fileOrOff(isGiven(key) ? givenText(key) : Option.byKey(key).defaultText);
        return p == null || outDir == null || p.isAbsolute() ? p : outDir.resolve(p);
    }

    /** The options as given, {@code key=value,...}, for messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (sb.length() > 0) sb.append(',');
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /** The accounting mode's option value. */
    public String accountingName() {
        return traceAccounting ? "trace" : "default";
    }

    // =====================================================================================
    // Value parsers: each throws IllegalArgumentException whose message is the "valid: ..." part.
    // =====================================================================================

    static String policyName(String s) {
        String p = s.trim().toLowerCase(Locale.ROOT);
        if (!Names.POLICIES.contains(p)) throw new IllegalArgumentException(Names.POLICY_SYNTAX);
        return p;
    }

    static boolean bool(String s, String yes, String no) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.equals(yes)) return true;
        if (v.equals(no)) return false;
        throw new IllegalArgumentException(yes + "|" + no);
    }

    static String oneOf(String s, String... valid) {
        for (String v : valid) if (v.equals(s)) return v;
        throw new IllegalArgumentException(String.join("|", valid));
    }

    static int positiveInt(String s) {
        try {
            int v = Integer.parseInt(s.trim());
            if (v >= 1) return v;
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("an integer >= 1");
    }

    /** A duration in jgil's one syntax, at least {@code minNanos}. */
    static long duration(String s, long minNanos) {
        long nanos = Durations.parseNanos(s); // its message is the syntax
        if (nanos < minNanos) throw new IllegalArgumentException(Durations.SYNTAX + ", at least " + Durations.format(minNanos));
        return nanos;
    }

    /** A file name (with {@code {pid}}), or null for {@code off}. */
    static Path fileOrOff(String s) {
        if (s.isEmpty()) throw new IllegalArgumentException("a file name or off");
        if (s.equals("off")) return null;
        return Path.of(s.replace(PID_PLACEHOLDER, Long.toString(ProcessHandle.current().pid())));
    }

    /** {@code out=}: a directory path; {@code ""} is the working directory. */
    static Path directory(String s) {
        return s.isEmpty() ? null : Path.of(s.replace(PID_PLACEHOLDER, Long.toString(ProcessHandle.current().pid())));
    }

    static String jfrSettings(String s) {
        if (s.equals(Schema.SETTINGS_DEFAULT) || s.equals(Schema.SETTINGS_TRACE) || s.endsWith(".jfc")) return s;
        throw new IllegalArgumentException("default|trace|<file.jfc>");
    }

    static List<String> classNames(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(";")) {
            String n = part.trim();
            if (n.isEmpty()) continue;
            boolean ok = !n.startsWith(".") && !n.endsWith(".") && !n.contains("..");
            for (int i = 0; ok && i < n.length(); i++) {
                char c = n.charAt(i);
                ok = Character.isJavaIdentifierPart(c) || c == '.';
            }
            if (!ok) throw new IllegalArgumentException("fully qualified annotation names like com.acme.Designated, "
                    + "separated by ';'");
            out.add(n);
        }
        return Collections.unmodifiableList(out);
    }

    static List<Glob> releaseGlobs(String s) {
        List<Glob> globs = Glob.parseList(s);
        for (Glob g : globs) {
            String c = g.classGlob();
            if (c.startsWith("java.") || c.startsWith("javax.") || c.startsWith("jdk.") || c.startsWith("sun.")
                    || c.startsWith("com.sun.") || c.startsWith("*")) {
                throw new IllegalArgumentException(Glob.SYNTAX + "; JDK classes cannot be release zones yet");
            }
        }
        return globs;
    }
}
