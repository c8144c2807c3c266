package dev.jgil.recording;

import dev.jgil.runtime.AcquireCause;
import dev.jgil.runtime.GilListener;
import dev.jgil.runtime.ReleaseCause;
import dev.jgil.runtime.ThreadState;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Recorder;

/**
 * The lock's listener: turns slow-path callbacks into JFR detail events, per-thread histograms and exact
 * sums. Runs on application threads (and the watchdog), so it never blocks, never throws (the lock
 * would count it, but a recording bug must not even cost an exception per acquisition) and allocates
 * at most one small event object per callback.
 */
final class RecordingListener implements GilListener {
    /** The group of the lock this listener is set on: every event it commits carries it. */
    final String group;
    final ConcurrentHashMap<ThreadState, ThreadRecord> records = new ConcurrentHashMap<>();
    /**
     * Holds ended by a watchdog hand-off run on the watchdog thread, not the holder's: they go to this
     * multi-writer recorder so each per-thread recorder keeps its single writer.
     */
    final Recorder foreignHolds = new Recorder(ThreadRecord.SIGNIFICANT_DIGITS);
    /** Largest exact waiter count at the start of a wait since the last harvest (getAndSet(0) by the harvest). */
    final AtomicInteger waitersMaxExact = new AtomicInteger();
    /** Our own failures (the lock counts those that escape; none should). */
    final java.util.concurrent.atomic.AtomicLong errors = new java.util.concurrent.atomic.AtomicLong();

    /** The one outstanding drop request (the lock keeps only one too). */
    private final AtomicReference<PendingSwitch> pendingSwitch = new AtomicReference<>();

    private static final class PendingSwitch {
        final SwitchRequestEvent event;
        final long requestNanos;

        PendingSwitch(SwitchRequestEvent event, long requestNanos) {
            this.event = event;
            this.requestNanos = requestNanos;
        }
    }

    /** Records at which a new thread asks the stats thread to drop ended threads early (see {@link #threadStarted}). */
    volatile int sweepAt = SWEEP_MIN;
    static final int SWEEP_MIN = 4096;
    /** Wakes the stats thread for a sweep; set by the recording. */
    volatile Runnable sweepRequest;

    RecordingListener(String group) {
        this.group = group;
    }

    ThreadRecord recordFor(ThreadState s) {
        ThreadRecord r = records.get(s);
        return r != null ? r : records.computeIfAbsent(s, ThreadRecord::new);
    }

    /** Asks the stats thread to drop the records of ended threads now (once until the sweep has run). */
    void requestSweep() {
        sweepAt = Integer.MAX_VALUE; // until the sweep sets it again: one request
        Runnable w = sweepRequest;
        if (w != null) w.run();
    }

    /**
     * Every thread gets its record when it first uses the lock, so that the harvest sees its counts
     * however short its life (a scan for threads finds only those alive at the moment of the scan: a
     * thread per task lived between two scans and was never counted). Memory stays bounded by the live
     * threads: the harvest drops ended threads every stats period, and sooner when threads start faster
     * than that (a sweep once the records have doubled).
     */
    @Override
    public void threadStarted(ThreadState s) {
        try {
            recordFor(s);
            if (records.size() >= sweepAt) requestSweep();
        } catch (Throwable t) {
            errors.incrementAndGet();
        }
    }

    @Override
    public void waitStarted(ThreadState s, AcquireCause cause, long waitStartNanos) {
        try {
            ThreadRecord r = recordFor(s);
            r.openWaitStartNanos = waitStartNanos;
            ContendedAcquireEvent e = new ContendedAcquireEvent();
            if (e.isEnabled()) {
                e.begin();
                r.pendingWait = e;
            } else {
                r.pendingWait = null;
            }
        } catch (Throwable t) {
            errors.incrementAndGet();
        }
    }

    @Override
    public void acquired(ThreadState s, AcquireCause cause, long waitStartNanos, long acquiredNanos,
                         ThreadState blockedBy, int waitersAtStart) {
        try {
            ThreadRecord r = recordFor(s);
            boolean contended = waitersAtStart > 0;
            if (contended) {
                long waitNanos = acquiredNanos - waitStartNanos;
                r.recordWait(Math.max(0, waitNanos));
                r.openWaitStartNanos = 0; // before the closed sum: see ThreadRecord
                r.closedWaitNanos += waitNanos;
                if (waitersAtStart > waitersMaxExact.get()) waitersMaxExact.accumulateAndGet(waitersAtStart, Math::max);
                ContendedAcquireEvent e = r.pendingWait;
                r.pendingWait = null;
                if (e != null) {
                    e.end();
                    if (e.shouldCommit()) {
                        e.waitNanos = waitNanos;
                        e.blockedBy = blockedBy == null ? null : blockedBy.thread;
                        e.waitersAtStart = waitersAtStart;
                        e.cause = cause.name();
                        e.group = group;
                        e.commit();
                    }
                }
            }
            // Every hold the listener hears of is timed (contended, or trace accounting).
            r.openHoldStartNanos = acquiredNanos;
            HoldEvent h = new HoldEvent();
            if (h.isEnabled()) {
                h.begin();
                h.acquireCause = cause.name();
                h.contended = contended;
                r.pendingHold = h;
            } else {
                r.pendingHold = null;
            }
        } catch (Throwable t) {
            errors.incrementAndGet();
        }
    }

