package com.acme.apps.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/** Starts and joins worker threads; not designated, so the join blocks outside the GIL's reach. */
public final class Workers {
    public interface Body {
        void run(int index) throws Exception;
    }

    private Workers() {
    }

    /** Runs {@code n} platform threads and joins them; rethrows the first failure. */
    public static void runAll(String name, int n, Body body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    body.run(index);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, name + "-" + i);
            t.setDaemon(true); // a hung case must not keep the matrix JVM alive
            threads.add(t);
        }
        for (Thread t : threads) t.start();
        for (Thread t : threads) t.join();
        Throwable f = failure.get();
        if (f instanceof Exception) throw (Exception) f;
        if (f instanceof Error) throw (Error) f;
    }

    /** Unchecked variant for bodies that throw nothing checked. */
    public static void runAllQuietly(String name, int n, IntConsumer body) throws Exception {
        runAll(name, n, body::accept);
    }
}
