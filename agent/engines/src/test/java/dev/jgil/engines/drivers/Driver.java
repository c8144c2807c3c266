package dev.jgil.engines.drivers;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The child side of every engine run (never designated): a deadline that prints the GIL's state and every
 * thread (with the GIL owner marked) before the parent's own deadline takes a {@code jcmd Thread.print} and
 * kills the child; and the one result line the parent parses. Exits through {@code System.exit} so the
 * recording is complete.
 */
public final class Driver {
    private final String engine;
    private final long startNanos = System.nanoTime();
    private volatile boolean done;

    public Driver(String engine) {
        this.engine = engine;
        long deadlineSeconds = Long.getLong("engine.deadline", 60);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(deadlineSeconds * 1000);
            } catch (InterruptedException e) {
                return;
            }
            if (done) return;
            System.out.println("DEADLINE engine=" + engine + " not finished after " + deadlineSeconds + " s");
            dump();
            System.out.flush();
        }, "engine-deadline");
        t.setDaemon(true);
        t.start();
    }

    /** The runtime's lock through reflection: the driver must not link against jgil (it may run without it). */
    private static Object gil() {
        try {
            return Class.forName("dev.jgil.runtime.Gil").getMethod("lock").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static Thread owner(Object gil) {
        try {
            return gil == null ? null : (Thread) gil.getClass().getMethod("ownerThread").invoke(gil);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static void dump() {
        Object gil = gil();
        Thread owner = owner(gil);
        System.out.println("GIL: " + (gil == null ? "no jgil runtime" : gil.toString()));
        try { // with GIL groups, every group's lock too (their owners are not marked below)
            Object[] all = (Object[]) Class.forName("dev.jgil.runtime.Gil").getMethod("groups").invoke(null);
            for (int i = 1; i < all.length; i++) System.out.println("GIL group " + all[i].getClass().getMethod("group").invoke(all[i]) + ": " + all[i]);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // no jgil runtime, or one without groups
        }
        System.out.println("GIL owner: " + (owner == null ? "none" : owner.getName() + " " + owner.getState()));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (ThreadInfo ti : mx.dumpAllThreads(true, true)) {
            System.out.println("\"" + ti.getThreadName() + "\" " + ti.getThreadState() + (ti.isInNative() ? " (in native)" : "")
                    + (ti.getLockName() == null ? "" : " on " + ti.getLockName())
                    + (ti.getLockOwnerName() == null ? "" : " owned by " + ti.getLockOwnerName())
                    + (owner != null && ti.getThreadId() == owner.getId() ? "   <== GIL OWNER" : "")
                    + " cpu=" + mx.getThreadCpuTime(ti.getThreadId()) / 1_000_000 + "ms");
            StackTraceElement[] st = ti.getStackTrace();
            for (int i = 0; i < Math.min(st.length, 30); i++) System.out.println("    at " + st[i]);
        }
    }

    /** {@code RESULT engine=.. ok=.. workMillis=.. detail}; exit status 0 only when the engine's own checks passed. */
    public void finish(long workNanos, boolean ok, String detail) {
        done = true;
        System.out.println(String.format(Locale.ROOT, "RESULT engine=%s ok=%s workMillis=%d totalMillis=%d %s", engine, ok,
                workNanos / 1_000_000, (System.nanoTime() - startNanos) / 1_000_000, detail));
        System.out.flush();
        System.exit(ok ? 0 : 1);
    }

    /** {@code key=value} from the arguments, or the default. */
    public static int arg(String[] args, String key, int dflt) {
        for (String a : args) if (a.startsWith(key + "=")) return Integer.parseInt(a.substring(key.length() + 1));
        return dflt;
    }
}
