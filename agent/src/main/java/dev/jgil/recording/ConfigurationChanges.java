package dev.jgil.recording;

/** Records run-time configuration changes; the event class itself stays package-private like the others. */
public final class ConfigurationChanges {
    private ConfigurationChanges() {
    }

    /**
     * Commits a {@code jgil.ConfigurationChange}, then the whole {@code jgil.Configuration} now in force;
     * never throws (the change itself has already happened).
     */
    public static void record(String oldPolicy, String newPolicy, long oldIntervalNanos, long newIntervalNanos) {
        try {
            ConfigurationChangeEvent e = new ConfigurationChangeEvent();
            if (e.isEnabled()) {
                e.oldPolicy = oldPolicy;
                e.newPolicy = newPolicy;
                e.oldIntervalNanos = oldIntervalNanos;
                e.newIntervalNanos = newIntervalNanos;
                e.commit();
            }
            GilRecording.configurationChanged();
        } catch (Throwable t) {
            // JFR missing or broken: the change stands, only its record is lost.
        }
    }
}
