package dev.jgil.report.analysis;

import dev.jgil.report.model.JvmRecording;
import dev.jgil.report.model.ThreadInfo;
import dev.jgil.schema.Sampling;
import dev.jgil.schema.Verdicts;
import java.util.List;

/**
 * Per JVM (and, merged, for the whole report): the headline figures, each computed here and nowhere else. Every view
 * (HTML headline, tables, footers and findings; JSON; text) shows these values; the agreement test holds them to it.
 *
 * <p>Vocabulary (one meaning each, in every view and in the JMC rules):
 * <ul>
 *   <li><b>acquisitions</b>: the GIL taken (jgil.Statistics, exact); <b>contended</b>: of them, those that found
 *       it taken and waited;</li>
 *   <li><b>switches</b>: changes of owner;</li>
 *   <li><b>drops</b> ({@link #drops()}): the policy made the owner give the GIL up while it ran designated code —
 *       <b>forced switches</b> (switch policy, at a waiter's request) plus <b>tick drops</b> (ticks policy);
 *       <b>won back</b> ({@link #dropsWonBack()}): the dropper took it straight back (no other thread held it);</li>
 *   <li><b>contested drops</b>: drops made while another thread waited (detail events, only when every hold and
 *       wait was recorded: {@link #contestedDrops});</li>
 * </ul>
 */
public final class JvmSummary {
    public final int index;
    public final JvmRecording recording;
    final int[] laneOf;
    public String label;
    /** Σ statistics intervals: the time the GIL was observed. */
    public long observedNanos;
    public double heldNanos;
    public double someoneWaitingNanos;
    public long acquisitions, contendedAcquisitions, switches, forcedSwitches, tickDrops, tickDropsWonBack,
            blockingReleases, watchdogHandOffs, dropRequests;
    /** Claimable hand-offs another thread took after the claim grace (GilLock's notes); -1: not recorded. */
    public long lapsedHandOffs = -1;
    /** Σ over threads of time holding the GIL (ThreadStatistics). */
    public double threadsHeldNanos;
    /** Σ over threads of time waiting for it: the wait the GIL added. */
    public double threadsWaitNanos;
    /** Σ over threads of time inside designated code and not waiting (held + released, sampled). */
    public double threadsInsideNanos;
    public int threads;
    public int hwThreads;
    /** This JVM's run-time configuration changes (empty for the merged summary). */
    public List<ConfigurationSegments.Change> changes = List.of();
    /** start → first change → … → end (one segment when nothing changed; empty for the merged summary). */
    public List<ConfigurationSegments.Segment> segments = List.of();
    /** What was lost between the agent and the file (null for the merged summary). */
    public DataLoss loss;
    /**
     * {@code [segment][0]} drops made while another thread waited, {@code [segment][1]} of them won back; null unless
     * every hold and wait is in the file ({@link #detailComplete()}).
     */
    public long[][] contestedDrops;

    JvmSummary(int index, JvmRecording r, int[] laneOf) {
        this.index = index;
        this.recording = r;
        this.laneOf = laneOf;
        this.label = r.label;
        JvmRecording.Totals t = r.totals;
        observedNanos = t.intervalNanos;
        heldNanos = t.heldNanos;
        someoneWaitingNanos = t.someoneWaitingNanos;
        acquisitions = t.acquisitions;
        contendedAcquisitions = t.contendedAcquisitions;
        switches = t.switches;
        forcedSwitches = t.forcedSwitches;
        tickDrops = t.tickDrops;
        tickDropsWonBack = t.tickDropsWonBack;
        blockingReleases = t.blockingReleases;
        watchdogHandOffs = t.watchdogHandOffs;
        lapsedHandOffs = t.lapsedHandOffs;
        dropRequests = t.dropRequests;
        boolean anyStats = false;
        for (ThreadInfo ti : r.threads) {
            if (!ti.hasStatistics) continue;
            anyStats = true;
            threads += ti.threadCount();
            threadsHeldNanos += ti.heldNanos;
            threadsWaitNanos += ti.waitNanos;
            threadsInsideNanos += ti.heldNanos + ti.releasedNanos;
        }
        if (!anyStats) { // thread statistics off: fall back to the lock-wide sums
            threadsHeldNanos = t.heldNanos;
            threadsWaitNanos = t.waitNanos;
        }
        hwThreads = r.hwThreads;
    }

