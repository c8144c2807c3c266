package dev.jgil.report.render;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's chromium + chromedriver, headless, for the browser tests that came after {@link BrowserReportTest} (same
 * options). Skipped only on a machine without chromium outside CI; in CI (env CI set) a missing browser fails.
 */
final class Chromium {
    private Chromium() {
    }

    static ChromeDriver start(Path profileParent) throws Exception {
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(Files.isExecutable(BrowserReportTest.CHROMIUM),
                    "browser test skipped: /usr/bin/chromium not installed (apt-get install chromium chromium-driver); it runs in CI");
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(BrowserReportTest.CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + Files.createTempDirectory(profileParent, "chromium-profile"));
        o.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        // The system driver: Selenium Manager must never download one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(BrowserReportTest.CHROMEDRIVER.toString())).build();
        ChromeDriver d = new ChromeDriver(service, o);
        d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return d;
    }

    static Object js(ChromeDriver d, String script, Object... args) {
        return ((JavascriptExecutor) d).executeScript(script, args);
    }

    /** Console warnings and errors since the last call. */
    static List<String> consoleProblems(ChromeDriver d) {
        return d.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
                .map(LogEntry::toString).collect(Collectors.toList());
    }
}
