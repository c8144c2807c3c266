package dev.jgil.bench.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures {@code jgil top}: how late it shows what happens in a target, and what it costs the target.
 * JDK only; driven by {@code benchmarks/live-top.sh}, which documents the figures. Everything runs as child
 * processes of this one on the JDK given by {@code java=}: the target ({@link BusyTarget} with the agent),
 * {@code jgil top <pid> --json} and {@code jgil set <pid> interval=...}.
 *
 * <pre>
 * java -cp benchmarks/target/classes dev.jgil.bench.live.LiveTopBench mode=latency|cost \
 *      java=/path/bin/java agent=agent/target/jgil-agent.jar cli=reports/cli/target/jgil.jar \
 *      cp=benchmarks/target/classes out=DIR [workers=2] [policy=switch] [warmup=8 (latency), 10 (cost)]
 *      latency: [changes=12] [every=5] [intervals=60]      cost: [windows=6] [seconds=15] [settle=2]
 * </pre>
 *
 * <p>Prints one Markdown table on stdout (progress on stderr) and writes the raw rows to {@code out}
 * ({@code latency-lines.tsv}, {@code latency-changes.tsv}, {@code cost-windows.tsv}).
 *
 * <p>Clocks: "read" is {@link Instant#now()} in this process when a line of top's stdout arrives (top
 * flushes every line); the target's times ({@code time} of an interval, of a change) are JFR timestamps,
 * i.e. the same wall clock of the same machine, converted by JFR from its tick counter.
 */
public final class LiveTopBench {
    static final Pattern LINE_TIME = Pattern.compile("^\\{\"time\":\"([^\"]+)\"");
    static final Pattern LAG = Pattern.compile("\"lagMillis\":(\\d+)");
    static final Pattern INTERVAL = Pattern.compile("\"intervalNanos\":(\\d+)");
    static final Pattern SWITCH = Pattern.compile("\"switchIntervalNanos\":(-?\\d+)");
    static final Pattern CHANGE = Pattern.compile("\\{\"time\":\"([^\"]+)\",\"oldPolicy\":[^}]*\"newIntervalNanos\":(\\d+)\\}");

    private final Map<String, String> opt;
    final Path out;
    final String java;

