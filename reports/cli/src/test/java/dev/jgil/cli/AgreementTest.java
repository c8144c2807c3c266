package dev.jgil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.jgil.jmc.ConvoyEffectRule;
import dev.jgil.jmc.GilBattleRule;
import dev.jgil.jmc.GilContentionRule;
import dev.jgil.jmc.SerializedWorkRule;
import dev.jgil.jmc.SlowDropRule;
import dev.jgil.jmc.WatchdogRule;
import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.Finding;
import dev.jgil.report.analysis.JvmSummary;
import dev.jgil.report.analysis.ThreadRows;
import dev.jgil.schema.Format;
import dev.jgil.schema.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.RunnableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IRule;
import org.openjdk.jmc.flightrecorder.rules.Severity;

/**
 * One truth: every view of a recording — the HTML page (headline cards, tables, footers, findings), the JSON, the
 * text, {@code jgil top}'s intervals, the JMC rule pack — shows each shared figure with the same value and meaning,
 * and the JMC rules reach the report's verdicts, on every fixture. (The agent's exit summary is held to the report of
 * its own recording by the agent's {@code ExitSummaryAgreementIT}.)
 */
class AgreementTest {
    /** A report finding ↔ the JMC rule judging it by the same definition: finding ⇔ WARNING. */
    static final Map<String, IRule> JMC = new LinkedHashMap<>();

    static {
        JMC.put("contention", new GilContentionRule());
        JMC.put("cpu-bound", new SerializedWorkRule());
        JMC.put("gil-battle", new GilBattleRule());
        JMC.put("convoy", new ConvoyEffectRule());
        JMC.put("slow-drop", new SlowDropRule());
        JMC.put("watchdog", new WatchdogRule());
    }

    @Test
    void everyViewShowsTheSameFiguresOnEveryFixture() throws Exception {
        for (String f : Fixtures.WITH_JGIL_EVENTS) {
            Analysis a = Reports.analyse(List.of(Fixtures.path(f)));
            JsonObject j = JsonParser.parseString(Reports.json(a)).getAsJsonObject();
            String html = Reports.html(a), text = Reports.text(a);
            verdict(f, a, j, html, text);
            headline(f, a, j, html, text);
            threadRows(f, a, j, html, text);
            footersAndFindings(f, a, j, html, text);
        }
    }

    /** The verdict: one sentence, one level, the same in the HTML page (first), the text (second line) and the JSON. */
    private static void verdict(String f, Analysis a, JsonObject j, String html, String text) {
        JsonObject v = j.getAsJsonObject("verdict");
        String sentence = v.get("sentence").getAsString();
        assertEquals(a.verdict.sentence, sentence, f);
        Matcher m = Pattern.compile("<p id=\"verdict\" class=\"verdict level-(\\w+)\" data-figure=\"verdict.level\" data-value=\"(\\w+)\">([^<]*)</p>")
                .matcher(html);
        assertTrue(m.find(), f + ": no verdict in the page");
        assertTrue(m.start() < html.indexOf("id=\"headline\""), f + ": the verdict comes before the cards");
        assertEquals(v.get("level").getAsString(), m.group(2), f);
        assertEquals(sentence, unescape(m.group(3)), f);
        assertEquals("  " + sentence.replaceAll("[\\x00-\\x1f\\x7f\\u2028\\u2029]", "?"), text.split("\n")[1], f + ": the text's second line");
        assertEquals(a.overall.threadsWaitNanos, v.get("waitThreadNanos").getAsDouble(), 0.5, f + ": the cost is the card's");
        assertEquals(j.getAsJsonObject("overall").get("addedWaitNanos").getAsLong(), v.get("waitThreadNanos").getAsLong(), f);
        if (a.verdict.worstVictimRow >= 0) {
            assertEquals(a.verdict.worstVictimRow, v.get("worstVictimRow").getAsInt(), f);
        }
        for (String fig : dev.jgil.report.analysis.Verdict.GRADED_FIGURES) {
            Matcher c = Pattern.compile("data-figure=\"" + Pattern.quote(fig) + "\" data-value=\"[^\"]*\" data-severity=\"(\\w+)\"").matcher(html);
            assertTrue(c.find(), f + ": card " + fig);
            assertEquals(v.getAsJsonObject("cardSeverities").get(fig).getAsString(), c.group(1), f + ": colour of " + fig);
        }
    }

