package dev.jgil.jmc;

import dev.jgil.schema.Names;
import dev.jgil.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.ResultBuilder;
import org.openjdk.jmc.flightrecorder.rules.Severity;
import org.openjdk.jmc.flightrecorder.rules.TypedResult;

/**
 * A rule on a recording with GIL groups ({@code group.NAME=}: one GIL per group of classes, each its own lock with its
 * own configuration and statistics): evaluated per GIL, as the report shows one row per GIL; JMC takes one result per
 * rule, so the result is the worst GIL's, its summary naming the group, and the explanation gives every other GIL's.
 */
final class GroupResults {
    private GroupResults() {
    }

    static IResult worst(JgilRule rule, IPreferenceValueProvider vp, IItemCollection items, List<String> groups) {
        List<IResult> results = new ArrayList<>();
        for (String g : groups) {
            JgilData d = JgilData.read(items, g);
            results.add(d.hasJgilEvents() ? rule.evaluate(d, vp) : rule.notApplicable(vp, "No jgil events about this GIL."));
        }
        int w = 0;
        for (int i = 1; i < results.size(); i++) if (worse(results.get(i), results.get(w))) w = i;
        IResult worst = results.get(w);
        StringBuilder expl = new StringBuilder(worst.getExplanation() == null ? "" : worst.getExplanation());
        expl.append(expl.length() == 0 ? "" : " ").append("This JVM ran ").append(groups.size())
                .append(" GILs (group.NAME= options: one lock per group of classes, and the default GIL for designated code "
                        + "outside every group); each is judged on its own, this is the worst. The others:");
        for (int i = 0; i < results.size(); i++) {
            if (i == w) continue;
            IResult r = results.get(i);
            expl.append(" ").append(name(groups.get(i))).append(": ").append(r.getSeverity().getLocalizedName()).append(", ")
                    .append(r.getSummary());
        }
        ResultBuilder b = ResultBuilder.createFor(rule, vp).setSeverity(worst.getSeverity())
                .setSummary(name(groups.get(w)) + ": " + worst.getSummary()).setExplanation(expl.toString());
        IQuantity score = worst.getResult(TypedResult.SCORE);
        if (score != null) b.addResult(TypedResult.SCORE, score);
        if (worst.getSolution() != null) b.setSolution(worst.getSolution());
        return b.build();
    }

    /** The GILs the recording has events of: the default GIL first, then the groups by name. */
    static List<String> groups(IItemCollection items) {
        JgilData d = JgilData.every();
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        boolean hasDefault = false;
        // Every GIL commits its own jgil.Configuration and jgil.Statistics: the detail events need not be read for this.
        for (String type : List.of(Schema.CONFIGURATION, Schema.STATISTICS)) {
            for (IItem it : d.items(items, type)) {
                String g = d.groupOf(it);
                if (g.equals(Names.DEFAULT_GROUP)) hasDefault = true;
                else names.add(g);
            }
        }
        List<String> out = new ArrayList<>();
        if (hasDefault || names.isEmpty()) out.add(Names.DEFAULT_GROUP);
        out.addAll(names);
        return out;
    }

    /** "GIL group 'parser'", "the default GIL". */
    static String name(String group) {
        return Names.DEFAULT_GROUP.equals(group) ? "The default GIL" : "GIL group '" + group + "'";
    }

    private static boolean worse(IResult a, IResult b) {
        int ra = rank(a.getSeverity()), rb = rank(b.getSeverity());
        if (ra != rb) return ra > rb;
        return score(a) > score(b);
    }

    private static int rank(Severity s) {
        return s == Severity.WARNING ? 3 : s == Severity.INFO ? 2 : s == Severity.OK ? 1 : 0;
    }

    private static double score(IResult r) {
        IQuantity q = r.getResult(TypedResult.SCORE);
        return q == null ? -1 : q.doubleValueIn(UnitLookup.NUMBER_UNITY);
    }
}
