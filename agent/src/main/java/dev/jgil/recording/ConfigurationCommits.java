package dev.jgil.recording;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.runtime.GilLock;

/**
 * The two descriptive events every chunk carries: {@code jgil.Configuration} (the configuration in force)
 * and {@code jgil.Designation} (what each pattern matched so far). Committed at start, at every chunk start
 * (periodic hooks) and after a run-time change, so a reader of any part of the file sees them.
 *
 * <p>One per lock recorded: each GIL (the default one and one per group) has its own {@code jgil.Configuration},
 * carrying its group, policy, interval and check interval; the designation patterns are the agent's, the same in
 * every group's event. The designations are committed once per chunk, not once per lock.
 */
final class ConfigurationCommits {
    private final GilLock lock;
    private final AgentOptions opts;
    private final RecordingListener listener;
    private final String version;

    ConfigurationCommits(GilLock lock, AgentOptions opts, RecordingListener listener, String version) {
        this.lock = lock;
        this.opts = opts;
        this.listener = listener;
        this.version = version;
    }

    /** Option lists as the options spell them: {@code a.**;b.C#m}. */
    private static String joined(java.util.List<?> items) {
        StringBuilder sb = new StringBuilder();
        for (Object o : items) sb.append(sb.length() == 0 ? "" : ";").append(o);
        return sb.toString();
    }

    void commitConfiguration() {
        try {
            ConfigurationEvent e = new ConfigurationEvent();
            if (!e.isEnabled()) return;
            e.policy = lock.policy().name();
            e.intervalNanos = lock.intervalNanos();
            e.checkInterval = lock.checkInterval();
            e.accounting = lock.traceAccounting() ? "trace" : "default";
            e.include = joined(opts.include);
            e.exclude = joined(opts.exclude);
            e.release = joined(opts.release);
            e.annotation = joined(opts.annotation);
            e.version = version;
            e.samplePeriodNanos = opts.samplePeriodNanos;
            e.statsPeriodNanos = opts.statsPeriodNanos;
            e.jfrSettings = opts.jfrFile == null ? "off" : opts.jfrSettings;
            e.group = lock.group();
            e.commit();
        } catch (Throwable t) {
            listener.errors.incrementAndGet();
        }
    }

    /** What each designation pattern matched by the end of this chunk (the counts only grow). */
    void commitDesignations() {
        try {
            dev.jgil.agent.weaving.PatternCoverage c = dev.jgil.agent.weaving.PatternCoverage.installed();
            if (c == null || !new DesignationEvent().isEnabled()) return;
            for (dev.jgil.agent.weaving.PatternCoverage.Row row : c.rows()) {
                DesignationEvent e = new DesignationEvent();
                e.kind = row.kind();
                e.pattern = row.pattern();
                e.classesMatched = row.classesMatched();
                e.methodsWoven = row.methodsWoven();
                e.group = row.group(); // a group.NAME= pattern: kind include, its group's name
                e.commit();
            }
        } catch (Throwable t) {
            listener.errors.incrementAndGet();
        }
    }
}
