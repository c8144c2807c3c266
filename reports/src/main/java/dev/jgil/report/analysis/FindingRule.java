package dev.jgil.report.analysis;

import java.util.List;

/**
 * A check run over every report, JMC-rule style. Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.jgil.report.analysis.FindingRule}), so a jar on the class path can add
 * its own. A rule must not throw; one that does is reported as an INFO finding and skipped.
 */
public interface FindingRule {
    /** Stable id, e.g. {@code convoy}. */
    String id();

    /** The findings for this report (usually zero or one). */
    List<Finding> evaluate(Analysis analysis);

    /**
     * The one line that stands for several findings of this rule (one per thread, or per JVM), e.g. "convoy: 8 threads
     * waited a median 5.3–6.7 ms to re-acquire the GIL after I/O"; null for {@link FindingGroups}' generic line.
     */
    default String groupTitle(List<Finding> findings) {
        return null;
    }
}
