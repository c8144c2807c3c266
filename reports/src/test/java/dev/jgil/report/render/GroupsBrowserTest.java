package dev.jgil.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgil.report.GroupedJfr;
import dev.jgil.report.Reports;
import dev.jgil.report.analysis.Analysis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page of a JVM with GIL groups, in Chromium: one row per GIL in the breakdown, each naming its group, the note
 * that these rows are locks of one JVM; a group name is text from the file, so markup in one stays text.
 */
@Timeout(120)
class GroupsBrowserTest {
    static final String HOSTILE = "<img src=x onerror=\"document.title='pwned'\">";
    @TempDir
    static Path dir;
    static ChromeDriver driver;
    static Analysis a;
    static Path page;

    @BeforeAll
    static void start() throws Exception {
        driver = Chromium.start(dir);
        Path jfr = dir.resolve("groups.jfr");
        List<GroupedJfr.Gil> three = GroupedJfr.threeGils();
        GroupedJfr.Gil driverGil = three.get(2);
        // The agent only writes names of [A-Za-z][A-Za-z0-9_-]*; a reader still treats the field as untrusted text.
        GroupedJfr.write(jfr, List.of(three.get(0), three.get(1), new GroupedJfr.Gil(HOSTILE, driverGil.policy(),
                driverGil.intervalNanos(), driverGil.heldFraction(), driverGil.waitFraction(), driverGil.switches(), driverGil.uses())));
        a = Reports.analyse(List.of(jfr));
        page = dir.resolve("groups.html");
        Reports.write(page, Reports.html(a));
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
    }

    @Test
    void everyGroupHasItsRowAndItsNameStaysText() {
        driver.get(page.toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector("#timeline-svg g.lane")).isEmpty());
        List<WebElement> cells = driver.findElements(By.cssSelector("#fleet td.group"));
        // The default GIL first, then the groups by name ('<' sorts before 'p').
        assertEquals(List.of("default", HOSTILE, "parser"), cells.stream().map(c -> c.getAttribute("textContent")).toList());
        assertEquals(HOSTILE, cells.get(1).getAttribute("data-group"));
        assertTrue(driver.findElements(By.cssSelector("#fleet img, h1 img, td img")).isEmpty(), "a group name never becomes markup");
        assertTrue(!driver.getTitle().contains("pwned"), driver.getTitle());
        assertTrue(driver.findElement(By.tagName("h2")).isDisplayed());
        String note = driver.findElement(By.id("fleet-groups-note")).getText();
        assertEquals(a.breakdown.explanation(), note);
        assertTrue(note.contains("not separate JVMs"), note);
        assertEquals("jgil report: 3 GILs of 1 JVM", driver.findElement(By.tagName("h1")).getText());
        // Each row's policy is its own GIL's.
        List<WebElement> policies = driver.findElements(By.cssSelector("#fleet td.policy"));
        assertEquals(List.of("switch", "switch", "bfs"), policies.stream().map(WebElement::getText).toList());
    }
}
