package dev.jgil.recording;

import dev.jgil.runtime.GilLock;
import java.util.concurrent.locks.LockSupport;

/**
 * gil_load's method: a daemon thread looks at the lock every sample period and counts who holds it and
 * who waits. Under default accounting this is the only source of held fractions, because timing the
 * uncontended holds would cost two clock reads on the hot path. The estimate of a fraction p from n
 * samples has binomial standard error sqrt(p(1-p)/n) — strictly for independent samples; samples 1 ms
 * apart of holds that last several ms are correlated, which is why the tests allow a generous multiple.
 */
final class Sampler {
    private final GilLock lock;
    private final RecordingListener listener;

    // cumulative, single writer (the sampling thread); the harvest reads deltas
    volatile long samples;
    volatile long heldSamples;
    volatile long waitSamples;
    volatile long waitersSum;
    /** Most waiters in one sample since the last harvest (reset by the harvest: a lost max costs one sample). */
    volatile int waitersMax;

    /**
     * Thread records the per-thread scan visits per sample, at most, on average: with more, it runs every k-th sample
     * (k = 1 + records / this) and each look counts for the k samples it stands for, so that a thread's counts stay in
     * sample periods, the unit the harvest divides by the interval's samples (a regular subsample: the same fractions
     * in expectation). A scan of every record every millisecond grew with the threads: 20,000 virtual threads
     * waiting for the token (a thread per task) made it most of a core on a 2-core machine (benchmarks/README.md).
     */
    static final int SCAN_RECORDS_PER_SAMPLE = 1024;
    private int scanEvery = 1;
    private int sinceScan;

    Sampler(GilLock lock, RecordingListener listener) {
        this.lock = lock;
        this.listener = listener;
    }

    /**
     * The one {@code jgil-sampler} thread of a recording: each tick samples every lock recorded (one per group), so
     * the groups' held and wait fractions are read at the same instants and a group costs no thread of its own.
     */
    static final class Loop implements Runnable {
        private final Sampler[] samplers;
        private final long periodNanos;
        private volatile boolean stopped;
        private Thread thread;

        Loop(Sampler[] samplers, long periodNanos) {
            this.samplers = samplers;
            this.periodNanos = periodNanos;
        }

        void start() {
            Thread t = new Thread(this, "jgil-sampler");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            thread = t;
            t.start();
        }

        void stop() {
            stopped = true;
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
                try {
                    t.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void run() {
            java.util.SplittableRandom random = new java.util.SplittableRandom();
            while (!stopped) {
                // Uniformly jittered in [period/2, 3*period/2): a fixed period can phase-lock with a periodic
                // workload (or with timer slack shared with its sleeps) and see the same phase every time.
                LockSupport.parkNanos(this, periodNanos / 2 + random.nextLong(Math.max(1, periodNanos)));
                if (stopped) break;
                for (Sampler s : samplers) {
                    try {
                        s.sample();
                    } catch (Throwable t) {
                        s.listener.errors.incrementAndGet(); // a sampler that dies silently would report 0% held forever
                    }
                }
            }
        }
    }

    void sample() {
        // Every thread that uses the lock has its record from its first call (GilListener.threadStarted):
        // no scan for threads (a scan finds only those alive at that moment, and it pruned the lock's
        // registry of dead threads that were never counted).
        Thread owner = lock.ownerThread();
        int waiters = lock.waiterCount();
        samples++;
        if (owner != null) heldSamples++;
        if (waiters > 0) waitSamples++;
        waitersSum += waiters;
        if (waiters > waitersMax) waitersMax = waiters;
        if (++sinceScan < scanEvery) return;
        sinceScan = 0;
        int weight = scanEvery;
        int dead = 0, live = 0;
        for (ThreadRecord r : listener.records.values()) {
            Thread t = r.thread;
            if (!t.isAlive()) {
                dead++;
                continue;
            }
            live++;
            r.samples += weight;
            if (t == owner) r.heldSamples += weight;
            else if (r.state.isWaiting()) r.waitSamples += weight;
            else if (r.state.depth() <= 0) r.outsideSamples += weight;
            else r.releasedSamples += weight;
        }
        // Ended threads' records are dropped by the harvest; when they pile up faster (a thread per task),
        // sooner: memory follows the live threads, and this loop stays short.
        if (dead >= 64 + live / 8 && listener.sweepAt != Integer.MAX_VALUE) listener.requestSweep();
        scanEvery = 1 + (dead + live) / SCAN_RECORDS_PER_SAMPLE;
    }
}
