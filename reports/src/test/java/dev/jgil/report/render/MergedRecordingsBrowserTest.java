package dev.jgil.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.Fixtures;
import dev.jgil.report.Reports;
import dev.jgil.report.analysis.Analysis;
import dev.jgil.report.model.JvmRecording;
import dev.jgil.schema.Format;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A report of two real recordings made nine minutes apart (the countdown and lossy fixtures, two JVMs): each JVM on
 * its own axis from its own start, its own hand-off matrix, its policy in the per-JVM table, and wide tables that
 * scroll in their box instead of widening the page. The same recording twice overlaps itself: one shared axis.
 */
@Timeout(120)
class MergedRecordingsBrowserTest {
    @TempDir
    static Path dir;
    static ChromeDriver driver;
    static Analysis apart, overlapping;
    static Path apartPage, overlappingPage;

    @BeforeAll
    static void start() throws Exception {
        driver = Chromium.start(dir);
        apart = Reports.analyse(List.of(Fixtures.path(Fixtures.COUNTDOWN), Fixtures.path(Fixtures.LOSSY)));
        apartPage = dir.resolve("apart.html");
        Reports.write(apartPage, Reports.html(apart));
        overlapping = Reports.analyse(List.of(Fixtures.path(Fixtures.COUNTDOWN), Fixtures.path(Fixtures.COUNTDOWN)));
        overlappingPage = dir.resolve("overlapping.html");
        Reports.write(overlappingPage, Reports.html(overlapping));
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
    }

    private static void open(Path page) {
        driver.get(page.toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector("#timeline-svg g.lane")).isEmpty());
    }

    @Test
    void recordingsMinutesApartGetAnAxisEachStartingAtTheirOwnStart() {
        List<JvmRecording> rs = apart.model.jvms;
        long gap = rs.get(1).firstEpochNanos - rs.get(0).firstEpochNanos;
        assertTrue(gap > 5 * 60_000_000_000L, "the fixtures were recorded minutes apart: " + Format.nanos(gap));
        open(apartPage);
        List<WebElement> axes = driver.findElements(By.cssSelector("#timeline-svg g.jvm-axis"));
        assertEquals(2, axes.size(), "one axis per JVM");
        assertTrue(driver.findElement(By.id("timeline-aligned")).isDisplayed());
        // The visible span is the longer recording, not the nine minutes between them.
        WebElement svg = driver.findElement(By.id("timeline-svg"));
        double span = Double.parseDouble(svg.getAttribute("data-t1")) - Double.parseDouble(svg.getAttribute("data-t0"));
        assertEquals(Math.max(rs.get(0).durationNanos(), rs.get(1).durationNanos()), span, 1, "span " + Format.nanos(span));
        for (int j = 0; j < 2; j++) {
            WebElement axis = axes.get(j);
            assertEquals(String.valueOf(j), axis.getAttribute("data-jvm"));
            assertTrue(axis.findElement(By.className("axis-label")).getAttribute("textContent").startsWith("#" + (j + 1) + " "));
            // Every lane of this JVM lies below its axis and above the next JVM's axis.
            double axisY = axisTop(axis), nextY = j == 0 ? axisTop(axes.get(1)) : Double.MAX_VALUE;
            for (Map<String, Object> lane : lanes()) {
                if (((Number) lane.get("jvm")).intValue() != j) continue;
                double y = ((Number) lane.get("y")).doubleValue();
                assertTrue(y > axisY && y < nextY, "lane " + lane + " between its axis at " + axisY + " and the next at " + nextY);
            }
        }
        // Each JVM's lanes start near their own zero: its first segment within its own duration, not nine minutes in.
        @SuppressWarnings("unchecked")
        List<Number> firstStarts = (List<Number>) Chromium.js(driver, "var d = JSON.parse(document.getElementById('jgil-data').textContent);"
                + "var first = [Infinity, Infinity]; d.timeline.segments.forEach(function (s, k) {"
                + "  if (s.length) first[d.threads[k].jvm] = Math.min(first[d.threads[k].jvm], s[1]); }); return first;");
        for (int j = 0; j < 2; j++) {
            double t = firstStarts.get(j).doubleValue();
            assertTrue(t >= 0 && t < rs.get(j).durationNanos(), "#" + (j + 1) + " first segment at " + Format.nanos(t));
        }
        assertEquals(List.of(), Chromium.consoleProblems(driver));
    }

    private static double axisTop(WebElement axis) {
        return ((Number) Chromium.js(driver, "return +arguments[0].querySelector('line').getAttribute('y1');", axis)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> lanes() {
        return (List<Map<String, Object>>) Chromium.js(driver, "var d = JSON.parse(document.getElementById('jgil-data').textContent);"
                + "return Array.prototype.map.call(document.querySelectorAll('#timeline-svg g.lane'), function (g, i) {"
                + "  return { jvm: d.threadGroups[i].jvm, y: +g.querySelector('rect').getAttribute('y') }; });");
    }

    @Test
    void eachJvmHasItsOwnHandOffMatrixAndItsPolicyInThePerJvmTable() {
        open(apartPage);
        List<WebElement> matrices = driver.findElements(By.cssSelector("div.handoffs table.matrix"));
        assertEquals(2, matrices.size(), "one matrix per JVM");
        for (int j = 0; j < 2; j++) {
            int jvm = j;
            long threadsOfJvm = apart.threadRows.stream().filter(r -> r.jvm == jvm).count();
            List<WebElement> headers = matrices.get(j).findElements(By.cssSelector("tr:first-child th.name"));
            assertEquals(threadsOfJvm + 1, headers.size(), "#" + (j + 1) + ": its threads only (and the corner)");
            for (WebElement h : headers.subList(1, headers.size())) assertTrue(h.getAttribute("title").startsWith("#" + (j + 1) + " "));
        }
        List<WebElement> rows = driver.findElements(By.cssSelector("#fleet tr"));
        assertEquals(3, rows.size());
        for (int j = 0; j < 2; j++) {
            var c = apart.model.jvms.get(j).configuration;
            assertEquals(c.policy, rows.get(j + 1).findElement(By.cssSelector("td.policy")).getText());
            assertEquals(Format.interval(c.intervalNanos), rows.get(j + 1).findElement(By.cssSelector("td.interval")).getText());
        }
    }

    @Test
    void wideTablesScrollInsideTheirBoxNotThePage() {
        Dimension before = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new Dimension(700, 900));
            open(apartPage);
            assertEquals(Boolean.TRUE, Chromium.js(driver, "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;"),
                    "the page itself does not scroll sideways");
            WebElement box = driver.findElement(By.id("threads")).findElement(By.xpath(".."));
            assertEquals("auto", box.getCssValue("overflow-x"));
            assertTrue(((Number) Chromium.js(driver, "return arguments[0].scrollWidth - arguments[0].clientWidth;", box)).intValue() > 0,
                    "the threads table is wider than its box, which scrolls");
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    @Test
    void recordingsThatOverlapInTimeShareOneAxis() {
        open(overlappingPage);
        assertTrue(driver.findElements(By.cssSelector("#timeline-svg g.jvm-axis")).isEmpty());
        assertEquals(1, driver.findElements(By.cssSelector("#timeline-svg g.axis")).size());
        assertTrue(driver.findElements(By.id("timeline-aligned")).isEmpty());
        assertEquals(4, driver.findElements(By.cssSelector("#timeline-svg g.lane")).size(), "both JVMs' lanes under it");
        assertFalse(overlapping.timeline.aligned);
        assertTrue(apart.timeline.aligned);
    }
}
