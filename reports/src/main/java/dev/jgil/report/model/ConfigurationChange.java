package dev.jgil.report.model;

/**
 * One {@code jgil.ConfigurationChange}: the policy or switch interval changed while the JVM ran (over JMX,
 * e.g. {@code jgil set}). The policy strings are untrusted text from the file: escape them wherever shown.
 */
public final class ConfigurationChange {
    public final long epochNanos;
    public final String oldPolicy;
    public final String newPolicy;
    public final long oldIntervalNanos;
    public final long newIntervalNanos;

    public ConfigurationChange(long epochNanos, String oldPolicy, String newPolicy, long oldIntervalNanos, long newIntervalNanos) {
        this.epochNanos = epochNanos;
        this.oldPolicy = oldPolicy == null ? "?" : oldPolicy;
        this.newPolicy = newPolicy == null ? "?" : newPolicy;
        this.oldIntervalNanos = oldIntervalNanos;
        this.newIntervalNanos = newIntervalNanos;
    }

    public boolean policyChanged() {
        return !oldPolicy.equals(newPolicy);
    }

    public boolean intervalChanged() {
        return oldIntervalNanos != newIntervalNanos;
    }

    @Override
    public String toString() {
        return "ConfigurationChange[" + epochNanos + " " + oldPolicy + "->" + newPolicy + " " + oldIntervalNanos + "->"
                + newIntervalNanos + "]";
    }
}
