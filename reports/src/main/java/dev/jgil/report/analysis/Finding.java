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
 */
public record Finding(String ruleId, Severity severity, String title, List<String> evidence, String advice) {
    public enum Severity { INFO, WARNING, PROBLEM }

    public Finding {
        evidence = List.copyOf(evidence);
        advice = advice == null ? "" : advice;
    }
}