    /** The headline cards' figures: the JSON's, formatted once; the text's lines say the same numbers. */
    private static void headline(String f, Analysis a, JsonObject j, String html, String text) {
        JsonObject o = j.getAsJsonObject("overall");
        JvmSummary s = a.overall;
        Map<String, String[]> cards = figures(html);
        for (String key : List.of("heldFraction", "someoneWaitingFraction", "contendedAcquisitions", "switches", "drops",
                "addedWaitNanos", "speedUpBound")) {
            String[] card = cards.get(key);
            assertTrue(card != null, f + ": no card for " + key);
            assertEquals(o.get(key).getAsDouble(), Double.parseDouble(card[0]), 1e-12, f + ": card " + key + " vs JSON");
        }
        assertEquals(Format.percent(s.heldFraction()), cards.get("heldFraction")[1], f);
        assertEquals(Format.count(s.contendedAcquisitions), cards.get("contendedAcquisitions")[1], f);
        assertEquals(Format.count(s.drops()), cards.get("drops")[1], f);
        assertEquals(Format.atMostTimes(s.speedUpBound()), cards.get("speedUpBound")[1], f);
        assertEquals(s.drops(), o.get("forcedSwitches").getAsLong() + o.get("tickDrops").getAsLong(), f + ": drops = forced + tick");
        assertTrue(text.contains("GIL held " + Format.percent(s.heldFraction()) + " of the time; some thread waited "
                + Format.percent(s.someoneWaitingFraction()) + " of the time"), f + "\n" + text);
        assertTrue(text.contains("acquisitions " + Format.count(s.acquisitions) + ", contended " + Format.count(s.contendedAcquisitions)
                + ", switches " + Format.count(s.switches) + ", drops " + Format.count(s.drops()) + " (forced switches "
                + Format.count(s.forcedSwitches) + ", tick drops " + Format.count(s.tickDrops) + "; won back "
                + Format.count(s.dropsWonBack()) + ")"), f + "\n" + text);
        assertTrue(text.contains("speed-up without it " + Format.atMostTimes(s.speedUpBound())), f);
        // The distributions: every timed wait and hold, the same percentiles in the HTML table and the text.
        JsonObject waits = j.getAsJsonObject("waitDistribution");
        assertEquals(a.waitHistogram.getTotalCount(), waits.get("count").getAsLong(), f);
        if (a.waitHistogram.getTotalCount() > 0) {
            String p50 = Format.nanos(waits.getAsJsonObject("percentiles").get("p50").getAsLong());
            assertTrue(text.contains("waits: " + Format.count(a.waitHistogram.getTotalCount()) + ", p50 " + p50), f);
            assertTrue(html.contains("<td>" + Format.count(a.waitHistogram.getTotalCount()) + "</td><td>" + p50 + "</td>"), f);
        }
    }

