package dev.jgil.recording;

import dev.jgil.runtime.GilLock;

/** Records run-time configuration changes; the event class itself stays package-private like the others. */
public final class ConfigurationChanges {
    private ConfigurationChanges() {
    }

    /**
     * Commits a {@code jgil.ConfigurationChange} of {@code lock} (its group: one group's change is that group's
     * alone), then the {@code jgil.Configuration} of that lock now in force; never throws (the change itself has
     * already happened).
     */
    public static void record(GilLock lock, String oldPolicy, String newPolicy, long oldIntervalNanos, long newIntervalNanos) {
        try {
            ConfigurationChangeEvent e = new ConfigurationChangeEvent();
            if (e.isEnabled()) {
                e.oldPolicy = oldPolicy;
                e.newPolicy = newPolicy;
                e.oldIntervalNanos = oldIntervalNanos;
                e.newIntervalNanos = newIntervalNanos;
                e.group = lock.group();
                e.commit();
            }
            GilRecording.configurationChanged(lock);
        } catch (Throwable t) {
            // JFR missing or broken: the change stands, only its record is lost.
        }
    }
}
