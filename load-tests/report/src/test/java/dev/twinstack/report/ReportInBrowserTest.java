package dev.twinstack.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page as people see it: Debian's Chromium, driven through Selenium WebDriver, opens it from disk. Only in the full
 * profile; there a missing browser or driver fails the test by name. Selenium is pointed at the installed binaries and
 * never downloads one.
 */
@EnabledIfSystemProperty(
        named = "twinstack-full",
        matches = "true",
        disabledReason = "needs Chromium and chromedriver: run with -Pfull")
class ReportInBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int PAGE_WIDTH = 1500;

    private static ChromeDriver browser;
    private static List<LogEntry> console;

    @BeforeAll
    static void openThePageFromDisk() throws IOException {
        requireTool(CHROMIUM, "chromium");
        requireTool(CHROMEDRIVER, "chromium-driver");

        Path page = Report.render(Fixtures.path(Fixtures.THREE_TARGETS), Fixtures.outputDir("browser"))
                .toAbsolutePath();
        Path profile = Files.createTempDirectory(Files.createDirectories(buildDir()), "chromium-profile-");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--window-size=" + PAGE_WIDTH + ",1200");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .build();

        browser = new ChromeDriver(service, options);
        browser.get(page.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(d -> script("return document.querySelectorAll('.chart').length > 0 && "
                        + "[...document.querySelectorAll('.chart')].every(c => c.dataset.rendered === 'true')"));
        console = browser.manage().logs().get(LogType.BROWSER).getAll();
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void logsNoConsoleErrors() {
        List<String> errors = console.stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();

        assertEquals(List.of(), errors);
    }

    @Test
    void drawsEveryChartTheRendererWrote() {
        long written = (Long)
                script("return Object.keys(JSON.parse(document.getElementById('charts').textContent))" + ".length");
        long drawn = (Long) script(
                "return [...document.querySelectorAll('.chart')]" + ".filter(c => echarts.getInstanceByDom(c)).length");

        assertEquals(17, written);
        assertEquals(written, drawn);
    }

    @Test
    void everyChartIsAnSvgWithData() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> charts = (List<Map<String, Object>>) script("""
                return [...document.querySelectorAll('.chart')].map(c => {
                  const svg = c.querySelector('svg');
                  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
                  const values = echarts.getInstanceByDom(c).getOption().series
                      .flatMap(s => s.data || [])
                      .map(v => Array.isArray(v) ? v[v.length - 1] : v)
                      .filter(v => v !== null && v !== undefined && v !== '-');
                  return {id: c.id, width: box.width, height: box.height,
                          shapes: svg ? svg.querySelectorAll('path, rect').length : 0, values: values.length};
                });
                """);

        for (Map<String, Object> chart : charts) {
            String id = (String) chart.get("id");
            assertTrue(((Number) chart.get("width")).doubleValue() > 250, id + " is wide enough to read");
            assertTrue(((Number) chart.get("height")).doubleValue() > 200, id + " is tall enough to read");
            assertTrue(((Number) chart.get("shapes")).intValue() > 10, id + " drew shapes");
            assertTrue(((Number) chart.get("values")).intValue() > 0, id + " has data");
        }
    }

    @Test
    void savesAScreenshotOfTheWholePage() throws IOException {
        long height = (Long) script("return Math.ceil(document.documentElement.scrollHeight)");
        browser.manage().window().setSize(new Dimension(PAGE_WIDTH, (int) height + 100));
        Path shot = buildDir().resolve("report-screenshot.png");

        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);

        assertTrue(Files.size(shot) > 50_000, "screenshot at " + shot);
    }

    private static Object script(String js) {
        return ((JavascriptExecutor) browser).executeScript(js);
    }

    private static void requireTool(Path binary, String debianPackage) {
        if (!Files.isExecutable(binary)) {
            fail("the browser test needs " + binary + ": install it with `apt-get install -y " + debianPackage + "`");
        }
    }

    private static Path buildDir() {
        return Path.of(System.getProperty("twinstack-build-dir", "target"));
    }
}