    private JvmSummary() {
        this.index = -1;
        this.recording = null;
        this.laneOf = new int[0];
    }

    static JvmSummary merge(List<JvmSummary> all, String label) {
        JvmSummary m = new JvmSummary();
        m.label = label;
        for (JvmSummary s : all) {
            m.observedNanos += s.observedNanos;
            m.heldNanos += s.heldNanos;
            m.someoneWaitingNanos += s.someoneWaitingNanos;
            m.acquisitions += s.acquisitions;
            m.contendedAcquisitions += s.contendedAcquisitions;
            m.switches += s.switches;
            m.forcedSwitches += s.forcedSwitches;
            m.tickDrops += s.tickDrops;
            m.tickDropsWonBack += s.tickDropsWonBack;
            m.blockingReleases += s.blockingReleases;
            m.watchdogHandOffs += s.watchdogHandOffs;
            m.lapsedHandOffs = JvmRecording.Totals.addKnown(m.lapsedHandOffs, s.lapsedHandOffs);
            m.dropRequests += s.dropRequests;
            m.threadsHeldNanos += s.threadsHeldNanos;
            m.threadsWaitNanos += s.threadsWaitNanos;
            m.threadsInsideNanos += s.threadsInsideNanos;
            m.threads += s.threads;
            m.hwThreads = Math.max(m.hwThreads, s.hwThreads);
        }
        return m;
    }

    /** Fraction of the observed time some thread held the GIL. */
    public double heldFraction() {
        return observedNanos == 0 ? 0 : heldNanos / observedNanos;
    }

    /** Fraction of the observed time at least one thread waited for it (sampled). */
    public double someoneWaitingFraction() {
        return observedNanos == 0 ? 0 : someoneWaitingNanos / observedNanos;
    }

    /**
     * {@link Sampling#deliveredFraction} of this JVM's sampler, as the agent's exit summary judges it; NaN when unknown
     * (a short recording, no sample period in the file, or the merged summary).
     */
    public double samplerDeliveredFraction() {
        if (recording == null) return Double.NaN;
        return Sampling.deliveredFraction(recording.totals.samples, observedNanos, recording.configuration.samplePeriodNanos);
    }

    /** Forced switches plus tick drops: see the class comment. */
    public long drops() {
        return Verdicts.drops(forcedSwitches, tickDrops);
    }

    /** Drops the dropper took straight back (a forced switch waits for another owner, so only tick drops can be). */
    public long dropsWonBack() {
        return tickDropsWonBack;
    }

    /** Contested drops over all segments, or -1 when the detail events are incomplete. */
    public long contestedDropsTotal(int column) {
        if (contestedDrops == null) return -1;
        long n = 0;
        for (long[] g : contestedDrops) n += g[column];
        return n;
    }

    /** {@link Verdicts#speedUpBound}: how much faster the designated work could have run without the GIL, at most. */
    public double speedUpBound() {
        return Verdicts.speedUpBound(threadsHeldNanos, threadsWaitNanos, hwThreads);
    }

    public boolean speedUpCapped() {
        return Verdicts.speedUpCapped(threadsHeldNanos, threadsWaitNanos, hwThreads);
    }

    /**
     * Whether designated code ran at all: the GIL was acquired, or (policy off, nothing is acquired) some thread was
     * inside designated code. Without it every other figure is a zero that measured nothing.
     */
    public boolean measured() {
        return acquisitions > 0 || threadsInsideNanos > 0;
    }

    /** Whether the detail events hold every wait and hold: trace preset, and nothing lost on the way to the file. */
    public boolean detailComplete() {
        return loss != null && loss.detailComplete();
    }
}
