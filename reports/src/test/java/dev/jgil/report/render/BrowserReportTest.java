package dev.jgil.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    static Path countdown, hostile, fleet, convoy;

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
}
