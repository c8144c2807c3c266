package dev.jgil.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.analysis.SiteFlame;
import dev.jgil.schema.Format;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/** The contended sites' flame graph in a real browser: drawn, searchable, with a tooltip saying each frame's wait. */
@Timeout(120)
class FlameGraphBrowserTest {
    /** A frame of the per-task fixture's workload (FixtureGenerator), under some but not all of its waits. */
    static final String KNOWN_FRAME = "lambda$cpuBound";

    @TempDir
    static Path dir;
    static ChromeDriver driver;
    static Path page;
    static Analysis analysis;

    @BeforeAll
    static void start() throws Exception {
        driver = Chromium.start(dir);
        analysis = Reports.analyse(List.of(Fixtures.path(Fixtures.PER_TASK)));
        page = dir.resolve("pertask.html");
        Reports.write(page, Reports.html(analysis));
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
    }

    private static void open() {
        driver.get(page.toUri().toString());
    }

    @Test
    void theFlameGraphDrawsEveryKeptFrameAboveTheSitesTable() {
        open();
        WebElement graph = driver.findElement(By.id("flame-graph"));
        assertEquals(analysis.siteFlame.nodes, driver.findElements(By.cssSelector("#flame-graph .fg")).size(), "one box per node");
        assertTrue(graph.getSize().getWidth() > 800, "as wide as the page: " + graph.getSize());
        assertTrue(graph.getSize().getHeight() >= (analysis.siteFlame.depth + 1) * HtmlFlame.ROW_PX, "a row per depth: " + graph.getSize());
        assertTrue(graph.getLocation().getY() < driver.findElement(By.id("sites")).getLocation().getY(), "the table stays below it");
        WebElement root = driver.findElement(By.cssSelector("#flame-graph > .fg > .fg-l"));
        assertTrue(root.getSize().getWidth() >= graph.getSize().getWidth() - 4, "the root spans the graph: " + root.getSize());
        for (WebElement l : driver.findElements(By.cssSelector("#flame-graph .fg-l"))) {
            assertFalse(l.getAttribute("textContent").contains("0x"), "no hidden-class address: " + l.getAttribute("textContent"));
            assertFalse(l.getAttribute("textContent").startsWith("dev.jgil.runtime."), "no GIL frame: " + l.getAttribute("textContent"));
        }
        assertEquals(List.of(), Chromium.consoleProblems(driver));
    }

    @Test
    void searchingAFrameHighlightsItAndShowsTheShareOfTheWaitThroughIt() {
        open();
        driver.findElement(By.id("flame-search")).sendKeys(KNOWN_FRAME);
        List<WebElement> hits = driver.findElements(By.cssSelector("#flame-graph .fg.match"));
        assertFalse(hits.isEmpty(), "the known frame is highlighted");
        for (WebElement h : hits) assertTrue(h.findElement(By.className("fg-l")).getAttribute("textContent").contains(KNOWN_FRAME));
        List<WebElement> others = driver.findElements(By.cssSelector("#flame-graph .fg:not(.match) > .fg-l"));
        assertTrue(others.stream().noneMatch(o -> o.getAttribute("textContent").contains(KNOWN_FRAME)), "and nothing else");
        double expected = outermostShare(analysis.siteFlame.root, KNOWN_FRAME.toLowerCase(Locale.ROOT), analysis.siteFlame);
        assertTrue(expected > 0 && expected < 1, "the fixture's frame is under some of the waits: " + expected);
        WebElement out = driver.findElement(By.id("flame-match"));
        assertEquals(expected, Double.parseDouble(out.getAttribute("data-share")), 1e-6, out.getText());
        assertTrue(out.getText().startsWith("matched: " + String.format(Locale.ROOT, "%.1f", 100 * expected) + " %"), out.getText());

        driver.findElement(By.id("flame-search")).clear();
        driver.findElement(By.id("flame-search")).sendKeys("no such frame anywhere");
        assertTrue(driver.findElements(By.cssSelector("#flame-graph .fg.match")).isEmpty());
        assertEquals("no frame matches", out.getText());
    }

    /** The wait through the outermost frames whose name contains {@code q}, as a share: each stack counted once. */
    private static double outermostShare(SiteFlame.Node n, String q, SiteFlame f) {
        if (n.frame && n.name.toLowerCase(Locale.ROOT).contains(q)) return f.share(n);
        double s = 0;
        for (SiteFlame.Node c : n.children) s += outermostShare(c, q, f);
        return s;
    }

    @Test
    void hoveringAFrameShowsItsWaitAndShare() {
        open();
        SiteFlame.Node first = analysis.siteFlame.root.children.get(0);
        WebElement label = driver.findElement(By.cssSelector("#flame-graph > .fg > .fg > .fg-l"));
        assertEquals(first.name, label.getAttribute("textContent"));
        new Actions(driver).moveToElement(label).perform();
        WebElement tip = driver.findElement(By.id("flame-tip"));
        assertTrue(tip.isDisplayed(), "a tooltip on hover");
        String[] lines = tip.getAttribute("textContent").split("\n");
        assertEquals(first.name, lines[0]);
        assertEquals("wait " + Format.nanos(first.waitNanos) + ", " + Format.percent(analysis.siteFlame.share(first))
                + " of the recorded wait, " + Format.count(first.waits) + " waits", lines[1]);
        new Actions(driver).moveToElement(driver.findElement(By.tagName("h1"))).perform();
        assertFalse(tip.isDisplayed(), "gone when the mouse leaves");
    }
}
