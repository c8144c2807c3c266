package dev.jgil.report.analysis;

import dev.jgil.schema.Format;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings as the page and the text list them: one entry per rule, so that a convoy found on eight handler threads
 * reads once ("convoy: 8 threads (handler-0, handler-1, handler-2, …) each waited a median 5.3–6.7 ms …"), expandable to
 * the eight findings. The JSON keeps every finding ({@code findings}) and adds the groups ({@code findingGroups}).
 */
public final class FindingGroups {
    private FindingGroups() {
    }

    /**
     * A rule's findings: its most severe first. {@code title} is the member's own when there is one, else the rule's
     * {@link FindingRule#groupTitle} or a generic line.
     */
    public record Group(String ruleId, Finding.Severity severity, String title, List<Finding> members, List<Integer> indices) {
        public boolean grouped() {
            return members.size() > 1;
        }
    }

    /** Names listed in a group's title before "…". */
    static final int NAMES_SHOWN = 3;

    /** {@code findings} (sorted most severe first) grouped by rule, in that order. */
    /** @param fleet what the breakdown's rows are ("JVMs", "GILs") when there are several, else null */
    static List<Group> of(List<Finding> findings, List<FindingRule> rules, String fleet) {
        Map<String, List<Integer>> byRule = new LinkedHashMap<>();
        for (int i = 0; i < findings.size(); i++) byRule.computeIfAbsent(findings.get(i).ruleId(), k -> new ArrayList<>()).add(i);
        List<Group> out = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : byRule.entrySet()) {
            List<Finding> members = new ArrayList<>();
            for (int i : e.getValue()) members.add(findings.get(i));
            Finding first = members.get(0);
            String title = first.title();
            if (members.size() > 1) {
                String t = null;
                for (FindingRule r : rules) if (r.id().equals(e.getKey())) t = r.groupTitle(members);
                title = t != null ? t : generic(members, fleet);
            }
            out.add(new Group(e.getKey(), first.severity(), title, List.copyOf(members), List.copyOf(e.getValue())));
        }
        return out;
    }

    /** "slow-drop in 3 JVMs; the worst: …", "x: 4 threads (a, b, c, …), 1.2–3.4 ms; the worst: …". */
    private static String generic(List<Finding> members, String fleet) {
        boolean subjects = members.stream().allMatch(f -> f.subject() != null);
        String who = subjects ? ": " + members.size() + " threads (" + names(members) + ")"
                : fleet != null ? " in " + members.size() + " " + fleet : ": " + members.size() + " findings";
        return members.get(0).ruleId() + who + (Double.isNaN(members.get(0).figureNanos()) ? "" : ", " + range(members))
                + "; the worst: " + members.get(0).title();
    }

    /** The members' subjects, the first {@link #NAMES_SHOWN}, then "…". */
    public static String names(List<Finding> members) {
        List<String> names = new ArrayList<>();
        for (Finding f : members) {
            if (names.size() == NAMES_SHOWN) {
                names.add("…");
                break;
            }
            names.add(f.subject() == null ? "?" : Verdict.shorten(f.subject()));
        }
        return String.join(", ", names);
    }

    /** The range of the members' key figures: {@code 5.3 ms–6.7 ms}, or one value when they are all the same. */
    public static String range(List<Finding> members) {
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (Finding f : members) {
            if (Double.isNaN(f.figureNanos())) continue;
            lo = Math.min(lo, f.figureNanos());
            hi = Math.max(hi, f.figureNanos());
        }
        if (lo > hi) return "-";
        String a = Format.nanos(lo), b = Format.nanos(hi);
        if (a.equals(b)) return a;
        int ia = a.lastIndexOf(' '), ib = b.lastIndexOf(' ');
        // One unit for both ends when they share it: 5.30–6.70 ms.
        if (ia > 0 && ib > 0 && a.substring(ia).equals(b.substring(ib))) return a.substring(0, ia) + "–" + b;
        return a + "–" + b;
    }
}
