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
}
