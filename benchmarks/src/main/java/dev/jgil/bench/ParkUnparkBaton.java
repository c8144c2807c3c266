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

/** LockSupport park/unpark on a volatile turn flag: the baseline. */
final class ParkUnparkBaton implements Baton {
    private volatile int turn = -1;
    private final Thread[] threads;
    private final long parkNanos;
    private volatile boolean w0;
    private volatile boolean w1;

    ParkUnparkBaton(Thread[] threads) {
        this(threads, 0);
    }

    /** With {@code parkNanos > 0} the waiter parks timed, as the GIL's head waiter does. */
    ParkUnparkBaton(Thread[] threads, long parkNanos) {
        this.threads = threads;
        this.parkNanos = parkNanos;
    }

    @Override
    public String name() {
        return parkNanos == 0 ? "park/unpark" : "park/unpark (timed)";
    }

    @Override
    public void acquireFirst(int me) {
        turn = me;
    }

    @Override
    public void acquire(int me) {
        setWaiting(me, true);
        while (turn != me && turn != 2) {
            if (parkNanos == 0) LockSupport.park(this);
            else LockSupport.parkNanos(this, parkNanos);
        }
        setWaiting(me, false);
    }

    @Override
    public void release(int me) {
        int other = 1 - me;
        turn = other;
        LockSupport.unpark(threads[other]);
    }

    private void setWaiting(int me, boolean w) {
        if (me == 0) w0 = w; else w1 = w;
    }

    @Override
    public boolean waits(int other) {
        return other == 0 ? w0 : w1;
    }

    @Override
    public void abort() {
        turn = 2;
        for (Thread t : threads) LockSupport.unpark(t);
    }

    @Override
    public void close() {
    }
}
