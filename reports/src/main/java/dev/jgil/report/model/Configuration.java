package dev.jgil.report.model;

/**
 * The last {@code jgil.Configuration} of a recording (one per chunk; they agree unless the policy changed).
 * Run-time changes are in {@link JvmRecording#configurationChanges}.
 */
public final class Configuration {
    public String policy = "?";
    public long intervalNanos;
    public int checkInterval;
    /** {@code default | trace}. */
    public String accounting = "?";
    public String include = "";
    public String exclude = "";
    public String release = "";
    public String annotation = "";
    public String version = "";
    public long samplePeriodNanos;
    public long statsPeriodNanos;
    /** {@code default | trace | <path>.jfc | off}: which detail events were recorded. */
    public String jfrSettings = "?";
    /** Whether a policy or accounting change was seen between chunks, or any {@code jgil.ConfigurationChange}. */
    public boolean changed;
}
