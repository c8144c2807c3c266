package com.acme.apps;

/**
 * Looks at the GIL from application code, whether or not the agent is there: without the agent the
 * runtime is not on the class path at all (it only arrives on the bootstrap path with the agent).
 */
public final class Probe {
    private static volatile boolean present = lookUp();

    private Probe() {
    }

    private static boolean lookUp() {
        try {
            Class.forName("dev.jgil.runtime.Gil", false, Probe.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Looks again (after a dynamic attach). */
    public static void refresh() {
        present = lookUp();
    }

    public static boolean agent() {
        return present;
    }

    /** Whether this thread owns the GIL right now; false without the agent. */
    public static boolean held() {
        return present && GilView.held();
    }

    /** This thread's designated-code depth, or -1 without the agent. */
    public static int depth() {
        return present ? GilView.depth() : -1;
    }

    /** Kept apart so that Probe itself links without the runtime. */
    private static final class GilView {
        static boolean held() {
            return dev.jgil.runtime.Gil.lock().isHeldByCurrentThread();
        }

        static int depth() {
            return dev.jgil.runtime.Gil.lock().currentThreadState().depth();
        }
    }
}
