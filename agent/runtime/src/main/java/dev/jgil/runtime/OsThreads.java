package dev.jgil.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What the JVM and the kernel say about a RUNNABLE thread, to tell "blocked in a native call" from
 * "computing" without a wall-clock guess:
 * <ul>
 *   <li>{@link #inNative}: the JVM's own thread state is {@code _thread_in_native} (JNI code or a native
 *       JDK method). A thread descheduled by the OS while running Java code is {@code _thread_in_Java},
 *       never in native, so a loaded machine cannot make a computing owner look blocked.</li>
 *   <li>{@link #kernelSleeping}: the kernel's state of the thread ({@code /proc/self/task/TID/stat}) is
 *       {@code S} or {@code D}: it sleeps in a system call (epoll_wait, accept, read, poll, futex,
 *       nanosleep). A computing thread, running or waiting for a core, is {@code R}.</li>
 * </ul>
 * Both together: the owner sits in a native call that sleeps. Linux only; elsewhere (or without
 * java.management) {@link #kernelSleeping} answers false and nothing changes.
 */
final class OsThreads {
    private static volatile ThreadMXBean threads;
    private static volatile boolean noManagement;
    private static final boolean PROC = Files.isDirectory(Paths.get("/proc/self/task"));

    private OsThreads() {
    }

    /** The calling thread's kernel thread id, or -1 (not Linux, or a virtual thread). */
    static int currentTid() {
        if (!PROC) return -1;
        Thread t = Thread.currentThread();
        if (t.getClass().getName().equals("java.lang.VirtualThread")) return -1; // runs on changing carriers
        try {
            String link = Files.readSymbolicLink(Paths.get("/proc/thread-self")).toString(); // "<pid>/task/<tid>"
            return Integer.parseInt(link.substring(link.lastIndexOf('/') + 1));
        } catch (Throwable e) {
            return -1;
        }
    }

    /** Whether the JVM reports the thread in native code (false when unknown). No safepoint: depth 0. */
    static boolean inNative(Thread t) {
        if (noManagement) return false;
        try {
            ThreadMXBean mx = threads;
            if (mx == null) threads = mx = ManagementFactory.getThreadMXBean();
            ThreadInfo ti = mx.getThreadInfo(t.getId());
            return ti != null && ti.isInNative();
        } catch (Throwable e) {
            noManagement = true;
            return false;
        }
    }

    /** Whether the kernel has the thread asleep in a system call (S or D); false when unknown. */
    static boolean kernelSleeping(int tid) {
        if (tid <= 0) return false;
        try {
            Path p = Paths.get("/proc/self/task/" + tid + "/stat");
            String s = new String(Files.readAllBytes(p), StandardCharsets.US_ASCII);
            int close = s.lastIndexOf(')'); // comm may contain spaces and parentheses
            char state = close >= 0 && close + 2 < s.length() ? s.charAt(close + 2) : '?';
            return state == 'S' || state == 'D';
        } catch (Throwable e) {
            return false;
        }
    }
}
