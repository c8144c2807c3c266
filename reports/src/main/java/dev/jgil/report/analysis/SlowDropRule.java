package dev.jgil.report.analysis;

import dev.jgil.report.model.JvmRecording;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Owners that took long to honour a switch request: designated code with too few checkpoints. */
public final class SlowDropRule implements FindingRule {
    static final int MIN_REQUESTS = 5;

    @Override
    public String id() {
        return "slow-drop";
    }

    @Override
    public List<Finding> evaluate(Analysis a) {
        List<Finding> out = new ArrayList<>();
        for (Analysis.JvmSummary s : a.jvms) {
            JvmRecording r = s.recording;
            int n = r.switchTimeToDropNanos.length;
            long interval = r.configuration.intervalNanos;
            if (n < MIN_REQUESTS || interval <= 0) continue;
            long[] d = r.switchTimeToDropNanos.clone();
            Arrays.sort(d);
            long p99 = d[(int) Math.min(n - 1, n * 0.99)];
            if (p99 < Math.max(1_000_000, interval)) continue;
            out.add(new Finding(id(), Finding.Severity.WARNING,
                    "slow drops: owners took up to " + Format.nanos(d[n - 1]) + " to drop the GIL after being asked"
                            + (a.fleet() ? " [" + s.label + "]" : ""),
                    List.of(Format.count(n) + " switch requests; time to drop p50 " + Format.nanos(d[n / 2]) + ", p99 "
                            + Format.nanos(p99) + " against a switch interval of " + Format.nanos(interval)),
                    "Long loops without a checkpoint (or native code) delay every waiter; the SwitchRequest "
                            + "events' stack traces show where the owner finally dropped."));
        }
        return out;
    }
}