    /** Per row of the threads table: HTML, text and JSON agree, wait percentiles included (complete histograms). */
    private static void threadRows(String f, Analysis a, JsonObject j, String html, String text) {
        JsonArray rows = j.getAsJsonArray("threadGroups");
        assertEquals(a.threadRows.size(), rows.size(), f);
        Matcher m = Pattern.compile("<div class=\"stacked\"[^>]*>((?:<span[^>]*></span>)*)</div></td>(?:<td[^>]*>([^<]*)</td>){4}"
                + "<td>([\\d,]+)</td><td>([\\d,]+)</td><td class=\"wait-p50\">([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>")
                .matcher(html.substring(html.indexOf("<table id=\"threads\">")));
        JsonArray order = j.getAsJsonArray("threadTableOrder");
        assertEquals(a.threadRows.size(), order.size(), f);
        int k = 0;
        double previous = Double.MAX_VALUE;
        for (ThreadRows.Row r : a.verdict.victimsFirst) {
            assertEquals(r.index, order.get(k++).getAsInt(), f + ": the JSON's table order is the page's");
            JsonObject row = rows.get(r.index).getAsJsonObject();
            double waitPerThread = row.get("waitFraction").getAsDouble() / row.get("threadCount").getAsInt();
            assertTrue(waitPerThread <= previous + 1e-12, f + ": worst victim first, " + r.name);
            previous = waitPerThread;
            assertEquals(r.fraction(r.releasedNanos), row.get("releasedFraction").getAsDouble(), 1e-12, f);
            assertEquals(r.acquisitions, row.get("acquisitions").getAsLong(), f);
            assertEquals(r.contendedAcquisitions, row.get("contendedAcquisitions").getAsLong(), f);
            String p50 = "-", p99 = "-", max = "-";
            if (r.waitsKnown && r.waits != null && r.waits.getTotalCount() > 0) {
                assertEquals(r.waits.getTotalCount(), row.get("waits").getAsLong(), f);
                p50 = Format.nanos(row.get("waitP50Nanos").getAsLong());
                p99 = Format.nanos(row.get("waitP99Nanos").getAsLong());
                max = Format.nanos(row.get("waitMaxNanos").getAsLong());
                // One wait per contended acquisition: the histograms are the complete ones, not the recorded events.
                assertEquals(r.contendedAcquisitions, r.waits.getTotalCount(), f + ": " + r.name);
            }
            assertTrue(m.find(), f + ": HTML row " + r.index);
            assertEquals(List.of(Format.count(r.acquisitions), Format.count(r.contendedAcquisitions), p50, p99, max),
                    List.of(m.group(3), m.group(4), m.group(5), m.group(6), m.group(7)), f + ": HTML row " + r.name);
            // The bar: held / waiting / released / outside as shares of their sum, from the row's JSON figures.
            double[] v = {row.get("heldFraction").getAsDouble(), row.get("waitFraction").getAsDouble(),
                    row.get("releasedFraction").getAsDouble(), row.get("outsideFraction").getAsDouble()};
            double sum = v[0] + v[1] + v[2] + v[3];
            Matcher part = Pattern.compile("class=\"part (\\w+)\" data-fraction=\"([\\d.]+)\"").matcher(m.group(1));
            Map<String, Double> parts = new HashMap<>();
            while (part.find()) parts.put(part.group(1), Double.parseDouble(part.group(2)));
            String[] states = {"held", "waiting", "released", "outside"};
            for (int i = 0; i < 4; i++) {
                assertEquals(sum > 0 ? v[i] / sum : 0, parts.getOrDefault(states[i], 0.0), 1e-5, f + ": bar " + states[i] + " of " + r.name);
            }
            String line = String.format(java.util.Locale.ROOT, "%7.3f %7.3f %8.3f %7.3f %12d %10d %10s %10s %10s", r.fraction(r.heldNanos),
                    r.fraction(r.waitNanos), r.fraction(r.releasedNanos), r.fraction(r.outsideNanos), r.acquisitions,
                    r.contendedAcquisitions, p50, p99, max);
            assertTrue(text.contains(line), f + ": text row " + r.name + " '" + line + "'\n" + text);
        }
    }

    /** The sites and hand-off footers carry the headline's figures; the findings are the same in every view. */
    private static void footersAndFindings(String f, Analysis a, JsonObject j, String html, String text) {
        Map<String, String[]> figures = figures(html);
        JsonObject sites = j.getAsJsonObject("contendedSitesTotal");
        if (!a.sites.isEmpty()) {
            assertEquals(sites.get("recordedWaits").getAsLong(), Long.parseLong(figures.get("footer.recordedWaits")[0]), f);
            assertTrue(figures.get("footer.recordedWaits")[1].contains("jgil.Statistics counted " + Format.count(a.overall.contendedAcquisitions)
                    + " contended acquisitions"), f + ": " + figures.get("footer.recordedWaits")[1]);
        }
        long recorded = a.jvms.stream().mapToLong(s -> s.recording.waitCount()).sum();
        assertEquals(recorded, sites.get("recordedWaits").getAsLong(), f + ": every recorded wait is at some site");
        if (a.detailComplete && a.jvms.stream().noneMatch(s -> s.loss.any())) {
            assertEquals(a.overall.contendedAcquisitions, recorded, f + ": under trace, one recorded wait per contended acquisition");
        }
        JsonObject h = j.getAsJsonObject("handOffs");
        assertEquals(a.overall.drops(), h.get("drops").getAsLong(), f + ": the hand-off footer's drops are the headline's");
        assertEquals(a.overall.dropsWonBack(), h.get("dropsRetaken").getAsLong(), f);
        if (a.handOffs.total > 0) {
            assertEquals(a.overall.drops(), Long.parseLong(figures.get("footer.drops")[0]), f);
            assertTrue(html.contains(Format.count(a.overall.drops()) + " drops ("), f + ": the footer names the same drops");
        }
        Set<String> json = new TreeSet<>(), htmlRules = new TreeSet<>(), report = new TreeSet<>();
        for (JsonElement e : j.getAsJsonArray("findings")) json.add(e.getAsJsonObject().get("rule").getAsString());
        Matcher m = Pattern.compile("<li data-rule=\"([^\"]*)\"").matcher(html);
        while (m.find()) htmlRules.add(m.group(1));
        for (Finding x : a.findings) {
            report.add(x.ruleId());
            assertTrue(text.contains("[" + x.severity() + "] " + x.title()), f + ": text finding " + x.title());
            if (x.ruleId().equals("cpu-bound") && a.jvms.get(0).segments.size() <= 1) {
                // The finding's bound is the card's bound: "up to 1.8×" and "≤ 1.8×".
                assertTrue(x.title().contains("up to " + Format.times(a.overall.speedUpBound()) + " faster"), f + ": " + x.title());
            }
        }
        assertEquals(report, json, f);
        assertEquals(report, htmlRules, f);
        // The findings by rule: the same groups, in the same order, in the JSON and the page.
        List<String> groups = new ArrayList<>(), pageGroups = new ArrayList<>();
        for (JsonElement e : j.getAsJsonArray("findingGroups")) groups.add(e.getAsJsonObject().get("rule").getAsString());
        Matcher top = Pattern.compile("<li data-rule=\"([^\"]*)\" class=\"finding(?:-group)?\"").matcher(
                html.replaceAll("(?s)<details class=\"finding-members\">.*?</details>", ""));
        while (top.find()) pageGroups.add(top.group(1));
        assertEquals(groups, pageGroups, f);
    }

