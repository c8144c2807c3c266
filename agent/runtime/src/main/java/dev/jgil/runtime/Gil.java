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

    public static ThreadState enter() {
        return LOCK.enter();
    }

    public static void exit(ThreadState s) {
        LOCK.exit(s);
    }

    public static void checkpoint() {
        LOCK.checkpoint();
    }

    public static void releaseForBlocking() {
        LOCK.releaseForBlocking();
    }

    public static ThreadState clinitEnter() {
        return LOCK.clinitEnter();
    }

    public static void clinitExit(ThreadState s) {
        LOCK.clinitExit(s);
    }

    public static void releaseForFileIo() {
        LOCK.releaseForFileIo();
    }
}
