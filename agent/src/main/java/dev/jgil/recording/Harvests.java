package dev.jgil.recording;

import org.HdrHistogram.HistogramLogWriter;

/**
 * Every lock's {@link Harvest} as one step: the stats thread, JFR's chunk end and the stop all harvest every group
 * together, under one monitor (the exit summary reads the totals under it too), into one .hlog.
 */
final class Harvests {
    private final LockRecording[] parts;
    private final Object monitor;
    /** The recording's .hlog, or null; every part writes its lines into it. */
    private HistogramLogWriter hlog;

    /** {@code monitor}: the one every part's {@link Harvest} was made with. */
    Harvests(LockRecording[] parts, Object monitor) {
        this.parts = parts;
        this.monitor = monitor;
    }

    /** Threads that used the locks before the recording contribute only what follows. */
    void baseline() {
        for (LockRecording p : parts) p.harvest.baseline();
    }

    /** Starts every part's first interval at the same instant. */
    void open(HistogramLogWriter hlog) {
        this.hlog = hlog;
        long opened = System.nanoTime();
        for (LockRecording p : parts) p.harvest.open(hlog, opened);
    }

    /**
     * Closes the current interval of every lock and feeds it to every sink. Each lock's interval ends when its own
     * counters are read, not at one instant for all: the cumulative hold times include every hold that has ended by the
     * time they are read, so an instant taken before the earlier locks' harvests (long, on a loaded machine) gave the
     * last lock holds beyond its interval's end (seen: driver held 0.40 s in an interval of 0.20 s, the surplus then
     * lost to the fraction's clamp at 1).
     */
    void run() {
        for (LockRecording p : parts) p.harvest.prune();
        synchronized (monitor) {
            for (LockRecording p : parts) p.harvest.runLocked(System.nanoTime());
        }
    }

    /** Drops the records of ended threads now (see {@link Harvest#sweep}). */
    void sweep() {
        for (LockRecording p : parts) p.harvest.sweep();
    }

    /** After the final harvest: nothing more is harvested, the .hlog is closed. */
    void close() {
        synchronized (monitor) {
            for (LockRecording p : parts) p.harvest.close();
            if (hlog != null) {
                try {
                    hlog.close();
                } catch (Throwable t) {
                    // best effort: stop must finish the other sinks
                }
            }
        }
    }
}