    private LiveTopBench(Map<String, String> opt) {
        this.opt = opt;
        // the target runs in out/: make the paths it is given absolute
        for (String k : new String[] {"agent", "cli", "cp"}) {
            if (opt.containsKey(k)) opt.put(k, Path.of(opt.get(k)).toAbsolutePath().toString());
        }
        this.out = Path.of(need("out"));
        this.java = need("java");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("expected key=value, got " + a);
            opt.put(a.substring(0, eq), a.substring(eq + 1));
        }
        LiveTopBench b = new LiveTopBench(opt);
        Files.createDirectories(b.out);
        switch (b.need("mode")) {
            case "latency": b.latency(); break;
            case "cost": b.cost(); break;
            default: throw new IllegalArgumentException("mode=latency|cost");
        }
    }

    String need(String key) {
        String v = opt.get(key);
        if (v == null) throw new IllegalArgumentException("missing " + key + "=");
        return v;
    }

    private int num(String key, int dflt) {
        return opt.containsKey(key) ? Integer.parseInt(opt.get(key)) : dflt;
    }

    int workers() {
        return num("workers", 2);
    }

    String policy() {
        return opt.getOrDefault("policy", "switch");
    }

    // ------------------------------------------------------------------ latency

    private void latency() throws Exception {
        int changes = num("changes", 12), every = num("every", 5), intervals = num("intervals", 60);
        int skip = 3; // top's first lines replay the repository's backlog: startup, not steady-state lag
        String load0 = loadAvg();
        try (Target t = Target.start(this)) {
            sleepSeconds(num("warmup", 8));
            Top top = Top.start(this, t.pid);
            if (!top.awaitFirst(60)) throw new IllegalStateException("top printed nothing in 60 s; see " + out.resolve("top.err"));
            long firstMs = Duration.between(top.started, top.lines.get(0).read).toMillis();
            double cpuToFirst = top.cpuAtFirst / 1e9;
            long topCpu0 = top.cpuNanos(), wall0 = System.nanoTime();
            List<SetRun> sets = new ArrayList<>();
            for (int k = 0; k < changes; k++) {
                sleepSeconds(every);
                String value = k % 2 == 0 ? "2ms" : "5ms"; // the agent's default is 5ms: every set is a change
                sets.add(SetRun.run(this, t.pid, "interval=" + value));
                System.err.printf(Locale.ROOT, "  set %d/%d interval=%s (%d ms)%n", k + 1, changes, value,
                        Duration.between(sets.get(k).start, sets.get(k).end).toMillis());
            }
            // Wait for the last change to show and for enough steady-state intervals.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30 + intervals);
            while (System.nanoTime() < deadline && (top.lineCount() < intervals + skip || !allSeen(top, sets))) Thread.sleep(200);
            double topCores = (top.cpuNanos() - topCpu0) / (double) (System.nanoTime() - wall0);
            top.close();
            String load1 = loadAvg();

            List<Line> lines = top.snapshot();
            List<Line> steady = lines.subList(Math.min(skip, lines.size()), lines.size());
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("latency-lines.tsv")))) {
                w.println("intervalEnd\tread\tlagMillis\townLagMillis\tintervalNanos\tswitchIntervalNanos\tchanges");
                for (Line l : lines) {
                    w.printf(Locale.ROOT, "%s\t%s\t%d\t%d\t%d\t%d\t%d%n", l.time, l.read, l.lagMillis, l.ownLagMillis(), l.intervalNanos,
                            l.switchIntervalNanos, l.changes.size());
                }
            }
            List<double[]> matched = new ArrayList<>(); // set→change, change→end, end→read, change→read, set→read, set wall
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("latency-changes.tsv")))) {
                w.println("setStart\tsetEnd\tsetExit\tchangeTime\tnewIntervalNanos\tintervalEnd\tread\tlagMillis");
                for (SetRun s : sets) {
                    Line hit = null;
                    Change c = null;
                    for (Line l : lines) {
                        for (Change ch : l.changes) {
                            if (!ch.time.isBefore(s.start.minusMillis(50)) && !ch.time.isAfter(s.end.plusMillis(50))) {
                                hit = l;
                                c = ch;
                            }
                        }
                        if (hit != null) break;
                    }
                    w.printf(Locale.ROOT, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s%n", s.start, s.end, s.exit, c == null ? "-" : c.time,
                            c == null ? "-" : c.newIntervalNanos, hit == null ? "-" : hit.time, hit == null ? "-" : hit.read,
                            hit == null ? "-" : hit.lagMillis);
                    if (hit == null) continue;
                    matched.add(new double[] {ms(s.start, c.time), ms(c.time, hit.time), ms(hit.time, hit.read), ms(c.time, hit.read),
                            ms(s.start, hit.read), ms(s.start, s.end)});
                }
            }

            System.out.printf(Locale.ROOT, "#### Latency: JDK %s, %d worker(s), policy=%s, load %s → %s%n%n", jdk(), workers(), policy(),
                    load0, load1);
            System.out.println("| figure | n | median | p90 | max |");
            System.out.println("|---|---|---|---|---|");
            row("`lagMillis` (top's own: interval end → printed)", steady, l -> l.lagMillis, "ms");
            row("interval end → line read by the harness (own timestamp)", steady, l -> l.ownLagMillis(), "ms");
            String missing = matched.size() == sets.size() ? "" : " (" + (sets.size() - matched.size()) + " of " + sets.size() + " never shown)";
            rowCol("change in target → its line read (own timestamp)" + missing, matched, 3);
            rowCol("  of which: change → end of its interval", matched, 1);
            rowCol("  of which: interval end → line read", matched, 2);
            rowCol("`jgil set` start → change in target (set's JVM start, attach, JMX)", matched, 0);
            rowCol("`jgil set` start → line read", matched, 4);
            rowCol("`jgil set` wall time (start → exit)", matched, 5);
            System.out.printf(Locale.ROOT, "| top start → first line read (once; its first %d lines replay the backlog, excluded above) | 1 | %d ms | | |%n",
                    skip, firstMs);
            System.out.printf(Locale.ROOT, "| top CPU to its first line (JVM start, attach, opening the repository) | 1 | %.2f s | | |%n", cpuToFirst);
            System.out.printf(Locale.ROOT, "| top CPU afterwards, steady state | 1 | %.3f cores | | |%n", topCores);
            System.out.println();
        }
    }

    private static boolean allSeen(Top top, List<SetRun> sets) {
        int seen = 0;
        for (Line l : top.snapshot()) seen += l.changes.size();
        return seen >= sets.size();
    }

    private static double ms(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1e6;
    }

    private static void row(String name, List<Line> xs, ToDoubleFunction<Line> f, String unit) {
        double[] v = xs.stream().mapToDouble(f).toArray();
        printRow(name, v, unit);
    }

    private static void rowCol(String name, List<double[]> rows, int col) {
        printRow(name, rows.stream().mapToDouble(r -> r[col]).toArray(), "ms");
    }

    private static void printRow(String name, double[] v, String unit) {
        if (v.length == 0) {
            System.out.printf("| %s | 0 | | | |%n", name);
            return;
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %.0f %s | %.0f %s | %.0f %s |%n", name, v.length, pct(v, 0.5), unit, pct(v, 0.9), unit,
                pct(v, 1.0), unit);
    }

    /** Percentile with linear interpolation between closest ranks (p = 0.5: the usual median; p = 1: the max). */
    static double pct(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = p * (s.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    // ------------------------------------------------------------------ cost

    private void cost() throws Exception {
        int windows = num("windows", 6), seconds = num("seconds", 15), settle = num("settle", 2);
        String load0 = loadAvg();
        List<Window> ws = new ArrayList<>();
        List<double[]> startups = new ArrayList<>(); // top start → first line (ms), its CPU until then (s)
        try (Target t = Target.start(this)) {
            sleepSeconds(num("warmup", 10));
            // off, on, off, on, …, off: every "with" window is bracketed by two "without" ones, so the paired
            // ratio (with ÷ the mean of its neighbours) cancels a linear drift of the machine's speed.
            for (int i = 0; i <= windows; i++) {
                for (boolean on : i < windows ? new boolean[] {false, true} : new boolean[] {false}) {
                    Top top = null;
                    if (on) {
                        top = Top.start(this, t.pid);
                        if (!top.awaitFirst(60)) throw new IllegalStateException("top printed nothing in 60 s");
                        startups.add(new double[] {ms(top.started, top.lines.get(0).read), top.cpuAtFirst / 1e9});
                    }
                    sleepSeconds(settle);
                    Window w = Window.measure(t, top, i, seconds);
                    ws.add(w);
                    System.err.printf(Locale.ROOT, "  window %d %-8s work/s %.0f target %.2f cores, top %.3f, machine %.2f, load %.2f%n", i,
                            on ? "with" : "without", w.workPerSecond, w.targetCores, w.topCores, w.machineCores, w.load1);
                    if (top != null) top.close();
                }
            }
        }
        String load1 = loadAvg();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("cost-windows.tsv")))) {
            w.println("pair\ttop\tworkPerSecond\ttargetCores\tworkerCores\ttopCores\tharnessCores\tmachineCores\totherCores\tload1");
            for (Window x : ws) {
                w.printf(Locale.ROOT, "%d\t%s\t%.0f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.2f%n", x.pair, x.top ? "on" : "off", x.workPerSecond,
                        x.targetCores, x.workerCores, x.topCores, x.harnessCores, x.machineCores, x.otherCores(), x.load1);
            }
        }
        List<Window> off = new ArrayList<>(), on = new ArrayList<>();
        for (Window x : ws) (x.top ? on : off).add(x);
        double[] paired = new double[on.size()];
        for (int i = 0; i < on.size(); i++) paired[i] = on.get(i).workPerSecond / ((off.get(i).workPerSecond + off.get(i + 1).workPerSecond) / 2);

        System.out.printf(Locale.ROOT, "#### Cost: JDK %s, %d worker(s), policy=%s, %d×%d s with top, %d×%d s without (ABA…BA), load %s → %s%n%n", jdk(),
                workers(), policy(), windows, seconds, windows + 1, seconds, load0, load1);
        System.out.println("| figure (medians over windows) | without top | with top | with ÷ without |");
        System.out.println("|---|---|---|---|");
        costRow("target throughput (work/s)", off, on, x -> x.workPerSecond, "%.0f", true);
        System.out.printf(Locale.ROOT, "| target throughput, paired (each window with ÷ the mean of the two without around it): median [min … max] | | | %.3f [%.3f … %.3f] |%n",
                pct(paired, 0.5), pct(paired, 0), pct(paired, 1));
        costRow("target process CPU (cores)", off, on, x -> x.targetCores, "%.3f", true);
        costRow("target worker threads' CPU (cores)", off, on, x -> x.workerCores, "%.3f", true);
        costRow("top's CPU (cores)", off, on, x -> x.topCores, "%.3f", false);
        costRow("this harness's CPU (cores)", off, on, x -> x.harnessCores, "%.3f", false);
        costRow("whole machine busy (cores, /proc/stat)", off, on, x -> x.machineCores, "%.2f", false);
        costRow("other processes (machine − target − top − harness, cores)", off, on, Window::otherCores, "%.2f", false);
        costRow("load average (1 min)", off, on, x -> x.load1, "%.2f", false);
        double[] upMs = startups.stream().mapToDouble(r -> r[0]).toArray(), upCpu = startups.stream().mapToDouble(r -> r[1]).toArray();
        System.out.printf(Locale.ROOT, "| top start-up, once per session (not in the windows): start → first line; its CPU until then | | %.0f ms; %.2f s CPU | |%n",
                pct(upMs, 0.5), pct(upCpu, 0.5));
        System.out.println();
    }

    private static void costRow(String name, List<Window> off, List<Window> on, ToDoubleFunction<Window> f, String fmt, boolean ratio) {
        double a = pct(off.stream().mapToDouble(f).toArray(), 0.5), b = pct(on.stream().mapToDouble(f).toArray(), 0.5);
        System.out.printf(Locale.ROOT, "| %s | " + fmt + " | " + fmt + " | %s |%n", name, a, b, ratio ? String.format(Locale.ROOT, "%.3f", b / a) : "");
    }

    /** One measurement window. */
    private static final class Window {
        int pair;
        boolean top;
        double workPerSecond, targetCores, workerCores, topCores, harnessCores, machineCores, load1;

        double otherCores() {
            return machineCores - targetCores - topCores - harnessCores;
        }

        static Window measure(Target t, Top top, int pair, int seconds) throws Exception {
            Window w = new Window();
            w.pair = pair;
            w.top = top != null;
            long[] stat0 = procStat();
            long self0 = cpu(ProcessHandle.current()), tcpu0 = cpu(t.process.toHandle()), top0 = top == null ? 0 : top.cpuNanos();
            long[] s0 = t.sample();
            long wall0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long[] s1 = t.sample();
            long wall1 = System.nanoTime();
            long self1 = cpu(ProcessHandle.current()), tcpu1 = cpu(t.process.toHandle()), top1 = top == null ? 0 : top.cpuNanos();
            long[] stat1 = procStat();
            double wall = wall1 - wall0;
            w.workPerSecond = (s1[1] - s0[1]) / ((s1[0] - s0[0]) / 1e9);
            w.workerCores = (s1[2] - s0[2]) / (double) (s1[0] - s0[0]);
            w.targetCores = (tcpu1 - tcpu0) / wall;
            w.topCores = (top1 - top0) / wall;
            w.harnessCores = (self1 - self0) / wall;
            // /proc/stat is in USER_HZ (100 per second on Linux)
            w.machineCores = stat1[1] - stat0[1] == 0 ? 0 : (stat1[0] - stat0[0]) / 100.0 / (wall / 1e9);
            w.load1 = Double.parseDouble(loadAvg().split(" ")[0]);
            return w;
        }
    }

    /** {busy, total} jiffies of the whole machine, from the first line of /proc/stat. */
    static long[] procStat() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0, idle = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) idle += v;
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    static String loadAvg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "? ? ?";
        }
    }

    static long cpu(ProcessHandle h) {
        return h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private String jdk() {
        return opt.getOrDefault("jdk", "?");
    }

    static void sleepSeconds(int s) throws InterruptedException {
        Thread.sleep(s * 1000L);
    }
}
