package dev.jgil.report.model;

/**
 * One {@code jgil.Designation}: what a designation pattern had matched by the end of the recording (the latest event
 * for its kind and pattern). The pattern is untrusted text from the file: escape it wherever shown.
 *
 * @param kind           {@code include | exclude | annotation | release}
 * @param pattern        the pattern as the option spelled it
 * @param classesMatched loaded classes it matched
 * @param methodsWoven   methods woven because of it
 * @param epochNanos     when this was recorded
 */
public record Designation(String kind, String pattern, long classesMatched, long methodsWoven, long epochNanos) {
    public Designation {
        kind = kind == null ? "?" : kind;
        pattern = pattern == null ? "" : pattern;
    }
}