    @Override
    public void released(ThreadState s, ReleaseCause cause, long holdStartNanos, long releasedNanos) {
        try {
            ThreadRecord r = recordFor(s);
            long holdNanos = Math.max(0, releasedNanos - holdStartNanos);
            if (Thread.currentThread() == s.thread) r.recordHold(holdNanos);
            else foreignHolds.recordValue(holdNanos); // watchdog hand-off
            // A watchdog hand-off's callback runs after the token has been passed on: by then the holder may have
            // taken it back (with groups, often: a thread holding one group's lock while it waits for a later group's
            // is parked, which the earlier lock's watchdog takes for blocked). The record's open hold and pending
            // event are then the NEW hold's, which this release must leave alone.
            boolean thisHold = r.openHoldStartNanos == holdStartNanos;
            if (thisHold) r.openHoldStartNanos = 0; // before the closed sum: see ThreadRecord
            r.closedHoldNanos.addAndGet(holdNanos);
            HoldEvent e;
            if (thisHold) {
                e = r.pendingHold;
                r.pendingHold = null;
            } else {
                e = new HoldEvent(); // its own was replaced: one without the start's fields, so every timed hold has its event
                if (e.isEnabled()) e.begin();
                else e = null;
            }
            if (e != null) {
                e.end();
                if (e.shouldCommit()) {
                    e.holdNanos = holdNanos;
                    e.holder = s.thread;
                    e.releaseCause = cause.name();
                    e.group = group;
                    e.commit();
                }
            }
        } catch (Throwable t) {
            errors.incrementAndGet();
        }
    }

    @Override
    public void switchRequested(ThreadState requester, ThreadState owner, long requestNanos) {
        try {
            SwitchRequestEvent e = new SwitchRequestEvent();
            if (!e.isEnabled()) return;
            e.begin();
            e.requester = requester.thread;
            e.owner = owner.thread;
            pendingSwitch.set(new PendingSwitch(e, requestNanos));
        } catch (Throwable t) {
            errors.incrementAndGet();
        }
    }

    @Override
    public void dropped(ThreadState owner, ThreadState requester, long requestNanos, long droppedNanos) {
        try {
            PendingSwitch p = pendingSwitch.getAndSet(null);
            SwitchRequestEvent e;
            if (p != null && p.requestNanos == requestNanos) {
                e = p.event;
            } else {
                // The request predates the recording (or the event was off then): a zero-length event
                // still carries the exact time to drop.
                e = new SwitchRequestEvent();
                if (!e.isEnabled()) return;
                e.begin();
                e.requester = requester == null ? null : requester.thread;
                e.owner = owner.thread;
            }
            e.end();
            if (e.shouldCommit()) {
                e.timeToDropNanos = Math.max(0, droppedNanos - requestNanos);
                e.group = group;
                e.commit();
            }
        } catch (Throwable t) {
            errors.incrementAndGet();
        }
    }

    /** This thread's CPU time (one clock_gettime on Linux), or -1. Only segment tracing (off + trace) reads it. */
    private static long threadCpuNanos() {
        java.lang.management.ThreadMXBean b = CPU.bean;
        return b == null ? -1 : b.getCurrentThreadCpuTime();
    }

    /** Loads the CPU clock (java.management) ahead of the first segment. */
    static void warmCpuClock() {
        threadCpuNanos();
    }

    /** Loaded on first use: recordings that never trace segments never touch java.management for it. */
    private static final class CPU {
        static final java.lang.management.ThreadMXBean bean = bean();

        private static java.lang.management.ThreadMXBean bean() {
            try {
                java.lang.management.ThreadMXBean b = java.lang.management.ManagementFactory.getThreadMXBean();
                return b.isCurrentThreadCpuTimeSupported() && b.isThreadCpuTimeEnabled() ? b : null;
            } catch (Throwable t) {
                return null;
            }
        }
    }

    @Override
    public void offSegmentStarted(ThreadState s, AcquireCause cause) {
        try {
            SegmentEvent e = new SegmentEvent();
            if (!e.isEnabled()) return;
            e.begin();
            e.startCause = cause.name();
            ThreadRecord r = recordFor(s);
            r.segmentCpuStartNanos = threadCpuNanos();
            r.pendingSegment = e;
        } catch (Throwable t) {
            errors.incrementAndGet();
        }
    }

    @Override
    public void offSegmentEnded(ThreadState s, ReleaseCause cause, long startNanos, long endNanos) {
        try {
            ThreadRecord r = recordFor(s);
            SegmentEvent e = r.pendingSegment;
            r.pendingSegment = null;
            if (e == null) return;
            e.end();
            e.startNanos = startNanos;
            e.segmentNanos = Math.max(0, endNanos - startNanos);
            e.endCause = cause.name();
            e.group = group;
            long cpu = threadCpuNanos();
            e.cpuNanos = cpu < 0 || r.segmentCpuStartNanos < 0 ? -1 : Math.max(0, cpu - r.segmentCpuStartNanos);
            e.commit();
        } catch (Throwable t) {
            errors.incrementAndGet();
        }
    }
}
