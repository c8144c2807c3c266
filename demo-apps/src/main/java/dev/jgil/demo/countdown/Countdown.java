package dev.jgil.demo.countdown;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GIL chapter's first experiment: count down from N sequentially, then split over T threads, then
 * over T processes (child JVMs, each with its own GIL — the {@code multiprocessing} workaround).
 * Under the GIL the threads gain nothing; the processes do. Without the agent, threads scale too.
 *
 * <pre>
 *   ./jgil demo countdown [--n 50000000] [--threads 2] [--modes sequential,threads,processes]
 * </pre>
 * Designate {@code dev.jgil.demo.countdown.CountdownWork} (the {@code jgil} script does).
 */
public final class Countdown {
    public static void main(String[] args) throws Exception {
        long n = 50_000_000L;
        int threads = 2;
        String modes = "sequential,threads,processes";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--n": n = parseCount(args[++i]); break;
                case "--threads": threads = Integer.parseInt(args[++i]); break;
                case "--modes": modes = args[++i]; break;
                case "--child": // internal: one process's share
                    System.out.println("result " + CountdownWork.countdown(parseCount(args[++i])));
                    return;
                default:
                    System.err.println("countdown: unknown argument '" + args[i]
                            + "' (valid: --n <count>, --threads <k>, --modes sequential,threads,processes)");
                    System.exit(2);
            }
        }
        if (n <= 0 || threads <= 0) {
            System.err.println("countdown: --n and --threads must be positive");
            System.exit(2);
        }
        System.out.printf(Locale.ROOT, "countdown from %,d; %d threads/processes; %d cores; GIL agent %s%n",
                n, threads, Runtime.getRuntime().availableProcessors(), agentArgument() == null ? "off" : "on");
        // Warm up the JIT with several calls, so every mode runs the same compiled code (a single long
        // call would leave the first mode on on-stack-replacement code and skew the ratios).
        for (int i = 0; i < 20; i++) CountdownWork.countdown(Math.max(1, n / 200));

        List<String[]> rows = new ArrayList<>();
        double sequentialMillis = Double.NaN;
        for (String mode : modes.split(",")) {
            long start = System.nanoTime();
            switch (mode.trim()) {
                case "sequential": CountdownWork.countdown(n); break;
                case "threads": runThreads(n, threads); break;
                case "processes": runProcesses(n, threads); break;
                default:
                    System.err.println("countdown: unknown mode '" + mode + "' (valid: sequential, threads, processes)");
                    System.exit(2);
            }
            double millis = (System.nanoTime() - start) / 1e6;
            if (mode.trim().equals("sequential")) sequentialMillis = millis;
            rows.add(new String[] {mode.trim(), String.format(Locale.ROOT, "%.0f", millis),
                    Double.isNaN(sequentialMillis) ? "-" : String.format(Locale.ROOT, "%.2f", millis / sequentialMillis)});
        }
        System.out.println();
        System.out.println("| mode | wall ms | ratio vs sequential |");
        System.out.println("|---|---:|---:|");
        for (String[] r : rows) System.out.println("| " + r[0] + " | " + r[1] + " | " + r[2] + " |");
    }

    private static void runThreads(long n, int threads) throws InterruptedException {
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            long share = n / threads + (i < n % threads ? 1 : 0);
            Thread t = new Thread(() -> CountdownWork.countdown(share), "countdown-" + i);
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) t.join();
    }

    private static void runProcesses(long n, int processes) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            long share = n / processes + (i < n % processes ? 1 : 0);
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            String agent = agentArgument();
            if (agent != null) cmd.add(agent); // each child gets its own GIL, like each Python process
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(Countdown.class.getName());
            cmd.add("--child");
            cmd.add(Long.toString(share));
            ps.add(new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        for (Process p : ps) {
            int code = p.waitFor();
            if (code != 0) throw new IllegalStateException("child process exited with " + code);
        }
    }

    private static String agentArgument() {
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-javaagent:") && a.contains("jgil")) return a;
        }
        return null;
    }

    private static long parseCount(String s) {
        return Long.parseLong(s.replace("_", "").replace(",", ""));
    }

    private Countdown() {
    }
}
