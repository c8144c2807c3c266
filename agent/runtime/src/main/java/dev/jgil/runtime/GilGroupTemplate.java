package dev.jgil.runtime;

/**
 * {@link Gil}'s calls for one group's lock. The agent defines one copy per group, renamed to
 * {@code dev.jgil.runtime.GilGroup$N} (N = the group's order), in the bootstrap class loader, and weaves the
 * group's classes to call it instead of {@link Gil}: the same bytecode at every call site, and a constant lock
 * (a static final field of the copy) for the JIT, as {@link Gil} has. Not used under its own name.
 */
public final class GilGroupTemplate {
    private static final GilLock LOCK = GilGroups.forHolder(GilGroupTemplate.class);

    private GilGroupTemplate() {
    }

    public static GilLock lock() {
        return LOCK;
    }

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

    /** Every lock the thread holds (a blocking call in one group's code blocks all of them). */
    public static void releaseForBlocking() {
        Gil.releaseForBlocking();
    }

    public static ThreadState clinitEnter() {
        return LOCK.clinitEnter();
    }

    public static void clinitExit(ThreadState s) {
        LOCK.clinitExit(s);
    }

    public static void releaseForFileIo() {
        Gil.releaseForFileIo();
    }
}
