package dev.jgil.runtime;

/**
 * The process-wide GIL, as called by woven code. Static so that inlined advice can call it without a
 * field load; it lives on the bootstrap class path so JDK classes (blocking-call releases) see the
 * same instance as application classes.
 */
public final class Gil {
    private static final GilLock LOCK = new GilLock();

    private Gil() {
    }

    public static GilLock lock() {
        return LOCK;
    }

    /** The nested entry, or null: then the woven code calls {@link #enter()} (GilLock notes, "Nested entries apart"). */
    public static ThreadState enterNested() {
        return LOCK.enterNested();
    }

    public static ThreadState enter() {
        return LOCK.enter();
    }

    public static void exit(ThreadState s) {
        LOCK.exit(s);
    }

    public static void checkpoint() {
        LOCK.checkpoint();
    }

    /** Every GIL the thread holds: the default one and, if groups are defined, theirs (see GilGroups). */
    public static void releaseForBlocking() {
        LOCK.releaseForBlocking();
        if (GilGroups.locks != null) GilGroups.releaseGroupsForBlocking(false);
    }

    /** Every GIL: the default one first, then one per group (see {@link GilGroups}). */
    public static GilLock[] groups() {
        return GilGroups.all();
    }

    public static ThreadState clinitEnter() {
        return LOCK.clinitEnter();
    }

    public static void clinitExit(ThreadState s) {
        LOCK.clinitExit(s);
    }

    public static void releaseForFileIo() {
        LOCK.releaseForFileIo();
        if (GilGroups.locks != null) GilGroups.releaseGroupsForBlocking(true);
    }
}
