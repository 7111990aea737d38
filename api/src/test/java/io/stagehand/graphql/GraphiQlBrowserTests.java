package io.stagehand.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stagehand.IntegrationTest;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * GraphiQL in a real browser (Debian's chromium, headless) that can reach nothing but loopback:
 * the page becomes usable, answers the README's first query from the demo catalog, explores the
 * schema, sends the Headers tab's bearer token and runs a subscription over graphql-ws, all
 * without one request outside this server and without a Content-Security-Policy violation.
 * Skipped when chromium is not installed, unless {@code STAGEHAND_REQUIRE_BROWSER=1} (CI).
 */
@TestPropertySource(properties = {
        "stagehand.demo.enabled=true",
        "stagehand.auth.tokens[0].name=browser",
        "stagehand.auth.tokens[0].token=" + GraphiQlBrowserTests.TOKEN,
})
class GraphiQlBrowserTests extends IntegrationTest {

    static final String TOKEN = "browser-token-0123456789";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();

    static Path profile;
    static ChromeDriver browser;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = "Browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): install them with .ci/install-browser";
            if ("1".equals(System.getenv("STAGEHAND_REQUIRE_BROWSER"))) {
                Assertions.fail(missing + " (STAGEHAND_REQUIRE_BROWSER=1 makes this a failure)");
            }
            Assumptions.abort(missing + "; skipped");
        }
        profile = Files.createTempDirectory("stagehand-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1440,900",
                // Only loopback: no other name resolves, and everything else goes to a proxy that is not
                // there (Chromium never sends loopback through a proxy).
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
                "--proxy-server=http://127.0.0.1:" + deadPort());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // The driver is given, so Selenium Manager never looks for (or downloads) one.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @BeforeEach
    void demoAndAFreshPage() {
        assertThat(refresh("demo").succeeded()).isTrue();
        // earlier tests' stored tabs must not replace the README's
        browser.get("http://localhost:" + port + "/graphql/schema");
        browser.executeScript("window.localStorage.clear()");
        browser.manage().logs().get(LogType.PERFORMANCE);
        browser.manage().logs().get(LogType.BROWSER);
    }

    @Test
    void answersTheFirstReadmeQueryFromTheDemoCatalogUsingOnlyThisServer() throws IOException {
        // the first visit after the server started, then one to a warmed-up server, both with an empty browser cache
        long[] first = openAndRunTheFirstTab();
        long[] warm = openAndRunTheFirstTab();
        assertThat(queryEditor()).startsWith("# One entity and its relations").contains("query PaymentApi");
        assertThat(tabTitles()).contains("PaymentApi", "BlastRadius", "Sources");
        assertThat(response()).contains("\"ref\": \"component:default/payment-api\"", "\"kind\": \"Component\"");

        // the explorer lists the schema's query fields once GraphiQL has introspected it
        browser.findElement(By.cssSelector("button[aria-label='Show GraphiQL Explorer']")).click();
        waitFor(b -> b.findElements(By.cssSelector(".graphiql-explorer-root")).stream().anyMatch(e -> e.getText().contains("entities")));
        assertThat(browser.findElement(By.cssSelector(".graphiql-explorer-root")).getText()).contains("entity", "graph", "sources");
        browser.executeScript("document.activeElement.blur()");
        Path screenshot = screenshot("graphiql.png");

        List<String> requested = requestedUrls();
        assertThat(requested).as("every request of the page").isNotEmpty()
                .allSatisfy(url -> assertThat(URI.create(url).getHost()).as(url).isIn("localhost", "127.0.0.1"));
        assertThat(requested).anyMatch(url -> url.contains("graphiql.min.js")).anyMatch(url -> url.endsWith("/graphql"));
        assertThat(consoleMessages()).noneMatch(message -> message.contains("Content Security Policy") || message.contains("Refused to"));

        report(first, warm, screenshot);
    }

    /** Opens the page with an empty cache and no stored tabs, runs the first tab: when it became usable and answered, in ns after navigation. */
    private long[] openAndRunTheFirstTab() {
        browser.executeScript("window.localStorage.clear()");
        browser.executeCdpCommand("Network.clearBrowserCache", Map.of());
        long start = System.nanoTime();
        browser.get(pageUrl());
        waitFor(b -> !b.findElements(By.cssSelector(".graphiql-execute-button")).isEmpty()
                && b.findElement(By.cssSelector(".graphiql-execute-button")).isEnabled());
        long usable = System.nanoTime();
        run();
        waitFor(b -> response().contains("\"targetRef\": \"component:default/fraud-service\""));
        return new long[] {usable - start, System.nanoTime() - start};
    }

    @Test
    void sendsTheBearerTokenOfTheHeadersTab() {
        browser.get(pageUrl());
        waitFor(b -> !b.findElements(By.cssSelector(".graphiql-execute-button")).isEmpty());
        browser.findElement(By.xpath("//button[normalize-space()='Headers']")).click();
        waitFor(b -> visibleEditorTool() != null);
        setVisibleEditorTool("{\"Authorization\": \"Bearer " + TOKEN + "\"}");
        browser.manage().logs().get(LogType.PERFORMANCE);
        run();
        waitFor(b -> response().contains("\"ref\": \"component:default/payment-api\""));
        assertThat(graphQlRequestHeaders()).anySatisfy(headers -> assertThat(headers.path("Authorization").asString()).isEqualTo("Bearer " + TOKEN));

        // the server checks it: a token it does not know is refused, even where anonymous calls are allowed
        setVisibleEditorTool("{\"Authorization\": \"Bearer not-" + TOKEN + "\"}");
        browser.executeScript("document.querySelector('.graphiql-response .CodeMirror').CodeMirror.setValue('')");
        run();
        waitFor(b -> !response().isBlank());
        assertThat(response()).doesNotContain("payment-api");
    }

    @Test
    void runsASubscriptionOverGraphQlWs() {
        browser.get(pageUrl());
        waitFor(b -> !b.findElements(By.cssSelector(".graphiql-execute-button")).isEmpty());
        setQueryEditor("subscription Runs { runCompleted(source: \"demo\") { source status } }");
        run();
        // the subscription starts asynchronously: run the source until one of its runs arrives
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!response().contains("\"runCompleted\"") && System.nanoTime() < deadline) {
            if (response().contains("Unknown operation named")) {
                // GraphiQL reads the operation's name from the editor after a short pause; run at once
                // after the text was set, it sent the first tab's name with the new document
                browser.executeScript("document.querySelector('.graphiql-response .CodeMirror').CodeMirror.setValue('')");
                run();
            }
            refresh("demo");
            sleep(300);
        }
        assertThat(response()).contains("\"source\": \"demo\"", "\"status\": \"SUCCEEDED\"");
        assertThat(requestedUrls()).anyMatch(url -> url.equals("ws://localhost:" + port + "/graphql"));
    }

    @Test
    void theBrowserReallyCannotLeaveLoopback() {
        // what Spring's page loaded GraphiQL from: a real, public address
        assertThatThrownBy(() -> browser.get("https://esm.sh/graphiql")).hasMessageContaining("net::ERR_");
    }

    private String pageUrl() {
        return "http://localhost:" + port + "/graphiql";
    }

    private void run() {
        browser.findElement(By.cssSelector(".graphiql-execute-button")).click();
    }

    private String queryEditor() {
        return (String) browser.executeScript("return document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue()");
    }

    private void setQueryEditor(String query) {
        browser.executeScript("document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(arguments[0])", query);
    }

    private String response() {
        Object value = browser.executeScript("var e = document.querySelector('.graphiql-response .CodeMirror'); return e ? e.CodeMirror.getValue() : ''");
        return String.valueOf(value);
    }

    /** The variables or headers editor that is open, typed into through CodeMirror as keystrokes would. */
    private Object visibleEditorTool() {
        return browser.executeScript("return document.querySelector('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror')");
    }

    private void setVisibleEditorTool(String text) {
        browser.executeScript("document.querySelector('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror').CodeMirror.setValue(arguments[0])", text);
    }

    @SuppressWarnings("unchecked")
    private List<String> tabTitles() {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll('.graphiql-tab')).map(t => t.innerText.trim())");
    }

    /** Every URL the page asked for (documents, scripts, fetches, WebSockets), from Chromium's DevTools events. */
    private List<String> requestedUrls() {
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            String method = message.path("method").asString("");
            if (method.equals("Network.requestWillBeSent")) {
                urls.add(message.path("params").path("request").path("url").asString());
            } else if (method.equals("Network.webSocketCreated")) {
                urls.add(message.path("params").path("url").asString());
            }
        }
        return urls.stream().filter(url -> !url.startsWith("data:")).toList();
    }

    /** The headers of the page's POSTs to /graphql since the performance log was last read. */
    private List<JsonNode> graphQlRequestHeaders() {
        List<JsonNode> headers = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            JsonNode request = message.path("params").path("request");
            if (message.path("method").asString("").equals("Network.requestWillBeSent") && request.path("url").asString("").endsWith("/graphql")
                    && request.path("method").asString("").equals("POST")) {
                headers.add(request.path("headers"));
            }
        }
        return headers;
    }

    private List<String> consoleMessages() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    private void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, PATIENCE, Duration.ofMillis(20)).until(condition::apply);
    }

    /**
     * Saved under target/screenshots, and where {@code -Dstagehand.screenshots=docs/images} says
     * (relative to the repository's root), which is how the README's screenshot is taken.
     */
    private Path screenshot(String name) throws IOException {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Path target = Files.createDirectories(Path.of("target/screenshots")).resolve(name);
        Files.write(target, png);
        String folder = System.getProperty("stagehand.screenshots");
        if (folder != null && !folder.isBlank()) {
            Path root = Files.exists(Path.of("schema.graphqls")) ? Path.of("") : Path.of("..");
            Files.write(Files.createDirectories(root.resolve(folder)).resolve(name), png);
        }
        return target;
    }

    /** What the page cost, as the browser saw it: printed and written to target/graphiql-figures.txt, never asserted. */
    @SuppressWarnings("unchecked")
    private void report(long[] first, long[] warm, Path screenshot) throws IOException {
        List<Map<String, Object>> resources = (List<Map<String, Object>>) browser.executeScript(
                "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
                        + ".map(e => ({name: e.name, encoded: e.encodedBodySize, decoded: e.decodedBodySize}))");
        int assets = 0;
        long encoded = 0;
        long decoded = 0;
        StringBuilder lines = new StringBuilder();
        for (Map<String, Object> resource : resources) {
            String name = String.valueOf(resource.get("name"));
            if (name.endsWith("/graphql")) {
                continue;
            }
            long e = ((Number) resource.get("encoded")).longValue();
            long d = ((Number) resource.get("decoded")).longValue();
            assets++;
            encoded += e;
            decoded += d;
            lines.append(String.format("  %9d B sent, %9d B decoded  %s%n", e, d, URI.create(name).getPath()));
        }
        String figures = String.format("GraphiQL page: %d assets, %d B sent (%d B decoded); first visit: usable after %d ms,"
                        + " first result shown %d ms after navigation; warmed-up server: %d ms, %d ms; screenshot %s%n%s",
                assets, encoded, decoded, first[0] / 1_000_000, first[1] / 1_000_000, warm[0] / 1_000_000, warm[1] / 1_000_000,
                screenshot, lines);
        System.out.print(figures);
        Files.writeString(Path.of("target/graphiql-figures.txt"), figures, StandardCharsets.UTF_8);
    }

    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
