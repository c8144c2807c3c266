package dev.jgil.agent.management;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.recording.ConfigurationChanges;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;
import dev.jgil.schema.Durations;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/** The {@link GilMXBean} over the agent's lock; every change is recorded as {@code jgil.ConfigurationChange}. */
public final class GilControl implements GilMXBean {
    private final GilLock lock;

    GilControl(GilLock lock) {
        this.lock = lock;
    }

    /**
     * Registers the MBean on the platform MBean server. Never throws: management is a convenience, and
     * an app whose MBean server is unusable (or that registered the name itself) must run unharmed.
     */
    public static void register(GilLock lock, PrintStream err) {
        try {
            ObjectName name = new ObjectName(OBJECT_NAME);
            javax.management.MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) return; // a second agent install: the first one's bean already steers the one lock
            server.registerMBean(new GilControl(lock), name);
            dev.jgil.agent.StartupTrace.mark("MBean registered (since previous mark)");
        } catch (Throwable t) {
            err.println("jgil: MBean " + OBJECT_NAME + " not registered (" + t + "); jgil set/top cannot steer this JVM");
        }
    }

    @Override
    public String getPolicy() {
        return lock.policy().name();
    }

    @Override
    public long getIntervalNanos() {
        return lock.intervalNanos();
    }

    @Override
    public String getInterval() {
        return Durations.format(lock.intervalNanos());
    }

    @Override
    public int getCheckInterval() {
        return lock.checkInterval();
    }

    @Override
    public int getWaiters() {
        return lock.waiterCount();
    }

    @Override
    public String getOwner() {
        Thread t = lock.ownerThread();
        return t == null ? "" : t.getName();
    }

    @Override
    public long getSwitches() {
        return lock.switches();
    }

    @Override
    public long getForcedSwitches() {
        return lock.forcedSwitches();
    }

    @Override
    public long getWatchdogHandOffs() {
        return lock.watchdogHandOffs();
    }

    @Override
    public long getAcquisitions() {
        return lock.acquisitions(); // every thread's, including those that have ended
    }

    @Override
    public long getContendedAcquisitions() {
        return lock.contendedAcquisitions();
    }

    // Synchronized so that the old and new values in the recorded change are one consistent step even
    // when two clients steer at once.
    @Override
    public synchronized void setPolicy(String policy) {
        String name = parse("policy", policy).policy;
        GilPolicy old = lock.policy();
        lock.setPolicy(GilPolicy.byName(name));
        ConfigurationChanges.record(old.name(), name, lock.intervalNanos(), lock.intervalNanos());
    }

    @Override
    public synchronized void setInterval(String interval) {
        long nanos = parse("interval", interval).intervalNanos;
        long old = lock.intervalNanos();
        lock.setIntervalNanos(nanos);
        String p = lock.policy().name();
        ConfigurationChanges.record(p, p, old, nanos);
    }

    /** The option's own parser and the option's own error line, so the CLI and the agent agree. */
    private static AgentOptions parse(String key, String text) {
        return new AgentOptions().set(key, text);
    }
}
