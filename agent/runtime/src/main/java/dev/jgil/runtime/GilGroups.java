package dev.jgil.runtime;

import java.util.Arrays;

/**
 * One GIL per group of classes (the analog of PEP 684's per-interpreter GIL): code of group {@code parser} runs under
 * its own lock, code of group {@code driver} under another, so the two run in parallel while each is serialized;
 * designated code outside every group runs under the process-wide GIL ({@link Gil}, group {@value #DEFAULT}).
 *
 * <h2>Notes: two locks held at once, and why it cannot deadlock</h2>
 * <ol>
 *   <li>A thread that calls from one group's code into another's keeps the first group's token while it takes the
 *       second without waiting (free, or handed over while it spins): the code it will return to stays serialized.
 *       Each lock's depth, checkpoints and forced drops are its own; a checkpoint in one group's code honours only
 *       that group's drop requests.</li>
 *   <li><b>Waiting for a GIL is a blocking call.</b> A waiter parks with {@code LockSupport}, whose advice releases
 *       every GIL the thread holds (as for any park): a thread that has to wait for the second group's lock gives
 *       the first up meanwhile and takes it back lazily at its next checkpoint in that group's code.</li>
 *   <li><b>The order.</b> The locks are ordered: the default GIL first ({@code order} 0), then the groups in the
 *       order of their options. A thread never waits for a lock while it holds a later one, not even while it
 *       spins: before it waits for lock L (an entry, a lazy re-acquisition, the wait after a forced drop — every
 *       wait goes through {@code Acquisition.waitForToken}), it gives up every later lock it holds, as a blocking
 *       call would ({@link #releaseLater}). A wait-for cycle would need a thread waiting for a lock earlier than one
 *       it holds: none exists. (Without the agent's park advice, as in the runtime's own tests, this rule alone
 *       rules deadlock out.)</li>
 *   <li><b>The price.</b> While a thread waits for another group's lock, or calls against the order, another thread
 *       may run the first group's code, exactly as around a blocking call (the hold ends with release cause
 *       {@code BLOCKING}).</li>
 *   <li>A blocking call releases every lock the thread holds ({@link Gil#releaseForBlocking}).</li>
 *   <li>Defined once, at start-up, before any designated class is woven; never changed afterwards (a group's
 *       policy and interval can change, its classes cannot).</li>
 * </ol>
 */
public final class GilGroups {
    /** The process-wide GIL's group name (also {@code dev.jgil.schema.Names.DEFAULT_GROUP}). */
    public static final String DEFAULT = "default";

    /** Every lock, in acquisition order; index = {@code order}. Written once by {@link #define}. */
    static volatile GilLock[] locks;

    private GilGroups() {
    }

    /** Every GIL: the default one first, then the groups in option order. */
    public static GilLock[] all() {
        GilLock[] l = locks;
        return l == null ? new GilLock[] {Gil.lock()} : l.clone();
    }

    /** The lock of the group at {@code order} (0: the default GIL). */
    public static GilLock lock(int order) {
        GilLock[] l = locks;
        if (l == null) {
            if (order == 0) return Gil.lock();
            throw new IllegalStateException("jgil: no GIL group " + order + " (none defined)");
        }
        return l[order];
    }

    /** The lock of the group named {@code name}, or null. */
    public static GilLock byName(String name) {
        for (GilLock l : all()) if (l.group.equals(name)) return l;
        return null;
    }

    /**
     * Creates one lock per name (in this order, after the default GIL) and returns all of them. Once per JVM; the
     * same names again return the same locks (a second agent load), other names are refused.
     */
    public static synchronized GilLock[] define(String... names) {
        GilLock[] l = locks;
        if (l != null) {
            String[] had = new String[l.length - 1];
            for (int i = 1; i < l.length; i++) had[i - 1] = l[i].group;
            if (!Arrays.equals(had, names)) {
                throw new IllegalStateException("jgil: GIL groups already defined as " + Arrays.toString(had));
            }
            return l.clone();
        }
        GilLock[] made = new GilLock[names.length + 1];
        made[0] = Gil.lock();
        for (int i = 0; i < names.length; i++) {
            if (DEFAULT.equals(names[i])) throw new IllegalArgumentException("jgil: '" + DEFAULT + "' names the default GIL, not a group");
            for (int j = 0; j < i; j++) {
                if (names[j].equals(names[i])) throw new IllegalArgumentException("jgil: group " + names[i] + " defined twice");
            }
            GilLock g = new GilLock(Gil.lock().policy());
            g.group = names[i];
            g.order = i + 1;
            made[i + 1] = g;
        }
        locks = made;
        return made.clone();
    }

    /** Number of locks (1 without groups). */
    public static int count() {
        GilLock[] l = locks;
        return l == null ? 1 : l.length;
    }

    /**
     * Before the current thread waits for {@code lock}: gives up every later lock it owns (see the notes). Cheap when
     * there are no groups or {@code lock} is the last one.
     */
    static void releaseLater(GilLock lock) {
        GilLock[] l = locks;
        if (l == null) return;
        for (int i = lock.order + 1; i < l.length; i++) l[i].releaseForBlocking();
    }

    /**
     * Whether {@code o}'s thread runs a designated static initializer under another lock (ForcedSwitching defers drops
     * then). Its state in the other locks is looked up in their thread-id tables only: a thread whose slot a colliding
     * thread took is not seen, and its drop is not deferred (the watchdog's stalled-owner check still resolves it).
     */
    static boolean inClassInitElsewhere(ThreadState o) {
        GilLock[] l = locks;
        Thread t = o.thread;
        int slot = (int) t.getId() & (GilLock.BY_ID_SLOTS - 1);
        for (GilLock lock : l) {
            ThreadState s = lock.byId[slot];
            if (s != null && s != o && s.thread == t && s.clinitDepth > 0) return true;
        }
        return false;
    }

    /** {@link Gil#releaseForBlocking} for the groups' locks (the default GIL's is Gil's own). */
    static void releaseGroupsForBlocking(boolean fileIo) {
        GilLock[] l = locks;
        if (l == null) return;
        for (int i = 1; i < l.length; i++) {
            if (fileIo) l[i].releaseForFileIo();
            else l[i].releaseForBlocking();
        }
    }

    /** The holder class {@code dev.jgil.runtime.GilGroup$N} (made from {@link GilGroupTemplate}) reads its lock here. */
    static GilLock forHolder(Class<?> holder) {
        String n = holder.getName();
        return lock(Integer.parseInt(n.substring(n.lastIndexOf('$') + 1)));
    }
}
