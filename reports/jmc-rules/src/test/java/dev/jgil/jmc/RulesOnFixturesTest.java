package dev.jgil.jmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IRule;
import org.openjdk.jmc.flightrecorder.rules.RuleRegistry;
import org.openjdk.jmc.flightrecorder.rules.Severity;
import org.openjdk.jmc.flightrecorder.rules.TypedResult;
import org.openjdk.jmc.flightrecorder.rules.report.html.JfrHtmlRulesReport;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit;

/** The rules on the committed real recordings, evaluated the way JMC evaluates them (headless). */
class RulesOnFixturesTest {
    private static final Path FIXTURES = Path.of("..", "src", "test", "resources", "fixtures");
    private static final Map<String, IItemCollection> LOADED = new ConcurrentHashMap<>();

    static final List<IRule> OURS = List.of(new GilContentionRule(), new ConvoyEffectRule(), new GilBattleRule(),
            new SerializedWorkRule(), new SlowDropRule(), new WatchdogRule(), new GilConfigurationRule());

    private static IItemCollection load(String name) {
        return LOADED.computeIfAbsent(name, n -> {
            try {
                return JfrLoaderToolkit.loadEvents(FIXTURES.resolve(n).toFile());
            } catch (Exception e) {
                throw new AssertionError("cannot load " + n, e);
            }
        });
    }

    private static IResult eval(String fixture, IRule rule) throws Exception {
        RunnableFuture<IResult> f = rule.createEvaluation(load(fixture), IPreferenceValueProvider.DEFAULT_VALUES, null);
        f.run();
        IResult r = f.get();
        assertNotNull(r, rule.getId() + " on " + fixture);
        System.out.printf("%-28s %-22s %-8s %5s  %s%n", fixture, rule.getId(), r.getSeverity(), score(r), r.getSummary());
        return r;
    }

    private static String score(IResult r) {
        var q = r.getResult(TypedResult.SCORE);
        return q == null ? "-" : String.valueOf(Math.round(q.doubleValueIn(UnitLookup.NUMBER_UNITY)));
    }

    @Test
    void registryFindsOurRules() {
        Set<String> ids = RuleRegistry.getRules().stream().map(IRule::getId).collect(Collectors.toSet());
        for (IRule r : OURS) {
            assertTrue(ids.contains(r.getId()), r.getId() + " not in RuleRegistry: " + ids);
        }
        // JMC's own rules are still there (we add to the registry, we do not replace it).
        assertTrue(ids.size() > OURS.size());
    }

    @Test
    void countdownRaisesContentionAndSerializedWork() throws Exception {
        IResult c = eval("countdown-switch-trace.jfr", new GilContentionRule());
        assertEquals(Severity.WARNING, c.getSeverity());
        assertTrue(c.getSummary().contains("countdown-"), c.getSummary());
        assertTrue(c.getExplanation().contains("FixtureGenerator"), c.getExplanation());
        IResult s = eval("countdown-switch-trace.jfr", new SerializedWorkRule());
        assertEquals(Severity.WARNING, s.getSeverity());
        assertTrue(s.getSummary().matches("(?s).*up to [12]\\.\\d× faster.*"), s.getSummary());
        assertEquals(Severity.OK, eval("countdown-switch-trace.jfr", new ConvoyEffectRule()).getSeverity());
        assertEquals(Severity.OK, eval("countdown-switch-trace.jfr", new GilBattleRule()).getSeverity());
    }

    @Test
    void convoyFixtureRaisesConvoy() throws Exception {
        IResult r = eval("convoy-switch-default.jfr", new ConvoyEffectRule());
        assertEquals(Severity.WARNING, r.getSeverity());
        assertTrue(r.getSummary().contains("'io-reader'") && r.getSummary().contains("'cruncher'"), r.getSummary());
        assertEquals(Severity.OK, eval("convoy-switch-default.jfr", new GilBattleRule()).getSeverity());
    }

