package dev.jgil.report.analysis;

import java.util.List;

/**
 * One conclusion about the recording with the numbers that support it.
 *
 * @param ruleId    the {@link FindingRule#id()} that produced it
 * @param severity  how much it likely costs
 * @param title     one sentence with the key figure ("GIL battle: 93% of drops re-acquired by the same thread")
 * @param evidence  the measurements behind it, one sentence each
 * @param advice    what to try (may be empty)
 * @param subject   who it is about when a rule finds it once per thread (the thread's row label), else null: findings of
 *                  one rule about several threads are shown as one group ({@link FindingGroups})
 * @param figureNanos the finding's key duration when it has one (a convoy's median wait), else NaN: a group gives its range
 */
public record Finding(String ruleId, Severity severity, String title, List<String> evidence, String advice, String subject,
        double figureNanos) {
    public enum Severity { INFO, WARNING, PROBLEM }

    public Finding {
        evidence = List.copyOf(evidence);
        advice = advice == null ? "" : advice;
    }

    public Finding(String ruleId, Severity severity, String title, List<String> evidence, String advice) {
        this(ruleId, severity, title, evidence, advice, null, Double.NaN);
    }
}
