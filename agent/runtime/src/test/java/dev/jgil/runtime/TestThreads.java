package dev.jgil.runtime;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/** Starts platform or (on JDK 21+) virtual threads; compiled for release 17, so reflection. */
final class TestThreads {
    enum Kind { PLATFORM, VIRTUAL }

    private TestThreads() {
    }

    static boolean virtualThreadsAvailable() {
        try {
            Thread.class.getMethod("ofVirtual");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    static Thread start(Kind kind, String name, Runnable r) {
        if (kind == Kind.PLATFORM) {
            Thread t = new Thread(r, name);
            t.start();
            return t;
        }
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class).invoke(builder, name);
            Method start = builderType.getMethod("start", Runnable.class);
            return (Thread) start.invoke(builder, r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need JDK 21+", e);
        }
    }

    static List<Thread> startAll(Kind kind, int n, String prefix, java.util.function.IntFunction<Runnable> body) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) threads.add(start(kind, prefix + i, body.apply(i)));
        return threads;
    }

    static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) t.join();
    }

    /** Busy work the JIT cannot remove, with a checkpoint per iteration like a woven loop back-edge. */
    static long spin(GilLock lock, long iterations) {
        long x = 0x9E3779B97F4A7C15L;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            lock.checkpoint();
        }
        return x;
    }

    /** Spins with checkpoints until {@code nanos} have passed. */
    static long spinFor(GilLock lock, long nanos) {
        long end = System.nanoTime() + nanos;
        long x = 1;
        while (System.nanoTime() < end) {
            x += spin(lock, 200);
        }
        return x;
    }
}