    @Test
    void aCompleteTraceRecordingIsJudgedOnTheDropsMadeWhileAnotherThreadWaited() throws Exception {
        IResult r = eval("battle-ticks-trace.jfr", new GilBattleRule());
        assertTrue(r.getSummary().contains("drops made while another thread waited"), r.getSummary());
        assertEquals(Severity.OK, eval("battle-ticks-trace.jfr", new ConvoyEffectRule()).getSeverity());
    }

    @Test
    void aLossyRecordingFallsBackToTheExactCountersAndSaysTheShareIsAnUpperBound() throws Exception {
        IResult r = eval("lossy-switch-trace.jfr", new GilBattleRule());
        assertTrue(r.getSummary().contains("exact counters") && r.getSummary().contains("upper bound"), r.getSummary());
    }

    @Test
    void ioBoundThreadsAreNoConvoyAndNoBattle() throws Exception {
        assertEquals(Severity.OK, eval("iobound-default.jfr", new ConvoyEffectRule()).getSeverity());
        assertEquals(Severity.OK, eval("iobound-default.jfr", new GilBattleRule()).getSeverity());
        assertEquals(Severity.OK, eval("iobound-default.jfr", new WatchdogRule()).getSeverity());
    }

    @Test
    void recordingWithoutJgilEventsIsNotApplicable() throws Exception {
        for (IRule rule : OURS) {
            IResult r = eval("no-jgil-events.jfr", rule);
            assertEquals(Severity.NA, r.getSeverity(), rule.getId());
        }
        // Through JMC's own parallel evaluation too (it checks getRequiredEvents first).
        Map<IRule, Future<IResult>> all = RulesToolkit.evaluateParallel(OURS, load("no-jgil-events.jfr"),
                IPreferenceValueProvider.DEFAULT_VALUES, 1);
        for (Map.Entry<IRule, Future<IResult>> e : all.entrySet()) {
            assertEquals(Severity.NA, e.getValue().get().getSeverity(), e.getKey().getId());
        }
    }

    @Test
    void configurationNamesThePolicy() throws Exception {
        IResult r = eval("countdown-switch-trace.jfr", new GilConfigurationRule());
        assertEquals(Severity.INFO, r.getSeverity());
        assertTrue(r.getSummary().contains("'switch'") && r.getSummary().contains("com.example.fixture.**"),
                r.getSummary());
        IResult b = eval("battle-ticks-trace.jfr", new GilConfigurationRule());
        assertTrue(b.getSummary().contains("'ticks'"), b.getSummary());
        assertTrue(!b.getSummary().contains("changed"), b.getSummary());
    }

    @Test
    void configurationTellsOfRunTimeChangesAndTheSettingsAtTheEnd() throws Exception {
        IResult r = eval("live-changes-default.jfr", new GilConfigurationRule());
        assertEquals(Severity.INFO, r.getSeverity());
        assertTrue(r.getSummary().contains("changed 3× at run time (policy switch → off → switch)"), r.getSummary());
        assertTrue(r.getSummary().contains("at the end: policy 'switch', switch interval 1"), r.getSummary());
        assertTrue(r.getExplanation().contains("interval 5"), r.getExplanation());
    }

    @Test
    void verdictTable() throws Exception {
        // Not an assertion: prints every rule's verdict on every fixture (the README's table).
        for (String f : List.of("countdown-switch-trace.jfr", "convoy-switch-default.jfr", "battle-ticks-trace.jfr",
                "iobound-default.jfr", "live-changes-default.jfr", "pertask-switch-trace.jfr", "nothing-designated-default.jfr",
                "lossy-switch-trace.jfr", "no-jgil-events.jfr")) {
            for (IRule rule : OURS) {
                eval(f, rule);
            }
        }
    }

    @Test
    void htmlReportIncludesOurRules() throws Exception {
        String html = JfrHtmlRulesReport.createReport(load("convoy-switch-default.jfr"));
        assertTrue(html.contains("GIL Convoy Effect"), "no convoy rule in JMC's HTML report");
        assertTrue(html.contains("io-reader"), "convoy result text missing from JMC's HTML report");
    }
}
