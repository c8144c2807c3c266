package dev.jgil.agent.management;

/**
 * One GIL as seen and steered over JMX: the agent registers the process-wide GIL as {@code dev.jgil:type=Gil} and
 * each group's as {@code dev.jgil:type=Gil,group=NAME} ({@code Names.groupMBean}); every attribute and operation is
 * of that one lock.
 *
 * <p>An MXBean (open types only), so that any JMX client — JConsole, {@code jgil set}, a script —
 * can read and call it without jgil's classes on its class path.
 */
public interface GilMXBean {
    /** The JMX name the agent registers the default GIL under. */
    String OBJECT_NAME = dev.jgil.schema.Names.MBEAN;

    /** The lock's group: {@code default} for the process-wide GIL, else the {@code group.NAME=} option's name. */
    String getGroup();

    /** {@code switch | ticks | fifo | off}. */
    String getPolicy();

    /** The switch interval, ns. */
    long getIntervalNanos();

    /** The switch interval as the agent option spells it: {@code 5ms}, {@code 100us}. */
    String getInterval();

    /** Checkpoints between drops under {@code ticks}. */
    int getCheckInterval();

    /** Threads waiting for the GIL right now. */
    int getWaiters();

    /** Name of the thread holding the GIL right now, or the empty string. */
    String getOwner();

    long getSwitches();

    long getForcedSwitches();

    long getWatchdogHandOffs();

    /** Hand-offs before a blocking call that their receiver did not claim in time: the caller took the GIL back. */
    long getLapsedHandOffs();

    /** Acquisitions since start by threads still known to the lock (threads that ended are dropped). */
    long getAcquisitions();

    long getContendedAcquisitions();

    /**
     * Changes the policy ({@code switch|ticks|fifo|priority|bfs|off}); switching to {@code off} releases every waiter
     * at once. A bad name throws {@link IllegalArgumentException} with the agent option's message.
     */
    void setPolicy(String policy);

    /** Changes the switch interval ({@code 1ms}, {@code 100us}; at least 1us), same validation as the option. */
    void setInterval(String interval);
}
