package dev.jgil.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The agent's two benchmarks, each against a baseline measured in the same run, runs alternating so
 * drifting machine load hits both sides alike, medians reported:
 * <ol>
 *   <li>start-up and exit: a hello world bare, with only a JFR recording, and with the agent (nothing
 *       designated loaded; its class designated, so ByteBuddy really weaves; recording or not) — targets
 *       at most +150 ms over the matching baseline, CPU at most 2×;</li>
 *   <li>checkpoints: a tight designated loop woven with checkpoints under policy=switch vs the same
 *       loop under policy=off with checkpoints=false (bracketed but no checkpoints) — target at most
 *       5 % slower. Two loops: a dependent arithmetic chain, and an array sum the JIT vectorizes.</li>
 * </ol>
 * Usage, from the repository root (the runner builds what is missing):
 * <pre>  benchmarks/run agent [--java /path/to/bin/java] [--runs 7] [--agent jar]... [startup|nondesignated|checkpoints|all]</pre>
 * Several {@code --agent} jars (an older build beside this one) are timed in the same rounds.
 */
public class AgentBench {
    public static void main(String[] args) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        int runs = 7;
        String what = "all";
        List<Path> agents = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--java": java = args[++i]; break;
                case "--agent": agents.add(Paths.get(args[++i]).toAbsolutePath()); break;
                case "--runs": runs = Integer.parseInt(args[++i]); break;
                default: what = args[i];
            }
        }
        Path agent = Paths.get("agent/target/jgil-agent.jar").toAbsolutePath();
        Path classes = Paths.get("agent/target/test-classes").toAbsolutePath();
        if (!Files.isRegularFile(agent) || !Files.isDirectory(classes)) {
            System.err.println("build first: mvn -q -DskipTests package (needs " + agent + " and " + classes + ")");
            System.exit(2);
        }
        System.out.println("java: " + version(java) + ", " + Runtime.getRuntime().availableProcessors() + " cpus, "
                + runs + " runs per side, alternating; load average before: " + loadAverage());
        if (agents.isEmpty()) agents.add(agent);
        if (what.equals("all") || what.equals("startup")) startup(java, agents, classes, runs);
        if (what.equals("all") || what.equals("nondesignated")) nonDesignated(java, agents.get(agents.size() - 1), classes, runs);
        if (what.equals("all") || what.equals("checkpoints")) {
            checkpoints(java, agent, classes, runs, "chain");
            checkpoints(java, agent, classes, runs, "sum");
        }
        System.out.println("load average after: " + loadAverage());
    }

    /**
     * Start-up and exit, hello world: every configuration once per round, rounds alternating, so load
     * drift hits all alike; medians of the pairs against the baseline of the same round. The baselines
     * are the bare JVM and a JVM that only starts a JFR recording (what jgil's default does too).
     */
    static void startup(String java, List<Path> agents, Path classes, int runs) throws Exception {
        Path dir = Files.createTempDirectory("jgil-startup");
        workDir = dir; // every run writes its files (jgil's, JFR's) here
        String app = "com.acme.apps.bench.HelloExit";
        List<String> names = new ArrayList<>(List.of("bare JVM", "JVM starting a JFR recording only"));
        List<Integer> baseline = new ArrayList<>(List.of(0, 0));
        List<List<String>> cmds = new ArrayList<>(List.of(
                List.of(java, "-cp", classes.toString(), app),
                List.of(java, "-XX:StartFlightRecording:filename=only.jfr", "-cp", classes.toString(), app)));
        for (Path agent : agents) {
            String a = "-javaagent:" + agent + "=";
            String tag = agents.size() > 1 ? " [" + agent.getFileName() + "]" : "";
            names.add("jgil record=off, nothing designated loaded" + tag);
            cmds.add(List.of(java, a + "include=org.example.nothing.**,record=off", "-cp", classes.toString(), app));
            baseline.add(0);
            names.add("jgil record=off, hello designated" + tag);
            cmds.add(List.of(java, a + "include=" + app + ",record=off", "-cp", classes.toString(), app));
            baseline.add(0);
            names.add("jgil default, hello designated" + tag);
            cmds.add(List.of(java, a + "include=" + app, "-cp", classes.toString(), app));
            baseline.add(1);
        }
        for (List<String> c : cmds) timed(c); // warm the file cache
        int n = cmds.size();
        double[][] wall = new double[n][runs];
        double[][] cpu = new double[n][runs];
        double[][] exit = new double[n][runs];
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < n; i++) {
                double[] x = timed(cmds.get(i));
                wall[i][r] = x[0];
                cpu[i][r] = x[1];
                exit[i][r] = x[2];
            }
        }
        System.out.println();
        System.out.println("Start-up, hello world (" + runs + " alternating rounds; wall and CPU of the whole process; "
                + "exit = reaped minus the last line of main; ratios are medians of the pairs within a round)");
        System.out.println("| configuration | wall ms | CPU ms | exit ms | vs | wall diff | wall ratio | CPU ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < n; i++) {
            int b = baseline.get(i);
            double[] dw = new double[runs];
            double[] rw = new double[runs];
            double[] rc = new double[runs];
            for (int r = 0; r < runs; r++) {
                dw[r] = wall[i][r] - wall[b][r];
                rw[r] = wall[i][r] / wall[b][r];
                rc[r] = cpu[i][r] / cpu[b][r];
            }
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %s | %+.0f ms | %.2f | %.2f |%n",
                    names.get(i), median(wall[i]), median(cpu[i]), median(exit[i]), i == b ? "-" : b == 0 ? "bare" : "JFR only",
                    median(dw), median(rw), median(rc));
        }
        System.out.println("targets: record=off <= +150 ms wall over bare, default <= +150 ms over JFR only; CPU ratio <= 2");
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }

    /**
     * The cost to code that is not designated: j.u.c hand-offs, a fork/join fan-out and thread
     * start/join, with the agent loaded and one unrelated class designated (so the JDK's blocking
     * methods carry the releases), against the same program without the agent, alternating.
     * Target: at least 0.95× the throughput without the agent.
     */
    static void nonDesignated(String java, Path agent, Path classes, int runs) throws Exception {
        String app = "com.acme.apps.bench.NonDesignated";
        String agentArg = "-javaagent:" + agent + "=include=" + app + "$Marker,record=off";
        System.out.println();
        System.out.println("Cost to code that is not designated (ops/s, best of 3 timed rounds after a warm-up, per run; "
                + runs + " alternating runs; ratio = median of the pairs, with agent / without)");
        System.out.println("| workload | without agent | with agent | ratio |");
        System.out.println("|---|---|---|---|");
        for (String w : new String[] {"pingpong", "forkjoin", "threads"}) {
            double[] none = new double[runs];
            double[] with = new double[runs];
            double[] ratio = new double[runs];
            for (int r = 0; r < runs; r++) {
                none[r] = opsPerSecond(List.of(java, "-cp", classes.toString(), app, w, "3"));
                with[r] = opsPerSecond(List.of(java, agentArg, "-cp", classes.toString(), app, w, "3"));
                ratio[r] = with[r] / none[r];
            }
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.3f |%n", w, median(none), median(with), median(ratio));
        }
        System.out.println("target: ratio >= 0.95");
    }

    static double opsPerSecond(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("failed: " + cmd + "\n" + out);
        for (String line : out.split("\\R")) {
            if (line.startsWith("opsPerSecond=")) return Double.parseDouble(line.substring("opsPerSecond=".length()));
        }
        throw new IllegalStateException("no result from " + cmd + "\n" + out);
    }

    static void checkpoints(String java, Path agent, Path classes, int runs, String loop) throws Exception {
        String include = "include=com.acme.apps.bench.TightLoop#" + loop;
        List<String> stripped = List.of(java, "-javaagent:" + agent + "=" + include + ",policy=off,checkpoints=false",
                "-cp", classes.toString(), "com.acme.apps.bench.TightLoop", loop);
        List<String> woven = List.of(java, "-javaagent:" + agent + "=" + include, "-cp", classes.toString(),
                "com.acme.apps.bench.TightLoop", loop);
        List<String> bare = List.of(java, "-cp", classes.toString(), "com.acme.apps.bench.TightLoop", loop);
        double[] s = new double[runs];
        double[] w = new double[runs];
        double[] b = new double[runs];
        for (int i = 0; i < runs; i++) {
            s[i] = nsPerIteration(stripped);
            w[i] = nsPerIteration(woven);
            b[i] = nsPerIteration(bare);
        }
        System.out.println();
        System.out.println("Checkpoint cost, tight designated loop '" + loop + "' (ns per iteration: fastest of 60 rounds per run, median over runs)");
        table("ns/iter", new String[] {"policy=off checkpoints=false (baseline)", "policy=switch with checkpoints",
                "no agent (for reference)"}, new double[][] {s, w, b});
        System.out.printf(Locale.ROOT, "slowdown from checkpoints: %+.1f %% (target <= +5 %%)%n",
                (median(w) / median(s) - 1) * 100);
    }

    static void table(String unit, String[] names, double[][] series) {
        System.out.printf(Locale.ROOT, "| %-42s | %10s | %-19s | %6s |%n", "configuration", "median", "min-max", "ratio");
        System.out.println("|" + "-".repeat(44) + "|" + "-".repeat(12) + "|" + "-".repeat(21) + "|" + "-".repeat(8) + "|");
        double base = median(series[0]);
        for (int i = 0; i < names.length; i++) {
            double[] x = series[i].clone();
            Arrays.sort(x);
            System.out.printf(Locale.ROOT, "| %-42s | %10.3f | %8.3f-%-10.3f | %6.3f |%n", names[i], median(x), x[0],
                    x[x.length - 1], median(x) / base);
        }
    }

    static double median(double[] xs) {
        double[] x = xs.clone();
        Arrays.sort(x);
        int n = x.length;
        return n % 2 == 1 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
    }

    /** The working directory of the timed processes (null: ours). */
    static Path workDir;

    /** {wall ms, cpu ms (-1 without /usr/bin/time), exit ms (-1 unless the app prints main-end-epoch-ms)}. */
    static double[] timed(List<String> cmd) throws Exception {
        if (!Files.isExecutable(Paths.get("/usr/bin/time"))) return new double[] {wallMillis(cmd), -1, -1};
        List<String> wrapped = new ArrayList<>(List.of("/usr/bin/time", "-f", "JGILTIME %U %S"));
        wrapped.addAll(cmd);
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(wrapped).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (workDir != null) pb.directory(workDir.toFile());
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("failed: " + cmd + "\n" + err);
        double wall = (System.nanoTime() - t0) / 1e6;
        long reaped = System.currentTimeMillis();
        double[] out = {wall, -1, -1};
        for (String line : err.split("\\R")) {
            if (line.startsWith("JGILTIME ")) {
                String[] f = line.split(" ");
                out[1] = (Double.parseDouble(f[1]) + Double.parseDouble(f[2])) * 1000;
            } else if (line.startsWith("main-end-epoch-ms ")) {
                out[2] = reaped - Long.parseLong(line.substring("main-end-epoch-ms ".length()).trim());
            }
        }
        return out;
    }

    static double wallMillis(List<String> cmd) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timeout: " + cmd);
        }
        if (p.exitValue() != 0) throw new IllegalStateException("exit " + p.exitValue() + ": " + cmd);
        return (System.nanoTime() - t0) / 1e6;
    }

    static double nsPerIteration(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("failed: " + cmd + "\n" + out);
        for (String line : out.split("\\R")) {
            if (line.startsWith("nsPerIteration=")) return Double.parseDouble(line.substring("nsPerIteration=".length()));
        }
        throw new IllegalStateException("no result from " + cmd + "\n" + out);
    }

    static String version(String java) throws Exception {
        Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes()).split("\\R")[0];
        p.waitFor();
        return v;
    }

    static String loadAverage() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "n/a";
        }
    }
}
