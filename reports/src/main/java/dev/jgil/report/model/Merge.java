package dev.jgil.report.model;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Joins the recordings of the chunks of one file (parsed in parallel) into one, in chunk order. */
final class Merge {
    private Merge() {
    }

    static JvmRecording parts(Path source, List<JvmRecording> parts) {
        JvmRecording m = new JvmRecording(source);
        Map<String, Integer> threadKey = new HashMap<>();
        Map<List<String>, Integer> siteKey = new HashMap<>();
        int holds = 0, waits = 0, switches = 0, intervals = 0, threadIntervals = 0, losses = 0;
        for (JvmRecording p : parts) {
            losses += p.dataLossEpochNanos.length;
            threadIntervals += p.threadIntervalNanos.length;
            holds += p.holdCount();
            waits += p.waitCount();
            switches += p.switchRequestEpochNanos.length;
            intervals += p.intervalNanos.length;
        }
        m.holdStartEpochNanos = new long[holds];
        m.holdNanos = new long[holds];
        m.holdThread = new int[holds];
        m.holdReleaseCause = new byte[holds];
        m.holdAcquireCause = new byte[holds];
        m.waitStartEpochNanos = new long[waits];
        m.waitNanos = new long[waits];
        m.waitThread = new int[waits];
        m.waitBlockedBy = new int[waits];
        m.waitCause = new byte[waits];
        m.waitSite = new int[waits];
        m.switchRequestEpochNanos = new long[switches];
        m.switchTimeToDropNanos = new long[switches];
        m.switchRequester = new int[switches];
        m.switchOwner = new int[switches];
        m.intervalEndEpochNanos = new long[intervals];
        m.intervalNanos = new long[intervals];
        m.intervalHeldFraction = new float[intervals];
        m.intervalWaitFraction = new float[intervals];
        m.intervalAcquisitions = new long[intervals];
        m.intervalContendedAcquisitions = new long[intervals];
        m.intervalSwitches = new long[intervals];
        m.intervalTimedHolds = new long[intervals];
        m.dataLossEpochNanos = new long[losses];
        m.dataLossBytes = new long[losses];
        m.threadIntervalEndEpochNanos = new long[threadIntervals];
        m.threadIntervalNanos = new long[threadIntervals];
        m.threadIntervalInsideFraction = new float[threadIntervals];
        m.threadIntervalHeldFraction = new float[threadIntervals];
        m.threadIntervalWaitFraction = new float[threadIntervals];
        int h = 0, w = 0, s = 0, iv = 0, tiv = 0, dl = 0;
        String lastPolicy = null;
        for (JvmRecording p : parts) {
            int[] t = new int[p.threads.size()];
            for (ThreadInfo ti : p.threads) {
                String key = ti.javaThreadId > 0 ? "#" + ti.javaThreadId : "n" + ti.name;
                Integer idx = threadKey.get(key);
                ThreadInfo mt;
                if (idx == null) {
                    mt = new ThreadInfo(m.threads.size(), ti.javaThreadId, ti.name);
                    m.threads.add(mt);
                    threadKey.put(key, mt.index);
                } else {
                    mt = m.threads.get(idx);
                    if (ti.hasStatistics) mt.name = ti.name; // the latest name
                }
                mt.heldNanos += ti.heldNanos;
                mt.waitNanos += ti.waitNanos;
                mt.outsideNanos += ti.outsideNanos;
                mt.releasedNanos += ti.releasedNanos;
                mt.acquisitions += ti.acquisitions;
                mt.contendedAcquisitions += ti.contendedAcquisitions;
                mt.samples += ti.samples;
                mt.endedThreads += ti.endedThreads;
                mt.exact |= ti.exact;
                mt.hasStatistics |= ti.hasStatistics;
                mt.addWaits(ti.waits);
                t[ti.index] = mt.index;
            }
            byte[] rc = causes(p.releaseCauses, m.releaseCauses), ac = causes(p.acquireCauses, m.acquireCauses);
            int[] site = new int[p.sites.size()];
            for (int i = 0; i < site.length; i++) {
                List<String> f = p.sites.get(i);
                Integer idx = siteKey.get(f);
                if (idx == null) {
                    m.sites.add(f);
                    siteKey.put(f, idx = m.sites.size() - 1);
                }
                site[i] = idx;
            }
            for (int i = 0; i < p.holdCount(); i++, h++) {
                m.holdStartEpochNanos[h] = p.holdStartEpochNanos[i];
                m.holdNanos[h] = p.holdNanos[i];
                m.holdThread[h] = map(t, p.holdThread[i]);
                m.holdReleaseCause[h] = rc[p.holdReleaseCause[i]];
                m.holdAcquireCause[h] = ac[p.holdAcquireCause[i]];
            }
            for (int i = 0; i < p.waitCount(); i++, w++) {
                m.waitStartEpochNanos[w] = p.waitStartEpochNanos[i];
                m.waitNanos[w] = p.waitNanos[i];
                m.waitThread[w] = map(t, p.waitThread[i]);
                m.waitBlockedBy[w] = map(t, p.waitBlockedBy[i]);
                m.waitCause[w] = ac[p.waitCause[i]];
                m.waitSite[w] = site[p.waitSite[i]];
            }
            for (int i = 0; i < p.switchRequestEpochNanos.length; i++, s++) {
                m.switchRequestEpochNanos[s] = p.switchRequestEpochNanos[i];
                m.switchTimeToDropNanos[s] = p.switchTimeToDropNanos[i];
                m.switchRequester[s] = map(t, p.switchRequester[i]);
                m.switchOwner[s] = map(t, p.switchOwner[i]);
            }
            for (int i = 0; i < p.intervalNanos.length; i++, iv++) {
                m.intervalEndEpochNanos[iv] = p.intervalEndEpochNanos[i];
                m.intervalNanos[iv] = p.intervalNanos[i];
                m.intervalHeldFraction[iv] = p.intervalHeldFraction[i];
                m.intervalWaitFraction[iv] = p.intervalWaitFraction[i];
                m.intervalAcquisitions[iv] = p.intervalAcquisitions[i];
                m.intervalContendedAcquisitions[iv] = p.intervalContendedAcquisitions[i];
                m.intervalSwitches[iv] = p.intervalSwitches[i];
                m.intervalTimedHolds[iv] = p.intervalTimedHolds[i];
            }
            for (int i = 0; i < p.threadIntervalNanos.length; i++, tiv++) {
                m.threadIntervalEndEpochNanos[tiv] = p.threadIntervalEndEpochNanos[i];
                m.threadIntervalNanos[tiv] = p.threadIntervalNanos[i];
                m.threadIntervalInsideFraction[tiv] = p.threadIntervalInsideFraction[i];
                m.threadIntervalHeldFraction[tiv] = i < p.threadIntervalHeldFraction.length ? p.threadIntervalHeldFraction[i] : 0;
                m.threadIntervalWaitFraction[tiv] = i < p.threadIntervalWaitFraction.length ? p.threadIntervalWaitFraction[i] : 0;
            }
            for (int i = 0; i < p.dataLossEpochNanos.length; i++, dl++) {
                m.dataLossEpochNanos[dl] = p.dataLossEpochNanos[i];
                m.dataLossBytes[dl] = p.dataLossBytes[i];
            }
            m.threadWaitHistograms |= p.threadWaitHistograms;
            List<Designation> latest = EventMapper.latest(m.designations, p.designations);
            m.designations.clear();
            m.designations.addAll(latest);
            // Chunks are in file order, so these stay in time order; complete() sorts them anyway.
            m.configurationChanges.addAll(p.configurationChanges);
            JvmRecording.Totals a = m.totals, b = p.totals;
            a.intervals += b.intervals;
            a.exactIntervals += b.exactIntervals;
            a.intervalNanos += b.intervalNanos;
            a.heldNanos += b.heldNanos;
            a.someoneWaitingNanos += b.someoneWaitingNanos;
            a.timedHoldNanos += b.timedHoldNanos;
            a.timedHolds += b.timedHolds;
            a.waitNanos += b.waitNanos;
            a.acquisitions += b.acquisitions;
            a.contendedAcquisitions += b.contendedAcquisitions;
            a.switches += b.switches;
            a.forcedSwitches += b.forcedSwitches;
            a.dropRequests += b.dropRequests;
            a.tickDrops += b.tickDrops;
            a.tickDropsWonBack += b.tickDropsWonBack;
            a.blockingReleases += b.blockingReleases;
            a.watchdogHandOffs += b.watchdogHandOffs;
            a.lapsedHandOffs = JvmRecording.Totals.addKnown(a.lapsedHandOffs, b.lapsedHandOffs);
            a.listenerErrors += b.listenerErrors;
            a.samples += b.samples;
            a.waitersSum += b.waitersSum;
            a.waitersMax = Math.max(a.waitersMax, b.waitersMax);
            m.waitHistogram.add(p.waitHistogram);
            m.holdHistogram.add(p.holdHistogram);
            m.firstEpochNanos = Math.min(m.firstEpochNanos, p.firstEpochNanos);
            m.lastEpochNanos = Math.max(m.lastEpochNanos, p.lastEpochNanos);
            m.jgilEvents += p.jgilEvents;
            m.allEvents += p.allEvents;
            if (!p.jvmName.isEmpty()) {
                m.jvmName = p.jvmName;
                m.jvmVersion = p.jvmVersion;
                m.jvmArguments = p.jvmArguments;
                m.javaArguments = p.javaArguments;
                m.pid = p.pid;
            }
            m.hwThreads = Math.max(m.hwThreads, p.hwThreads);
            if (!p.configuration.policy.equals("?")) {
                Configuration c = m.configuration, d = p.configuration;
                boolean changed = c.changed || d.changed || (lastPolicy != null && !lastPolicy.equals(d.policy + "/" + d.accounting));
                lastPolicy = d.policy + "/" + d.accounting;
                c.policy = d.policy;
                c.intervalNanos = d.intervalNanos;
                c.checkInterval = d.checkInterval;
                c.accounting = d.accounting;
                c.include = d.include;
                c.exclude = d.exclude;
                c.release = d.release;
                c.annotation = d.annotation;
                c.version = d.version;
                c.samplePeriodNanos = d.samplePeriodNanos;
                c.statsPeriodNanos = d.statsPeriodNanos;
                c.jfrSettings = d.jfrSettings;
                c.changed = changed;
            }
            if (p.truncated) { // a chunk the header called complete that did not parse
                m.truncated = true;
                m.truncationDetail = p.truncationDetail;
            }
        }
        return m;
    }

    private static int map(int[] t, int i) {
        return i < 0 ? -1 : t[i];
    }

    private static byte[] causes(List<String> from, List<String> into) {
        byte[] out = new byte[Math.max(1, from.size())];
        for (int i = 0; i < from.size(); i++) {
            int j = into.indexOf(from.get(i));
            if (j < 0) {
                into.add(from.get(i));
                j = into.size() - 1;
            }
            out[i] = (byte) j;
        }
        return out;
    }
}
