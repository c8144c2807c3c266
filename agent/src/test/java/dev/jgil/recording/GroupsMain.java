package dev.jgil.recording;

import dev.jgil.agent.management.GilControl;
import dev.jgil.agent.management.GilMXBean;
import dev.jgil.agent.options.AgentOptions;
import dev.jgil.runtime.Gil;
import dev.jgil.runtime.GilGroups;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.ThreadState;
import dev.jgil.schema.Names;
import dev.jgil.schema.Schema;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.management.JMX;
import javax.management.ObjectName;

/**
 * A JVM with two GIL groups, {@code parser} and {@code driver} ({@code GilGroups.define} is once per JVM, so
 * {@link GroupRecordingTest} runs this in a JVM of its own), recorded the way the agent records: {@code start} on the
 * process-wide GIL, MBeans registered for it. Threads: two per group and one on the default GIL, each alone in its
 * lock's code, and {@code cross-0}, which calls from parser code into driver code (holding both). Halfway, the driver
 * group's MBean changes its policy and interval. Writes {@code groups.jfr}, {@code groups.hlog}, {@code summary.txt}
 * and {@code facts.properties} (what the test cannot read from the files: each lock's acquisitions, the beans).
 * Arg: the output directory.
 */
public final class GroupsMain {
    static final String[] GROUPS = {"parser", "driver"};
    static final long RUN_NANOS = 1_200_000_000L;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        GilLock[] locks = GilGroups.define(GROUPS);
        GilLock parser = GilGroups.lock(1), driver = GilGroups.lock(2);
        driver.setIntervalNanos(3_000_000); // a group's own interval, before the recording: in its first Configuration

        AgentOptions o = new AgentOptions();
        o.jfrFile = dir.resolve("groups.jfr");
        o.hlogFile = dir.resolve("groups.hlog");
        o.jfrSettings = Schema.SETTINGS_TRACE; // no thresholds: every hold is an event
        o.jfrJdk = "none";
        o.traceAccounting = true; // every hold timed: the Statistics' timed holds are all the holds
        o.statsPeriodNanos = 200_000_000L;
        o.shutdownHook = false;
        o.summary = true;
        o.reportFile = null; // the default (jgil-PID.html in the working directory) is not this test's to write
        PrintStream summary = new PrintStream(Files.newOutputStream(dir.resolve("summary.txt")), true, StandardCharsets.UTF_8);
        o.summaryStream = summary;

        long[] before = new long[locks.length];
        for (int i = 0; i < locks.length; i++) before[i] = locks[i].acquisitions();
        GilRecording rec = GilRecording.start(Gil.lock(), o); // as the agent does: every group with it
        GilControl.register(Gil.lock(), System.err);

        long end = System.nanoTime() + RUN_NANOS;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            threads.add(worker("parser-" + i, end, parser, null));
            threads.add(worker("driver-" + i, end, driver, null));
        }
        threads.add(worker("default-0", end, Gil.lock(), null));
        threads.add(worker("cross-0", end, parser, driver));
        for (Thread t : threads) t.start();

        Thread.sleep(RUN_NANOS / 2_000_000);
        GilMXBean driverBean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                new ObjectName(Names.groupMBean("driver")), GilMXBean.class);
        driverBean.setPolicy("fifo");
        driverBean.setInterval("7ms");

        for (Thread t : threads) t.join();
        rec.stop();
        summary.close();

        Properties facts = new Properties();
        for (int i = 0; i < locks.length; i++) {
            GilLock l = locks[i];
            facts.setProperty(l.group() + ".acquisitions", Long.toString(l.acquisitions() - before[i]));
            facts.setProperty(l.group() + ".policy", l.policy().name());
            facts.setProperty(l.group() + ".intervalNanos", Long.toString(l.intervalNanos()));
            GilMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                    new ObjectName(Names.groupMBean(l.group())), GilMXBean.class);
            facts.setProperty(l.group() + ".bean.group", bean.getGroup());
            facts.setProperty(l.group() + ".bean.policy", bean.getPolicy());
        }
        try (var out = Files.newOutputStream(dir.resolve("facts.properties"))) {
            facts.store(out, null);
        }
    }

    /**
     * Holds {@code outer} (and {@code inner} inside it, if any) ~1 ms at a time, checkpointing, with a short pause
     * outside, until {@code end}.
     */
    private static Thread worker(String name, long end, GilLock outer, GilLock inner) {
        return new Thread(() -> {
            while (System.nanoTime() < end) {
                ThreadState s = outer.enter();
                try {
                    if (inner == null) {
                        spin(outer, 1_000_000);
                    } else {
                        ThreadState t = inner.enter();
                        try {
                            spin(inner, 1_000_000);
                        } finally {
                            inner.exit(t);
                        }
                    }
                } finally {
                    outer.exit(s);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(300_000);
            }
        }, name);
    }

    private static void spin(GilLock lock, long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) lock.checkpoint();
    }
}