    /** {@code data-figure} → {value, shown text}: the headline cards' value and text, and the footers' ({@code footer.} + name). */
    private static Map<String, String[]> figures(String html) {
        Map<String, String[]> out = new HashMap<>();
        Matcher card = Pattern.compile("data-figure=\"([^\"]+)\" data-value=\"([^\"]+)\"[^>]*><div class=\"k\">[^<]*</div><div class=\"v\">([^<]*)</div>")
                .matcher(html);
        while (card.find()) out.put(card.group(1), new String[] {card.group(2), unescape(card.group(3))});
        Matcher footer = Pattern.compile("<p class=\"explain\" id=\"[^\"]+\" data-figure=\"([^\"]+)\" data-value=\"([^\"]+)\">([^<]*)</p>").matcher(html);
        while (footer.find()) out.put("footer." + footer.group(1), new String[] {footer.group(2), unescape(footer.group(3))});
        return out;
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    @Test
    void topsIntervalsAddUpToTheReportsFigures() throws Exception {
        for (String f : Fixtures.WITH_JGIL_EVENTS) {
            if (f.equals(Fixtures.TRUNCATED)) continue; // JFR's own reader stops at the cut; the report reads chunk by chunk
            Analysis a = Reports.analyse(List.of(Fixtures.path(f)));
            List<RecordedEvent> events = new ArrayList<>(RecordingFile.readAllEvents(Fixtures.path(f)));
            events.removeIf(e -> !e.getEventType().getName().startsWith(Schema.PREFIX));
            events.sort((x, y) -> x.getEndTime().compareTo(y.getEndTime()));
            // Replayed as top streams them: a Statistics event opens an interval, its ThreadStatistics follow.
            TopView.Session session = new TopView.Session("?", -1);
            List<TopView> views = new ArrayList<>();
            RecordedEvent stats = null;
            List<RecordedEvent> threads = new ArrayList<>();
            for (RecordedEvent e : events) {
                String type = e.getEventType().getName();
                if (type.equals(Schema.STATISTICS)) {
                    if (stats != null) views.add(session.view(stats, new ArrayList<>(threads), Instant.now()));
                    stats = e;
                    threads.clear();
                } else if (type.equals(Schema.THREAD_STATISTICS) && stats != null) {
                    threads.add(e);
                } else if (type.equals(Schema.CONTENDED_ACQUIRE) || type.equals(Schema.CONFIGURATION_CHANGE)) {
                    session.unassigned.add(e);
                }
            }
            if (stats != null) views.add(session.view(stats, new ArrayList<>(threads), Instant.now()));
            JvmSummary o = a.overall;
            assertEquals(o.acquisitions, views.stream().mapToLong(v -> v.acquisitions).sum(), f + ": acquisitions");
            assertEquals(o.contendedAcquisitions, views.stream().mapToLong(v -> v.contended).sum(), f + ": contended");
            assertEquals(o.switches, views.stream().mapToLong(v -> v.switches).sum(), f + ": switches");
            assertEquals(o.drops(), views.stream().mapToLong(TopView::drops).sum(), f + ": drops, one definition");
            assertEquals(o.watchdogHandOffs, views.stream().mapToLong(v -> v.handOffs).sum(), f);
            double observed = views.stream().mapToDouble(v -> v.stats.getDuration(Schema.Statistics.INTERVAL_NANOS).toNanos()).sum();
            double held = views.stream().mapToDouble(v -> v.held * v.stats.getDuration(Schema.Statistics.INTERVAL_NANOS).toNanos()).sum();
            assertEquals(o.heldFraction(), observed == 0 ? 0 : held / observed, 1e-9, f + ": held, time-weighted as the report");
            for (TopView v : views) {
                JsonObject json = JsonParser.parseString(TopFormat.json(v)).getAsJsonObject();
                assertEquals(v.drops(), json.get("drops").getAsLong(), f);
                assertEquals(v.acquisitions, json.get("acquisitions").getAsLong(), f);
            }
            // Per thread: top's rows add up to the report's threads.
            Map<Long, Long> perThread = new HashMap<>();
            for (TopView v : views) {
                for (RecordedEvent t : v.threads) {
                    perThread.merge(t.getLong(Schema.ThreadStatistics.THREAD_ID), t.getLong(Schema.ThreadStatistics.ACQUISITIONS), Long::sum);
                }
            }
            for (var l : a.lanes) {
                if (l.thread.hasStatistics) {
                    assertEquals(l.thread.acquisitions, perThread.getOrDefault(l.thread.javaThreadId, 0L), f + ": " + l.thread.name);
                }
            }
        }
    }

    @Test
    void theJmcRulesReachTheReportsVerdictsOnEveryFixture() throws Exception {
        for (String f : Fixtures.WITH_JGIL_EVENTS) {
            if (f.equals(Fixtures.TRUNCATED)) continue; // JMC's parser and ours treat a file cut mid-chunk differently
            Analysis a = Reports.analyse(List.of(Fixtures.path(f)));
            IItemCollection items = JfrLoaderToolkit.loadEvents(Fixtures.path(f).toFile());
            Set<String> findings = a.findings.stream().map(Finding::ruleId).collect(Collectors.toSet());
            Map<String, String> disagreements = new LinkedHashMap<>();
            for (Map.Entry<String, IRule> e : JMC.entrySet()) {
                IResult r = evaluate(e.getValue(), items);
                boolean warning = r.getSeverity() == Severity.WARNING;
                if (warning != findings.contains(e.getKey())) {
                    disagreements.put(e.getKey(), "report " + findings.contains(e.getKey()) + ", JMC " + r.getSeverity() + ": " + r.getSummary());
                }
                // The figure behind the verdict reads the same in both.
                if (e.getKey().equals("contention")) {
                    assertTrue(r.getSummary().contains(Format.percent(a.overall.someoneWaitingFraction())), f + ": " + r.getSummary());
                }
                if (e.getKey().equals("cpu-bound") && a.jvms.get(0).segments.size() <= 1 && a.overall.threadsHeldNanos > 0) {
                    assertTrue(r.getSummary().contains("up to " + Format.times(a.overall.speedUpBound()) + " faster"), f + ": " + r.getSummary());
                }
            }
            assertEquals(Map.of(), disagreements, f);
        }
    }

    @Test
    void tunedJmcPreferencesChangeTheJmcVerdictOnly() throws Exception {
        // The defaults are the schema's; a user who tunes a threshold in JMC gets JMC's verdict by it (the report keeps
        // the shipped definition). Contention at 0 %: every recording with a wait is a WARNING.
        IItemCollection items = JfrLoaderToolkit.loadEvents(Fixtures.path(Fixtures.COUNTDOWN).toFile());
        IPreferenceValueProvider zero = new IPreferenceValueProvider() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T getPreferenceValue(org.openjdk.jmc.common.util.TypedPreference<T> p) {
                if (p.getIdentifier().equals("jgil.CONTENTION_WAITING_FRACTION")) {
                    return (T) org.openjdk.jmc.common.unit.UnitLookup.PERCENT_UNITY.quantity(0.0);
                }
                return p.getDefaultValue();
            }
        };
        RunnableFuture<IResult> run = new GilContentionRule().createEvaluation(items, zero, null);
        run.run();
        assertEquals(Severity.WARNING, run.get().getSeverity());
    }

    private static IResult evaluate(IRule rule, IItemCollection items) throws Exception {
        RunnableFuture<IResult> run = rule.createEvaluation(items, IPreferenceValueProvider.DEFAULT_VALUES, null);
        run.run();
        return run.get();
    }
}
