package dev.jgil.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The generated pages in a real browser (Debian's chromium + chromedriver, headless, from file://).
 * Skipped only on a machine without chromium outside CI; in CI (env CI set) a missing browser fails.
 */
@Timeout(300)
class BrowserReportTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    static Path dir;
    static ChromeDriver driver;
    static Path convoyFleet;
    static Path manyTasks;
    static Path countdown, hostile, fleet, convoy, live, hostilePolicy, liveFleet, perTask, hostileGroup, lossy;
    static List<Long> liveChangeOffsets;

    @BeforeAll
    static void startBrowser() throws Exception {
        boolean ci = System.getenv("CI") != null;
        if (!ci) {
            Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                    "browser test skipped: /usr/bin/chromium not installed (apt-get install chromium chromium-driver); it runs in CI");
        }
        countdown = dir.resolve("countdown.html");
        Reports.writeHtml(List.of(Fixtures.path(Fixtures.COUNTDOWN)), countdown);
        hostile = dir.resolve("hostile.html");
        Reports.writeHtml(List.of(Fixtures.path(Fixtures.HOSTILE)), hostile);
        fleet = dir.resolve("fleet.html");
        Reports.writeHtml(List.of(Fixtures.path(Fixtures.COUNTDOWN), Fixtures.path(Fixtures.CONVOY)), fleet);
        convoy = dir.resolve("convoy.html");
        Reports.writeHtml(List.of(Fixtures.path(Fixtures.CONVOY)), convoy);
        live = dir.resolve("live.html");
        Reports.writeHtml(List.of(Fixtures.path(Fixtures.LIVE_CHANGES)), live);
        liveChangeOffsets = Reports.analyse(List.of(Fixtures.path(Fixtures.LIVE_CHANGES))).configurationChanges.stream()
                .map(c -> c.offsetNanos).collect(Collectors.toList());
        hostilePolicy = dir.resolve("hostile-policy.html");
        Reports.write(hostilePolicy, Reports.html(ConfigurationChangesRenderTest.hostilePolicies()));
        liveFleet = dir.resolve("live-fleet.html");
        Reports.writeHtml(List.of(Fixtures.path(Fixtures.COUNTDOWN), Fixtures.path(Fixtures.LIVE_CHANGES)), liveFleet);

        perTask = dir.resolve("pertask.html");
        Reports.writeHtml(List.of(Fixtures.path(Fixtures.PER_TASK)), perTask);
        lossy = dir.resolve("lossy.html");
        Reports.writeHtml(List.of(Fixtures.path(Fixtures.LOSSY)), lossy);
        convoyFleet = dir.resolve("convoy-fleet.html");
        Reports.writeHtml(List.of(Fixtures.path(Fixtures.CONVOY), Fixtures.path(Fixtures.TRUNCATED)), convoyFleet);
        manyTasks = dir.resolve("many-tasks.html");
        Reports.write(manyTasks, Reports.html(new dev.jgil.report.analysis.Analysis(
                new dev.jgil.report.model.ReportModel(List.of(dev.jgil.report.SyntheticPerTask.recording(20_000))))));
        hostileGroup = dir.resolve("hostile-group.html");
        Reports.write(hostileGroup, Reports.html(ThreadGroupsRenderTest.hostileGroup()));

        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-profile"));
        o.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        // The system driver: Selenium Manager must never download one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).build();
        driver = new ChromeDriver(service, o);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) driver.quit();
    }

    private static void open(Path page) {
        driver.get(page.toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector("#timeline-svg g.lane")).isEmpty());
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static List<String> consoleProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
                .map(LogEntry::toString).collect(Collectors.toList());
    }

    private static double span() {
        WebElement svg = driver.findElement(By.id("timeline-svg"));
        return Double.parseDouble(svg.getAttribute("data-t1")) - Double.parseDouble(svg.getAttribute("data-t0"));
    }

    @Test
    void reportRendersTimelineLanesAndPercentilePlotsWithoutConsoleErrors() {
        open(countdown);
        WebElement svg = driver.findElement(By.id("timeline-svg"));
        assertTrue(svg.getSize().getWidth() > 500 && svg.getSize().getHeight() > 40, "timeline size " + svg.getSize());
        assertEquals(2, driver.findElements(By.cssSelector("#timeline-svg g.lane")).size(), "one lane per thread");
        assertTrue(driver.findElements(By.cssSelector("#timeline-svg path.state-0")).size() >= 2, "held segments drawn");
        assertTrue(driver.findElements(By.cssSelector("#timeline-svg path.state-1")).size() >= 1, "wait segments drawn");
        for (String id : List.of("wait-dist", "hold-dist")) {
            WebElement d = driver.findElement(By.id(id));
            assertTrue(d.getSize().getWidth() > 100 && d.getSize().getHeight() > 100, id + " size " + d.getSize());
            assertEquals(1, d.findElements(By.cssSelector("path.curve")).size(), id + " curve");
        }
        assertEquals(0L, js("return performance.getEntriesByType('resource').length"), "no network request");
        assertEquals(List.of(), consoleProblems());
    }

    @Test
    void theVerdictIsTheFirstThingOnThePageAndTheCostCardsAreColouredBySeverity() throws java.io.IOException {
        open(convoy);
        WebElement verdict = driver.findElement(By.id("verdict"));
        WebElement h1 = driver.findElement(By.tagName("h1"));
        assertTrue(verdict.getLocation().getY() > h1.getLocation().getY()
                && verdict.getLocation().getY() < driver.findElement(By.id("headline")).getLocation().getY(), "under the title, above the cards");
        assertTrue(verdict.getLocation().getY() < 300, "in the first screen: " + verdict.getLocation());
        var a = Reports.analyse(List.of(Fixtures.path(Fixtures.CONVOY)));
        assertEquals(a.verdict.sentence, verdict.getText());
        WebElement cost = driver.findElement(By.cssSelector(".card[data-figure=addedWaitNanos]"));
        assertEquals(a.verdict.cardSeverity("addedWaitNanos", a.overall).name(), cost.getAttribute("data-severity"));
        assertTrue(cost.findElement(By.cssSelector(".v")).getText().endsWith("thread-seconds"), cost.getText());
        String border = (String) js("return getComputedStyle(arguments[0]).borderLeftColor", cost);
        assertTrue(!border.equals("rgb(201, 48, 44)") || a.overall.threadsWaitNanos > 0, "a zero cost is never red: " + border);
        assertEquals(List.of(), consoleProblems());
    }

    @Test
    void everyThreadRowHasAFullStackedBarAndTheWorstVictimComesFirst() throws java.io.IOException {
        open(convoy);
        List<WebElement> rows = driver.findElements(By.cssSelector("#threads tr:not(:first-child)"));
        var a = Reports.analyse(List.of(Fixtures.path(Fixtures.CONVOY)));
        assertEquals(a.threadRows.size(), rows.size());
        assertEquals(a.threadRows.get(a.verdict.worstVictimRow).name, rows.get(0).findElement(By.cssSelector("td.name")).getText());
        for (WebElement row : rows) {
            WebElement bar = row.findElement(By.cssSelector(".stacked"));
            double width = 0;
            for (WebElement part : bar.findElements(By.cssSelector(".part"))) width += part.getSize().getWidth();
            assertEquals(bar.getSize().getWidth() - 2, width, 2.5, "the parts fill the bar (100 %)");
            assertTrue(bar.getAttribute("title").startsWith("held "), bar.getAttribute("title"));
        }
        WebElement victimBar = rows.get(0).findElement(By.cssSelector(".stacked"));
        assertFalse(victimBar.findElements(By.cssSelector(".part.released")).isEmpty(), "the I/O victim's released time is drawn");
        assertEquals(List.of(), consoleProblems());
    }

    @Test
    void aRuleFoundOnSeveralThreadsIsOneLineThatOpensToEachFinding() {
        open(convoyFleet);
        WebElement group = driver.findElement(By.cssSelector("#findings > li.finding-group[data-rule=convoy]"));
        assertEquals("2", group.getAttribute("data-count"));
        assertTrue(group.findElement(By.cssSelector("b.group-title")).getText().startsWith("convoy: 2 threads (#1 io-reader, #2 io-reader)"),
                group.getText());
        List<WebElement> members = group.findElements(By.cssSelector("details.finding-members li.finding"));
        assertEquals(2, members.size());
        assertFalse(members.get(0).isDisplayed(), "closed until asked");
        group.findElement(By.cssSelector("details.finding-members summary")).click();
        assertTrue(members.get(0).isDisplayed() && members.get(1).isDisplayed());
        assertTrue(members.get(0).getText().contains("re-acquisitions after a blocking call"), members.get(0).getText());
        assertEquals(List.of(), consoleProblems());
    }

    /** Hovers time {@code t} (ns from the origin) of lane {@code lane}; returns the tooltip's text, or null when hidden. */
    private static String hover(int lane, double t) {
        WebElement svg = driver.findElement(By.id("timeline-svg"));
        @SuppressWarnings("unchecked")
        List<Number> p = (List<Number>) js("return window.jgilTimeline.pointOf(arguments[0], arguments[1])", lane, t);
        int dx = (int) Math.round(p.get(0).doubleValue() - svg.getSize().getWidth() / 2.0);
        int dy = (int) Math.round(p.get(1).doubleValue() - svg.getSize().getHeight() / 2.0);
        new Actions(driver).moveToElement(svg, dx, dy).perform();
        WebElement tip = driver.findElement(By.id("timeline-tip"));
        return tip.isDisplayed() ? (String) js("return arguments[0].textContent", tip) : null;
    }

    /** The longest segment of {@code state} on lane {@code lane}: [start, duration, causeLabel]. */
    private static List<Object> longest(int lane, int state) {
        @SuppressWarnings("unchecked")
        List<Object> r = (List<Object>) js("var d = JSON.parse(document.getElementById('jgil-data').textContent), tl = d.timeline, best = null, state = arguments[1];"
                + "d.threadGroups[arguments[0]].threads.forEach(function (k) { var s = tl.segments[k];"
                + "  for (var i = 0; i < s.length; i += 3) if (s[i] === state && (!best || s[i + 2] > best[1]))"
                + "    best = [s[i + 1], s[i + 2], tl.causeLabels[tl.segmentCauses[k][i / 3]]]; });"
                + "return best;", lane, state);
        return r;
    }

    @Test
    void hoveringASegmentShowsItsStateStartDurationAndCause() {
        open(countdown);
        for (int state : new int[] {0, 1}) {
            List<Object> seg = longest(0, state);
            assertTrue(seg != null, "lane 0 has a segment of state " + state);
            double start = ((Number) seg.get(0)).doubleValue(), dur = ((Number) seg.get(1)).doubleValue();
            String tip = hover(0, start + dur / 2);
            assertTrue(tip != null, "a tooltip on hover");
            String[] lines = tip.split("\n");
            assertEquals(state == 0 ? "held" : "waiting", lines[0], tip + " / hovered " + seg + " at " + js("return window.jgilTimeline.range()"));
            assertTrue(lines[1].startsWith("start +") && lines[2].startsWith("duration "), tip);
            assertEquals(seg.get(2), lines[3], "the cause: " + tip);
            assertTrue(lines[3].startsWith(state == 0 ? "acquired: " : "waiting to "), tip);
            assertTrue(lines[4].startsWith("thread "), tip);
        }
        // Off the lanes: no tooltip.
        WebElement svg = driver.findElement(By.id("timeline-svg"));
        new Actions(driver).moveToElement(svg, -svg.getSize().getWidth() / 2 + 5, 0).perform();
        assertFalse(driver.findElement(By.id("timeline-tip")).isDisplayed(), "over the labels: hidden");
        assertEquals(List.of(), consoleProblems());
    }

    @Test
    void aHostileNameInATooltipIsTextAndNothingExecutes() {
        open(hostile);
        js("window.__pwned = false");
        List<Object> seg = longest(0, 0);
        double start = ((Number) seg.get(0)).doubleValue(), dur = ((Number) seg.get(1)).doubleValue();
        String tip = hover(0, start + dur / 2);
        assertTrue(tip != null && tip.startsWith("held"), tip);
        assertEquals(0L, js("return document.getElementById('timeline-tip').children.length"), "text only, no markup");
        assertEquals(Boolean.FALSE, js("return window.__pwned === true"));
        assertEquals(List.of(), consoleProblems());
    }

    @Test
    void lostStretchesAreHatchedAcrossTheLanesWithWhatIsMissingNotDrawnAsIdle() throws java.io.IOException {
        open(lossy);
        List<WebElement> lost = driver.findElements(By.cssSelector("#timeline-svg g.lost"));
        long stretches = Reports.analyse(List.of(Fixtures.path(Fixtures.LOSSY))).timeline.lost.size();
        assertEquals(stretches, lost.size(), "one hatched band per lost stretch");
        WebElement band = lost.get(0).findElement(By.cssSelector("rect"));
        assertEquals("url(#lost-hatch)", band.getAttribute("fill"));
        assertTrue(band.getSize().getWidth() > 20 && band.getSize().getHeight() >= 2 * 22 - 4, "across both lanes: " + band.getSize());
        String title = (String) js("return arguments[0].querySelector('title').textContent", lost.get(0));
        assertTrue(title.startsWith("data lost: ") && title.contains("holds"), title);
        assertEquals(List.of(), consoleProblems());
    }

    @Test
    void zoomAndPanChangeTheVisibleTimeRange() {
        open(countdown);
        double full = span();
        driver.findElement(By.id("zoom-in")).click();
        assertEquals(full / 2, span(), full * 1e-6, "zoom-in button halves the range");

        WebElement svg = driver.findElement(By.id("timeline-svg"));
        new Actions(driver).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(svg), 0, -100).perform();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> span() < full / 2 * 0.99);

        double t0 = Double.parseDouble(svg.getAttribute("data-t0"));
        new Actions(driver).clickAndHold(svg).moveByOffset(-200, 0).release().perform();
        assertTrue(Double.parseDouble(driver.findElement(By.id("timeline-svg")).getAttribute("data-t0")) > t0,
                "dragging left shows later times");
        assertTrue(driver.findElement(By.id("timeline-range")).getText().contains("span"));

        driver.findElement(By.id("zoom-reset")).click();
        assertEquals(full, span(), full * 1e-6);
        assertEquals(List.of(), consoleProblems());
    }

    @Test
    void hostileThreadNamesRenderAsTextAndNothingExecutes() {
        open(hostile);
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
        assertEquals("undefined", js("return typeof window.__pwned"));
        assertEquals(0L, js("return document.images.length"), "no <img> from a name");
        assertEquals(2L, js("return document.scripts.length"), "only the page's own scripts");

        List<String> cells = driver.findElements(By.cssSelector("#threads td.thread-name")).stream()
                .map(e -> (String) js("return arguments[0].textContent", e)).collect(Collectors.toList());
        assertTrue(cells.contains("<script>alert(1)</script>"), cells.toString());
        assertTrue(cells.contains("\"'><img src=x onerror=alert(1)>"), cells.toString());
        assertTrue(cells.stream().anyMatch(c -> c.contains("🧵🔒") && c.contains("</script><script>window.__pwned=1</script>")));
        assertTrue(cells.stream().anyMatch(c -> c.length() >= 10_000 && c.startsWith("long-</script>")), "the 10 KB name, whole");

        // The timeline's lane labels come from the JSON through textContent: same names, as text.
        @SuppressWarnings("unchecked")
        List<String> titles = (List<String>) js("return Array.from(document.querySelectorAll('#timeline-svg .lane-label title'))"
                + ".map(t => t.textContent)");
        assertTrue(titles.contains("<script>alert(1)</script>"), titles.toString());
        assertEquals(4, titles.size());
        assertEquals(List.of(), consoleProblems());
    }

    @Test
    void consoleErrorsWouldBeSeen() {
        // Guards the other tests' "no console errors": the log capture really reports errors.
        open(countdown);
        consoleProblems();
        js("console.error('jgil-probe')");
        assertTrue(consoleProblems().stream().anyMatch(e -> e.contains("jgil-probe")));
    }

    @Test
    void fleetReportHasALaneForEveryThreadOfEveryJvm() {
        open(fleet);
        assertEquals(4, driver.findElements(By.cssSelector("#timeline-svg g.lane")).size());
        assertEquals(2, driver.findElements(By.cssSelector("#fleet tr")).size() - 1, "one row per JVM");
        assertEquals(List.of(), consoleProblems());
    }

    @Test
    void defaultPresetTimelineSaysShortEventsWereNotRecorded() {
        open(convoy);
        assertTrue(driver.findElement(By.id("timeline-note")).getText().contains("holds/waits shorter than 1 ms not recorded"));
        assertEquals(List.of(), consoleProblems());
    }

    // ---------------------------------------------------------------- configuration changes

    /** One drawn change marker, with the plot geometry and visible range it was drawn for. */
    record Marker(double t, double x, double y1, double y2, String label, String title, double plotX, double plotW,
            double t0, double t1, double lanesTop, double lanesBottom) {
        /** Where a marker at t must be for the current range. */
        double expectedX() {
            return plotX + (t - t0) * plotW / (t1 - t0);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Marker> markers() {
        List<Map<String, Object>> raw = (List<Map<String, Object>>) js(
                "var svg = document.getElementById('timeline-svg'), lanes = svg.querySelectorAll('g.lane > rect');"
                + "var plot = lanes[0], last = lanes[lanes.length - 1];"
                + "return Array.from(svg.querySelectorAll('g.config-change')).map(function (g) {"
                + "  var l = g.querySelector('line.change-line');"
                + "  return {t: +g.getAttribute('data-t'), x: +l.getAttribute('x1'), y1: +l.getAttribute('y1'), y2: +l.getAttribute('y2'),"
                + "    label: g.querySelector('text').textContent, title: g.querySelector('title').textContent,"
                + "    plotX: +plot.getAttribute('x'), plotW: +plot.getAttribute('width'),"
                + "    t0: +svg.getAttribute('data-t0'), t1: +svg.getAttribute('data-t1'),"
                + "    lanesTop: +plot.getAttribute('y'), lanesBottom: +last.getAttribute('y') + +last.getAttribute('height')};"
                + "});");
        return raw.stream().map(m -> new Marker(num(m, "t"), num(m, "x"), num(m, "y1"), num(m, "y2"), (String) m.get("label"),
                (String) m.get("title"), num(m, "plotX"), num(m, "plotW"), num(m, "t0"), num(m, "t1"), num(m, "lanesTop"),
                num(m, "lanesBottom"))).collect(Collectors.toList());
    }

    private static double num(Map<String, Object> m, String k) {
        return ((Number) m.get(k)).doubleValue();
    }

    /** Every visible change is drawn, where its time is, inside the plot, across the lanes; no hidden one is. */
    private static List<Marker> assertMarkersMatchTheVisibleRange() {
        List<Marker> ms = markers();
        WebElement svg = driver.findElement(By.id("timeline-svg"));
        double t0 = Double.parseDouble(svg.getAttribute("data-t0")), t1 = Double.parseDouble(svg.getAttribute("data-t1"));
        long visible = liveChangeOffsets.stream().filter(t -> t >= t0 && t <= t1).count();
        assertEquals(visible, ms.size(), "markers for the changes in " + t0 + ".." + t1 + ": " + ms);
        for (int i = 0; i < ms.size(); i++) {
            Marker m = ms.get(i);
            assertTrue(liveChangeOffsets.contains((long) m.t()), "a marker per recorded change: " + m.t());
            assertTrue(m.x() >= m.plotX() - 0.5 && m.x() <= m.plotX() + m.plotW() + 0.5, "inside the plot: " + m);
            assertEquals(m.expectedX(), m.x(), 1.0, "at its time for the range shown: " + m);
            assertTrue(m.y1() <= m.lanesTop() && m.y2() >= m.lanesBottom() - 1, "across all lanes: " + m);
            if (i > 0) {
                assertTrue(ms.get(i - 1).t() < m.t() && ms.get(i - 1).x() < m.x(), "x in the order of the times: " + ms);
            }
        }
        return ms;
    }

    @Test
    void configurationChangeMarkersSitInsideTheTimelineInTheOrderOfTheirTimes() {
        open(live);
        List<Marker> ms = assertMarkersMatchTheVisibleRange();
        assertEquals(3, ms.size());
        assertEquals(List.of("interval 5ms → 1ms", "policy switch → off", "policy off → switch"),
                ms.stream().map(Marker::label).collect(Collectors.toList()));
        assertTrue(ms.get(1).title().contains("policy switch → off; switch interval 1ms (unchanged)"), ms.get(1).title());
        // The marker is on the page where the browser lays it out, inside the timeline's box.
        @SuppressWarnings("unchecked")
        List<Number> box = (List<Number>) js("var s = document.getElementById('timeline-svg').getBoundingClientRect(),"
                + " l = document.querySelector('#timeline-svg g.config-change line.change-line').getBoundingClientRect();"
                + " return [s.left, s.right, s.top, s.bottom, l.left, l.right, l.top, l.bottom];");
        assertTrue(box.get(4).doubleValue() >= box.get(0).doubleValue() && box.get(5).doubleValue() <= box.get(1).doubleValue()
                && box.get(6).doubleValue() >= box.get(2).doubleValue() && box.get(7).doubleValue() <= box.get(3).doubleValue(), box.toString());
        assertTrue(driver.findElement(By.cssSelector("table.config-segments tr.lock-off td.policy")).getText().equals("off"));
        assertEquals(List.of(), consoleProblems());
    }

    @Test
    void configurationChangeMarkersFollowZoomAndPan() {
        open(live);
        driver.findElement(By.id("zoom-in")).click();
        assertMarkersMatchTheVisibleRange();

        // Zoom around the switch → off change: it stays under the cursor's time, the others leave the view.
        double span = span();
        js("var tl = window.jgilTimeline; tl.reset(); tl.zoom(0.05, arguments[0] / tl.range()[1]);", liveChangeOffsets.get(1));
        assertTrue(span() < span, "zoomed in");
        List<Marker> ms = assertMarkersMatchTheVisibleRange();
        assertEquals(1, ms.size(), "only the change in view: " + ms);
        assertEquals("policy switch → off", ms.get(0).label());

        WebElement svg = driver.findElement(By.id("timeline-svg"));
        new Actions(driver).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(svg), 0, 100).perform(); // wheel: zoom out
        assertMarkersMatchTheVisibleRange();
        driver.findElement(By.id("pan-left")).click();
        assertMarkersMatchTheVisibleRange();
        new Actions(driver).clickAndHold(svg).moveByOffset(150, 0).release().perform(); // drag
        assertMarkersMatchTheVisibleRange();
        driver.findElement(By.id("zoom-reset")).click();
        assertEquals(3, assertMarkersMatchTheVisibleRange().size());
        assertEquals(List.of(), consoleProblems());
    }

    @Test
    void configurationChangeMarkersOfAFleetCrossOnlyTheirJvmsLanes() {
        open(liveFleet);
        List<WebElement> lanes = driver.findElements(By.cssSelector("#timeline-svg g.lane"));
        assertEquals(4, lanes.size());
        List<Marker> ms = markers();
        assertEquals(3, ms.size());
        @SuppressWarnings("unchecked")
        List<Number> liveLanes = (List<Number>) js("var d = JSON.parse(document.getElementById('jgil-data').textContent);"
                + "var ys = []; document.querySelectorAll('#timeline-svg g.lane').forEach(function (g, i) {"
                + "  if (d.threads[i].jvm === 1) { var r = g.querySelector('rect'); ys.push(+r.getAttribute('y'), +r.getAttribute('y') + +r.getAttribute('height')); } });"
                + "return [Math.min.apply(null, ys), Math.max.apply(null, ys)];");
        for (Marker m : ms) {
            assertTrue(m.title().startsWith("#2 "), m.title());
            assertTrue(m.y1() > m.lanesTop() + 1 && m.y1() <= liveLanes.get(0).doubleValue(), "starts at the live JVM's lanes: " + m);
        }
        assertEquals(List.of(), consoleProblems());
    }

    @Test
    void hostilePolicyStringsRenderAsTextAndNothingExecutes() {
        open(hostilePolicy);
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
        assertEquals("undefined", js("return typeof window.__pwned"));
        assertEquals(0L, js("return document.images.length"), "no <img> from a policy");
        assertEquals(2L, js("return document.scripts.length"), "only the page's own scripts");
        List<Marker> ms = markers();
        assertEquals(3, ms.size());
        assertTrue(ms.get(1).label().startsWith("policy " + ConfigurationChangesRenderTest.SCRIPT_POLICY + " → "), ms.toString());
        assertTrue(ms.get(0).title().contains(ConfigurationChangesRenderTest.SCRIPT_POLICY), "hover title, whole: " + ms);
        assertTrue(ms.get(2).title().contains(ConfigurationChangesRenderTest.IMG_POLICY), "hover title, whole: " + ms);
        List<String> policies = driver.findElements(By.cssSelector("table.config-segments td.policy")).stream()
                .map(e -> (String) js("return arguments[0].textContent", e)).collect(Collectors.toList());
        assertTrue(policies.contains(ConfigurationChangesRenderTest.SCRIPT_POLICY), policies.toString());
        assertTrue(policies.contains(ConfigurationChangesRenderTest.IMG_POLICY), policies.toString());
        assertTrue(driver.findElement(By.cssSelector("dd.policy-changed")).getText().contains("<script>"), "header as text");
        assertEquals(List.of(), consoleProblems());
    }

    @Test
    void aDownsampledTimelineOfTwentyThousandThreadsDrawsItsOneRowFromThatRowsBuckets() {
        open(manyTasks);
        assertEquals(1, driver.findElements(By.cssSelector("#timeline-svg g.lane")).size(), "task-# is one lane");
        assertTrue((Boolean) js("return !!document.getElementById('timeline-downsampled')"), "the page says it is downsampled");
        Number held = (Number) js("var n = 0; document.querySelectorAll('#timeline-svg g.lane path.state-0')"
                + ".forEach(function (p) { n += (p.getAttribute('d') || '').length; }); return n;");
        assertTrue(held.intValue() > 0, "the row's held share is drawn");
        Number marks = (Number) js("var p = document.querySelector('#timeline-svg g.lane path.switch-mark');"
                + " return p ? (p.getAttribute('d').match(/M/g) || []).length : 0;");
        assertEquals(20_000 * dev.jgil.report.SyntheticPerTask.PER_THREAD / dev.jgil.report.SyntheticPerTask.SWITCH_EVERY, marks.intValue(),
                "every switch request of the row is marked");
        assertEquals(List.of(), consoleProblems());
    }

    @Test
    void groupRowsOpenToTheirThreadsAndTheTimelineHasOneLanePerRow() {
        open(perTask);
        List<WebElement> groups = driver.findElements(By.cssSelector("#threads tr.thread-group"));
        assertEquals(3, groups.size(), "task-0, task-1, pool-1-thread-#");
        assertEquals(1, driver.findElements(By.cssSelector("#threads td.thread-name")).size(), "the coordinator, alone");
        WebElement details = groups.get(0).findElement(By.cssSelector("details.thread-group"));
        WebElement member = details.findElement(By.cssSelector("li.group-member"));
        assertFalse(member.isDisplayed(), "closed until asked");
        details.findElement(By.tagName("summary")).click();
        assertTrue(member.isDisplayed(), "the summary opens the member list");
        assertTrue(details.getText().contains("… and 5 more") || details.getText().contains("pool-1-thread-"), details.getText());

        // 73 threads, 4 lanes: a group's lane overlays its members' holds, waits and switch marks.
        assertEquals(4, driver.findElements(By.cssSelector("#timeline-svg g.lane")).size());
        assertEquals(3, driver.findElements(By.cssSelector("#timeline-svg g.lane-group")).size());
        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) js("return Array.from(document.querySelectorAll('#timeline-svg text.lane-label'))"
                + ".map(t => t.firstChild.textContent)");
        assertTrue(labels.contains("task-0 ×30") && labels.contains("pool-1-thread-# ×12") && labels.contains("coordinator"), labels.toString());
        Number held = (Number) js("var n = 0; document.querySelectorAll('#timeline-svg g.lane-group path.state-0')"
                + ".forEach(function (p) { n += (p.getAttribute('d').match(/M/g) || []).length; }); return n;");
        assertTrue(held.intValue() >= 30, "the groups' holds are drawn: " + held);

        double full = span();
        driver.findElement(By.id("zoom-in")).click();
        assertEquals(full / 2, span(), full * 1e-6, "zoom still works");
        driver.findElement(By.id("pan-right")).click();
        assertEquals(4, driver.findElements(By.cssSelector("#timeline-svg g.lane")).size());
        driver.findElement(By.id("zoom-reset")).click();
        assertEquals(full, span(), full * 1e-6);
        assertEquals(List.of(), consoleProblems());
    }

    @Test
    void hostileGroupNamesRenderAsTextAndNothingExecutes() {
        open(hostileGroup);
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
        assertEquals("undefined", js("return typeof window.__pwned"));
        assertEquals(0L, js("return document.images.length"));
        assertEquals(2L, js("return document.scripts.length"));
        String label = (String) js("return document.querySelector('#threads .group-label').textContent");
        List<String> all = driver.findElements(By.cssSelector("#threads .group-label")).stream()
                .map(e -> (String) js("return arguments[0].textContent", e)).collect(Collectors.toList());
        assertTrue(all.contains(ThreadGroupsRenderTest.HOSTILE_GROUP), all + " / " + label);
        @SuppressWarnings("unchecked")
        List<String> titles = (List<String>) js("return Array.from(document.querySelectorAll('#timeline-svg .lane-label title'))"
                + ".map(t => t.textContent)");
        assertTrue(titles.contains(ThreadGroupsRenderTest.HOSTILE_GROUP + " (30 threads, overlaid)"), titles.toString());
        assertEquals(List.of(), consoleProblems());
    }
}
