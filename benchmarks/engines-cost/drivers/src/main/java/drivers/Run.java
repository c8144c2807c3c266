package drivers;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** Tiny helpers shared by the drivers: argument lookup and the RESULT line. Not designated. */
final class Run {
    private Run() {
    }

    /** The last {@code key=value} of the arguments (later ones override), or the default. */
    static int intArg(String[] args, String key, int dflt) {
        int v = dflt;
        for (String a : args) if (a.startsWith(key + "=")) v = Integer.parseInt(a.substring(key.length() + 1));
        return v;
    }

    /** Milliseconds from JVM start to now (includes the agent's premain). */
    static long sinceJvmStart() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** CPU time of the whole process (all threads, JIT and GC included), in ms. */
    static long processCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    private static long cpuAtWorkStart = -1;

    /** Marks the start of the timed work (for the CPU figure of the RESULT line). */
    static void workStarts() {
        cpuAtWorkStart = processCpuMillis();
    }

    static void result(String engine, int threads, long jvmToMainMillis, long initMillis, long workMillis,
                       boolean ok, String detail) {
        System.out.println(String.format(Locale.ROOT,
                "RESULT engine=%s threads=%d workMillis=%d workCpuMillis=%d initMillis=%d mainAtMillis=%d ok=%s %s",
                engine, threads, workMillis, processCpuMillis() - cpuAtWorkStart, initMillis, jvmToMainMillis, ok, detail));
        System.out.flush();
        System.exit(ok ? 0 : 1);
    }
}
