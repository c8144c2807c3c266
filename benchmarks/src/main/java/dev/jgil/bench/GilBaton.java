package dev.jgil.bench;

import dev.jgil.runtime.GilLock;
import dev.jgil.runtime.GilPolicy;
import dev.jgil.runtime.ThreadState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.util.ListStatistics;

/** The GIL: release = outermost exit, acquire = outermost enter (contended: it parks). */
class GilBaton implements Baton {
    private final GilLock lock;
    private final String name;
    private final ThreadState[] states = new ThreadState[2];

    GilBaton(GilPolicy policy, boolean watchdog) {
        lock = new GilLock(policy);
        name = "gil " + policy.name() + (watchdog ? "" : " (no watchdog)");
        if (!watchdog) {
            lock.close(); // closed before the first waiter: the watchdog thread is never started
        }
    }

    long watchdogHandOffs() {
        return lock.watchdogHandOffs();
    }

    @Override
    public String describe() {
        Thread o = lock.ownerThread();
        return "owner=" + (o == null ? "none" : o.getName()) + ", waiters=" + lock.waiterCount()
                + ", watchdog hand-offs=" + lock.watchdogHandOffs();
    }

    @Override
    public void abort() {
        lock.setPolicy(GilPolicy.OFF); // releases every waiter (within its 1 s idle park)
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void acquireFirst(int me) {
        acquire(me);
    }

    @Override
    public void acquire(int me) {
        states[me] = lock.enter();
    }

    @Override
    public void release(int me) {
        lock.exit(states[me]);
    }

    @Override
    public boolean waits(int other) {
        return lock.waiterCount() > 0;
    }

    @Override
    public void close() {
        lock.close();
    }
}
