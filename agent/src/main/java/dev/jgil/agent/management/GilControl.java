package dev.jgil.agent.management;

import dev.jgil.agent.options.AgentOptions;
import dev.jgil.recording.ConfigurationChanges;
import dev.jgil.recording.GilRecording;
import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;
import dev.jgil.schema.Durations;
import dev.jgil.schema.Names;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The {@link GilMXBean} over one lock; every change is recorded as {@code jgil.ConfigurationChange} of the lock's
 * group. One bean per GIL: the default one under {@link GilMXBean#OBJECT_NAME}, each group's under
 * {@code dev.jgil:type=Gil,group=NAME} ({@link Names#groupMBean}); a group's bean steers that group's lock only.
 */
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
        MBeanServer server;
        try {
            server = ManagementFactory.getPlatformMBeanServer();
        } catch (Throwable t) {
            err.println("jgil: MBean " + OBJECT_NAME + " not registered (" + t + "); jgil set/top cannot steer this JVM");
            return;
        }
        registerAll(server, lock, err);
        dev.jgil.agent.StartupTrace.mark("MBean registered (since previous mark)");
    }

    /**
     * One bean per lock {@code lock} stands for ({@link GilRecording#locksOf}: for the agent's GIL, every group's too).
     * Each on its own: a name that cannot be registered costs that bean only.
     */
    static void registerAll(MBeanServer server, GilLock lock, PrintStream err) {
        for (GilLock l : GilRecording.locksOf(lock)) {
            String name = Names.groupMBean(l.group());
            try {
                ObjectName on = new ObjectName(name);
                if (server.isRegistered(on)) continue; // a second agent install: the first one's bean already steers the lock
                server.registerMBean(new GilControl(l), on);
            } catch (Throwable t) {
                err.println("jgil: MBean " + name + " not registered (" + t + "); jgil set/top cannot steer "
                        + (Names.DEFAULT_GROUP.equals(l.group()) ? "this JVM" : "group " + l.group()));
            }
        }
    }

    @Override
    public String getGroup() {
        return lock.group();
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
    public long getLapsedHandOffs() {
        return lock.lapsedHandOffs();
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
        ConfigurationChanges.record(lock, old.name(), name, lock.intervalNanos(), lock.intervalNanos());
    }

    @Override
    public synchronized void setInterval(String interval) {
        long nanos = parse("interval", interval).intervalNanos;
        long old = lock.intervalNanos();
        lock.setIntervalNanos(nanos);
        String p = lock.policy().name();
        ConfigurationChanges.record(lock, p, p, old, nanos);
    }

    /** The option's own parser and the option's own error line, so the CLI and the agent agree. */
    private static AgentOptions parse(String key, String text) {
        return new AgentOptions().set(key, text);
    }
}
