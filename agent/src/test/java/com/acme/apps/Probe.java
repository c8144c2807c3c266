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

    /** Whether this thread owns the GIL of the group named {@code group} right now; false without the agent or group. */
    public static boolean heldIn(String group) {
        return present && GilView.heldIn(group);
    }

    /** This thread's designated-code depth, or -1 without the agent. */
    public static int depth() {
        return present ? GilView.depth() : -1;
    }

    /** The GIL's state for a hang report: owner, waiters, every thread's depth. */
    public static String describe() {
        return present ? GilView.describe() : "no agent";
    }

    /** Kept apart so that Probe itself links without the runtime. */
    private static final class GilView {
        static String describe() {
            dev.jgil.runtime.GilLock l = dev.jgil.runtime.Gil.lock();
            StringBuilder sb = new StringBuilder();
            Thread owner = l.ownerThread();
            sb.append("policy=").append(l.policy().name())
                    .append(" owner=").append(owner == null ? "none" : owner.getName() + "/" + owner.getState())
                    .append(" waiters=").append(l.waiterCount())
                    .append(" switches=").append(l.switches())
                    .append(" watchdogHandOffs=").append(l.watchdogHandOffs());
            for (dev.jgil.runtime.ThreadState s : l.threadStates()) {
                sb.append("\n  ").append(s.thread.getName()).append(' ').append(s.thread.getState())
                        .append(" depth=").append(s.depth()).append(" waiting=").append(s.isWaiting());
            }
            return sb.toString();
        }

        static boolean held() {
            return dev.jgil.runtime.Gil.lock().isHeldByCurrentThread();
        }

        static boolean heldIn(String group) {
            dev.jgil.runtime.GilLock l = dev.jgil.runtime.GilGroups.byName(group);
            return l != null && l.isHeldByCurrentThread();
        }

        static int depth() {
            return dev.jgil.runtime.Gil.lock().currentThreadState().depth();
        }
    }
}
