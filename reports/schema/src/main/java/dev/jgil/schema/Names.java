package dev.jgil.schema;

import java.util.List;

/**
 * The names that travel between the agent, its recordings and every reader: policies, acquire and
 * release causes, the MBean. The runtime keeps its own enums (it is JDK-only and loaded by the
 * bootstrap loader); a test holds the two spellings together.
 */
public final class Names {
    private Names() {
    }

    // ---- policies (option policy=, jgil.Configuration#policy, jgil set) ----
    public static final String SWITCH = "switch";
    public static final String TICKS = "ticks";
    public static final String FIFO = "fifo";
    /** Beyond CPython: bpo-7946's priority requests (a thread back from a blocking call preempts). */
    public static final String PRIORITY = "priority";
    /** Beyond CPython: earliest virtual deadline first (the least recent GIL time wins), bpo-7946's BFS. */
    public static final String BFS = "bfs";
    public static final String OFF = "off";
    /** Every policy, in help order. */
    public static final List<String> POLICIES = List.of(SWITCH, TICKS, FIFO, PRIORITY, BFS, OFF);
    /** {@code switch|ticks|fifo|priority|bfs|off}: the valid values, as errors and help print them. */
    public static final String POLICY_SYNTAX = String.join("|", POLICIES);

    // ---- why a thread acquired (jgil.ContendedAcquire#cause, jgil.Hold#acquireCause) ----
    public static final String ACQUIRE_ENTRY = "ENTRY";
    public static final String ACQUIRE_REACQUIRE = "REACQUIRE";
    public static final String ACQUIRE_AFTER_SWITCH = "AFTER_SWITCH";
    public static final List<String> ACQUIRE_CAUSES = List.of(ACQUIRE_ENTRY, ACQUIRE_REACQUIRE, ACQUIRE_AFTER_SWITCH);

    // ---- why a hold ended (jgil.Hold#releaseCause) ----
    public static final String RELEASE_EXIT = "EXIT";
    public static final String RELEASE_BLOCKING = "BLOCKING";
    public static final String RELEASE_FORCED_SWITCH = "FORCED_SWITCH";
    public static final String RELEASE_TICK = "TICK";
    public static final String RELEASE_WATCHDOG_HANDOFF = "WATCHDOG_HANDOFF";
    public static final String RELEASE_POLICY_CHANGE = "POLICY_CHANGE";
    public static final List<String> RELEASE_CAUSES = List.of(RELEASE_EXIT, RELEASE_BLOCKING, RELEASE_FORCED_SWITCH,
            RELEASE_TICK, RELEASE_WATCHDOG_HANDOFF, RELEASE_POLICY_CHANGE);

    // ---- designation pattern kinds (jgil.Designation#kind) ----
    public static final String DESIGNATION_INCLUDE = "include";
    public static final String DESIGNATION_EXCLUDE = "exclude";
    public static final String DESIGNATION_ANNOTATION = "annotation";
    public static final String DESIGNATION_RELEASE = "release";
    public static final List<String> DESIGNATION_KINDS = List.of(DESIGNATION_INCLUDE, DESIGNATION_EXCLUDE,
            DESIGNATION_ANNOTATION, DESIGNATION_RELEASE);

    /**
     * Whether a stack frame's class is the GIL's, the recorder's or JFR's own — the same in every wait, so a wait
     * site is named by the first frame that is not (the designated caller).
     */
    public static boolean internalFrame(String className) {
        return className.startsWith("dev.jgil.runtime.") || className.startsWith("dev.jgil.agent.") || className.startsWith("jdk.jfr.")
                || (className.startsWith("dev.jgil.recording.") && (className.endsWith("Event")
                        || className.endsWith("RecordingListener") || className.endsWith("Sampler")
                        || className.endsWith("GilRecording")));
    }

    /** The agent's MBean (what {@code jgil set}, {@code jgil top} and JConsole use). */
    public static final String MBEAN = "dev.jgil:type=Gil";
    /** The MBean of one group's GIL: {@code dev.jgil:type=Gil,group=NAME} (the default GIL keeps {@link #MBEAN}). */
    public static String groupMBean(String group) {
        return DEFAULT_GROUP.equals(group) ? MBEAN : MBEAN + ",group=" + group;
    }

    // ---- groups (option group.NAME=, field Schema.GROUP) ----
    /** The process-wide GIL's group name; designated code outside every {@code group.NAME=} runs under it. */
    public static final String DEFAULT_GROUP = "default";
    /** What a group name may be: letters, digits, '_' and '-', at most 32, not {@link #DEFAULT_GROUP}. */
    public static final String GROUP_NAME_SYNTAX = "[A-Za-z][A-Za-z0-9_-]{0,31}";

    /** The order every view lists GILs in: the default GIL first, then the groups by name. */
    public static int compareGroups(String a, String b) {
        boolean da = DEFAULT_GROUP.equals(a), db = DEFAULT_GROUP.equals(b);
        return da || db ? Boolean.compare(db, da) : a.compareTo(b);
    }

    /** The group a reader should show for a recorded value (absent, null or empty: the default GIL). */
    public static String groupOrDefault(String recorded) {
        return recorded == null || recorded.isEmpty() ? DEFAULT_GROUP : recorded;
    }
}
