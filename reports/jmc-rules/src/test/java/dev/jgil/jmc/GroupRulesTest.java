package dev.jgil.jmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.RunnableFuture;
import org.junit.jupiter.api.Test;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IRule;
import org.openjdk.jmc.flightrecorder.rules.Severity;

/**
 * The rules on a real recording with three GILs (reports' {@code GroupedJfr} wrote it, with the jgil event names and
 * the group field): the default GIL (quiet), group parser (two threads, someone waiting 60 % of the time) and group
 * driver (one thread, no wait). Each GIL is judged on its own; the result names the group it is about.
 */
class GroupRulesTest {
    private static final Path FIXTURE = Path.of("..", "src", "test", "resources", "fixtures", "groups-three-default.jfr");

    private static IResult eval(IRule rule) throws Exception {
        IItemCollection items = JfrLoaderToolkit.loadEvents(FIXTURE.toFile());
        RunnableFuture<IResult> f = rule.createEvaluation(items, IPreferenceValueProvider.DEFAULT_VALUES, null);
        f.run();
        return f.get();
    }

    @Test
    void contentionNamesTheContendedGroup() throws Exception {
        IResult r = eval(new GilContentionRule());
        assertEquals(Severity.WARNING, r.getSeverity(), r.getSummary());
        // 60 %, the parser's own figure: not diluted by the other two GILs' intervals (a 20 % average of the three).
        assertTrue(r.getSummary().startsWith("GIL group 'parser': Some thread waited for the GIL 60.0% of the time."), r.getSummary());
        assertTrue(r.getExplanation().contains("This JVM ran 3 GILs"), r.getExplanation());
        assertTrue(r.getExplanation().contains("The default GIL: OK, Some thread waited for the GIL 0.0% of the time."), r.getExplanation());
        assertTrue(r.getExplanation().contains("GIL group 'driver': OK, Some thread waited for the GIL 0.0% of the time."), r.getExplanation());
    }

    @Test
    void configurationIsEachGroupsOwn() throws Exception {
        IResult r = eval(new GilConfigurationRule());
        String all = r.getSummary() + " " + r.getExplanation();
        assertTrue(all.contains("bfs"), "the parser's policy is its own: " + all);
        assertTrue(all.contains("GIL group 'parser'") && all.contains("GIL group 'driver'") && all.contains("The default GIL"), all);
    }

    @Test
    void aRecordingWithoutGroupsHasOneGil() throws Exception {
        IItemCollection items = JfrLoaderToolkit.loadEvents(Path.of("..", "src", "test", "resources", "fixtures",
                "convoy-switch-default.jfr").toFile());
        assertEquals(List.of("default"), GroupResults.groups(items));
        RunnableFuture<IResult> f = new GilContentionRule().createEvaluation(items, IPreferenceValueProvider.DEFAULT_VALUES, null);
        f.run();
        assertFalse(f.get().getSummary().contains("GIL group"), f.get().getSummary());
    }
}
