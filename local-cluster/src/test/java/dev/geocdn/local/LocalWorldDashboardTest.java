package dev.geocdn.local;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator dashboard in a real browser against a running world: headless Chromium, driven
 * by its chromedriver (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs), loads the health service's page, shows the three regions, shows
 * their figures move under load and a purge's latency per region, and turns a stopped region
 * red. The page as it looked then is kept as {@code target/dashboard.png}.
 *
 * <p>Without Chromium or its driver the test fails, saying what to install: a browser test
 * that skips itself would pass a build that never looked at the page.
 */
class LocalWorldDashboardTest {

    /** Debian's browser and its driver. */
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where the screenshot is kept (surefire runs in the module's directory). */
    static final Path SCREENSHOT = Path.of("target", "dashboard.png");

    private static final HttpClient http = HttpClient.newHttpClient();
    private static LocalWorld world;
    private static ControlApi control;
    private static WebDriver browser;
    private static ChromeDriverService driverService;
    private static Path profile;

    @BeforeAll
    static void start() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the dashboard's browser test needs %s and %s: apt-get install chromium chromium-driver"
                        + " (.ci/run does)", CHROMIUM, CHROMEDRIVER)
                .isTrue();
        world = LocalWorld.start(WorldConfig.ephemeral());
        control = new ControlApi(world, 0);
        browser = chromium();
    }

    /** Headless Chromium on a fresh profile, with the driver named so that Selenium Manager never looks for one. */
    private static WebDriver chromium() throws IOException {
        System.setProperty("SE_AVOID_STATS", "true");
        profile = Files.createTempDirectory("geocdn-dashboard-chromium");
        driverService = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1100", "--user-data-dir=" + profile);
        ChromeDriver driver = new ChromeDriver(driverService, options);
        driver.manage().window().setSize(new Dimension(1400, 1100));
        return driver;
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (browser != null) {
                browser.quit();
            }
            if (driverService != null) {
                driverService.stop();
            }
        } finally {
            if (control != null) {
                control.close();
            }
            if (world != null) {
                world.close();
            }
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }

    /**
     * Waits for the page: it rebuilds a table when its content changes, so an element found
     * just before may be gone when read, and is looked up again at the next poll.
     */
    private static ConditionFactory page(String what) {
        return await(what).atMost(Duration.ofSeconds(20)).ignoreExceptionsInstanceOf(StaleElementReferenceException.class);
    }

    private static WebElement row(String region) {
        return browser.findElement(By.cssSelector("#regions tr[data-region='" + region + "']"));
    }

    /** A figure of a region's row as the page holds it (its unformatted value); 0 while it shows none. */
    private static double figure(String region, String field) {
        String value = row(region).findElement(By.cssSelector("td[data-field='" + field + "']")).getAttribute("data-value");
        return value == null || value.isEmpty() ? 0 : Double.parseDouble(value);
    }

    private static String state(String region) {
        return row(region).findElement(By.cssSelector("td[data-field='state'] .state")).getText();
    }

    @Test
    void theDashboard_showsTheRegions_theirTrafficUnderLoad_aPurge_andAStoppedRegionInRed() throws Exception {
        browser.get(world.healthUrl() + "/");

        assertThat(browser.getTitle()).isEqualTo("GeoCDN dashboard");
        page("the three regions, up").untilAsserted(() -> {
            assertThat(browser.findElements(By.cssSelector("#regions tbody tr[data-region]")))
                    .extracting(r -> r.getAttribute("data-region")).containsExactly("eu-west", "us-east", "us-west");
            assertThat(List.of(state("eu-west"), state("us-east"), state("us-west"))).containsOnly("up");
        });

        // load from eu-west's clients: 200 requests of 64 kB over 20 URLs, misses first, then hits
        for (int i = 0; i < 200; i++) {
            ClientFrom.Response response = ClientFrom.get("127.0.3.60",
                    world.gatewayUrl() + "/objects/dashboard-" + (i % 20) + "?size=64k&cc=max-age%3D300");
            assertThat(response.status()).isEqualTo(200);
        }
        page("eu-west's figures under load").untilAsserted(() -> {
            assertThat(figure("eu-west", "requestsPerSecond")).as("requests/s").isPositive();
            assertThat(figure("eu-west", "toClientsBytesPerSecond")).as("bytes/s to clients, above the probes' few")
                    .isGreaterThan(100_000);
            assertThat(figure("eu-west", "fromOriginBytesPerSecond")).as("bytes/s from the origin").isPositive();
            assertThat(figure("eu-west", "hitRatio")).as("hit ratio").isPositive();
            assertThat(figure("eu-west", "p99Seconds")).as("p99").isPositive();
        });

        HttpResponse<String> purge = http.send(HttpRequest.newBuilder(URI.create(world.invalidationUrl() + "/v1/purge"))
                .header("Authorization", "Bearer " + world.adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"prefixes\": [\"" + world.gatewayUrl() + "/objects/dashboard-\"], \"consistency\": \"strong\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(purge.statusCode()).as(purge.body()).isEqualTo(200);
        page("the purge's latency in every region").untilAsserted(() ->
                assertThat(browser.findElements(By.cssSelector("#purges tbody tr[data-purge] td[data-region]")))
                        .extracting(cell -> cell.getText())
                        .hasSize(3).allSatisfy(text -> assertThat(text).matches("\\d+ ms \\(2/2\\)")));

        HttpResponse<String> stop = http.send(HttpRequest.newBuilder(URI.create(control.url() + "/v1/regions/eu-west/stop"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stop.statusCode()).isEqualTo(200);
        page("eu-west down, in red").untilAsserted(() -> {
            assertThat(state("eu-west")).isEqualTo("down");
            assertThat(row("eu-west").getAttribute("class")).contains("region--down");
            assertThat(row("eu-west").findElement(By.cssSelector(".state")).getCssValue("background-color"))
                    .isEqualTo("rgba(179, 38, 30, 1)");
            assertThat(browser.findElement(By.id("failovers")).getText()).contains("region eu-west");
        });
        assertThat(state("us-west")).isEqualTo("up");
        assertThat(row("us-west").getAttribute("class")).contains("region--up");

        Files.createDirectories(SCREENSHOT.getParent());
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(SCREENSHOT)).isPositive();

        browser.findElement(By.id("pause")).click();
        assertThat(browser.findElement(By.id("pause")).getAttribute("aria-pressed")).as("a keyboard-reachable control")
                .isEqualTo("true");
    }
}
