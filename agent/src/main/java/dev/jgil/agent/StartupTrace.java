package dev.jgil.agent;

import java.io.PrintStream;

/**
 * Phase timings of the agent's own start-up and exit, on stderr when {@code -Djgil.startup.trace=true}:
 * wall time of the phase and the process CPU time consumed meanwhile (all threads, from
 * the live threads' schedstat files under {@code /proc/self/task}). Costs one property read when off.
 */
public final class StartupTrace {
    public static final boolean ON = Boolean.getBoolean("jgil.startup.trace");
    private static final PrintStream OUT = System.err;
    private static long lastWall = System.nanoTime();
    private static long lastCpu = cpu();

    private StartupTrace() {
    }

    static long cpu() {
        if (!ON) return 0;
        // Sum of the live threads' run time, ns (/proc/self/stat counts 10 ms ticks: too coarse).
        long sum = 0;
        java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
        if (tasks == null) return -1;
        for (java.io.File t : tasks) {
            try {
                String s = new String(java.nio.file.Files.readAllBytes(new java.io.File(t, "schedstat").toPath()));
                sum += Long.parseLong(s.substring(0, s.indexOf(' ')));
            } catch (Exception e) {
                // thread ended
            }
        }
        return sum;
    }

    /** Marks the end of a phase started at the previous mark. */
    public static synchronized void mark(String phase) {
        if (!ON) return;
        long w = System.nanoTime(), c = cpu();
        // One write per line: the JVM's own log (-Xlog) may interleave with ours.
        String line = "jgil-trace: " + phase + " | wall " + (w - lastWall) / 100_000 / 10.0 + " ms | cpu "
                + (c - lastCpu) / 100_000 / 10.0 + " ms | [" + Thread.currentThread().getName() + "]\n";
        OUT.print(line);
        OUT.flush();
        lastWall = w;
        lastCpu = c;
    }
}
