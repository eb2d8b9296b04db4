package dev.chat.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium, driven through Debian's chromedriver, that keeps every console entry it
 * logged so a test can check that the page stayed free of errors.
 *
 * <p>Console errors are checked by {@link #verifyConsole()}, which the test calls as its last step, not by
 * {@link #close()}: close runs in cleanup, also after a test has already failed, and throwing there would
 * either hide that first failure behind a console complaint or leave Chromium running. Close only hands the
 * browser back (below) and prints unchecked errors to stderr (the surefire report).
 *
 * <p>Starting Chromium costs seconds of CPU, so a closed browser is not quit but kept for the next
 * {@link #launch(String) launch} in the same JVM, emptied: its tabs are closed for a new one (which drops every
 * per-tab override: device metrics, colour scheme, network conditions, scripts added to new documents), and the
 * cookies, the cache, every origin's storage (local storage, IndexedDB, service workers, cache storage) and every
 * granted permission are cleared. What it logged before is read and dropped. A browser that cannot be emptied is
 * quit; the ones kept are quit when the JVM exits.
 *
 * <p>Chromium logs every 4xx/5xx response as a SEVERE "Failed to load resource: the server responded with a
 * status of 401 (Unauthorized)" entry, and every refused WebSocket as "WebSocket connection to 'ws://…'
 * failed"; a test that provokes these declares them with {@link #allowConsoleErrors(Pattern)}.
 */
public final class Browser implements AutoCloseable {

    /**
     * Wraps {@code window.Notification} (added to every document of a tab before its scripts run): each notification
     * made is kept in {@code window.__notifications} with the page's visibility at the time ({@code madeWhile}), each
     * permission request counted in {@code window.__permissionAsked}.
     */
    private static final String NOTIFICATION_SPY = """
            (() => {
              const Real = window.Notification;
              if (typeof Real !== 'function') return;
              const made = [];
              let asked = 0;
              function Spy(title, options) {
                const notification = new Real(title, options);
                notification.madeWhile = document.visibilityState;
                made.push(notification);
                return notification;
              }
              Spy.prototype = Real.prototype;
              Object.defineProperty(Spy, 'permission', { get: () => Real.permission });
              Spy.requestPermission = (...args) => { asked++; return Real.requestPermission(...args); };
              window.Notification = Spy;
              window.__notifications = made;
              Object.defineProperty(window, '__permissionAsked', { get: () => asked });
            })();
            """;

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final String CHROMIUM = System.getProperty("chat.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("chat.chromedriver", "/usr/bin/chromedriver");
    private static final Dimension DESKTOP = new Dimension(1280, 800);
    private static final Dimension PHONE = new Dimension(390, 844);
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    /** Held so that the logger, and the level set on it, are not garbage-collected. */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        /*
         * With the driver given, Selenium Manager has nothing to find; these make sure it never downloads a
         * driver or a browser should some code path still ask it (it reads SE_* from system properties too).
         */
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        System.setProperty("SE_OFFLINE", "true");
        /*
         * Selenium looks for a devtools module matching Chromium's version and warns on every start that there is
         * none; this class needs none, since executeCdpCommand goes through chromedriver.
         */
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    /** One running Chromium, its chromedriver and its profile folder: what a browser reuses. */
    private record Chromium(ChromeDriverService service, ChromeDriver driver, Path profile) {

        void quit(String name) {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                System.err.println(name + ": quitting Chromium failed: " + e);
            } finally {
                service.stop();
                deleteQuietly(profile);
            }
        }
    }

    /** More than any test uses at once; beyond it a closed browser is quit. */
    private static final int MOST_KEPT = 4;

    private static final Deque<Chromium> KEPT = new ConcurrentLinkedDeque<>();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            Chromium chromium;
                            while ((chromium = KEPT.poll()) != null) {
                                chromium.quit("a kept browser");
                            }
                        },
                        "chat-browser-quit"));
    }

    private final String name;
    private final Chromium chromium;
    private final ChromeDriver driver;
    /** The origins this browser's pages were at, whose storage is cleared before it is used again. */
    private final Set<String> origins = new LinkedHashSet<>();

    private final List<LogEntry> seen = new ArrayList<>();
    private final List<Pattern> allowed = new ArrayList<>();
    private boolean verified;
    private boolean closed;

    private Browser(String name, Chromium chromium) {
        this.name = name;
        this.chromium = chromium;
        this.driver = chromium.driver();
    }

    /**
     * A browser as if just started (nothing stored, one blank tab, desktop size, light scheme): one kept from an
     * earlier test, emptied, or a new Chromium; {@code name} appears in failures. Not called {@code open}: Java
     * would let {@code browser.open(url)} silently call a static {@code open(String)} through the instance and
     * start a second browser.
     */
    public static Browser launch(String name) {
        Chromium kept = KEPT.poll();
        Browser browser = new Browser(name, kept != null ? kept : start());
        try {
            browser.desktop();
            return browser;
        } catch (RuntimeException e) {
            browser.chromium.quit(name);
            throw e;
        }
    }

    private static Chromium start() {
        Path profile;
        try {
            profile = Files.createTempDirectory("chat-browser-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--user-data-dir=" + profile,
                "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        try {
            return new Chromium(service, new ChromeDriver(service, options), profile);
        } catch (RuntimeException e) {
            service.stop();
            deleteQuietly(profile);
            throw e;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        originOf(url);
        driver.get(url);
    }

    private void originOf(String url) {
        if (url.startsWith("http://") || url.startsWith("https://")) {
            URI uri = URI.create(url);
            origins.add(uri.getScheme() + "://" + uri.getRawAuthority());
        }
    }

    /** Sends a Chrome DevTools Protocol command to this tab, through chromedriver, and returns its result. */
    /**
     * From now on, in every document this tab loads, keeps each {@code Notification} the page makes in
     * {@code window.__notifications} (with {@code madeWhile}, the page's visibility then) and counts permission
     * requests in {@code window.__permissionAsked}.
     */
    public void spyOnNotifications() {
        cdp("Page.addScriptToEvaluateOnNewDocument", Map.of("source", NOTIFICATION_SPY));
    }

    public Map<String, Object> cdp(String command, Map<String, Object> parameters) {
        return driver.executeCdpCommand(command, parameters);
    }

    /** Runs {@code script} in the page (arguments as {@code arguments[i]}) and returns what it returns. */
    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    // ---- viewport and media ------------------------------------------------------------------------------

    /** A desktop viewport of {@code width} x {@code height} CSS pixels, as media queries and screenshots see it. */
    public void size(int width, int height) {
        metrics(width, height, false);
    }

    /** A 390 x 844 phone: mobile emulation, so the page's viewport meta tag applies as on a real phone. */
    public void phone() {
        metrics(PHONE.width, PHONE.height, true);
    }

    /** The 1280 x 800 desktop every browser starts with. */
    public void desktop() {
        size(DESKTOP.width, DESKTOP.height);
    }

    /*
     * The device-metrics override, not the window size: headless window sizes include no chrome, but the
     * override pins window.innerWidth exactly and survives navigation within the tab.
     */
    private void metrics(int width, int height, boolean mobile) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** Emulates {@code prefers-color-scheme: light} or {@code dark} for this tab, across navigations. */
    public void colorScheme(String lightOrDark) {
        if (!lightOrDark.equals("light") && !lightOrDark.equals("dark")) {
            throw new IllegalArgumentException("colour scheme is light or dark, not " + lightOrDark);
        }
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", lightOrDark))));
    }

    /**
     * Cuts this tab off the network ({@code true}) or reconnects it: new requests and connections fail as
     * they would without a network, and the page sees {@code navigator.onLine} change.
     */
    public void offline(boolean offline) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand(
                "Network.emulateNetworkConditions",
                Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    }

    // ---- screenshots -------------------------------------------------------------------------------------

    /** Saves the viewport as {@code webui/target/screenshots/<name>.png} and returns the file. */
    public Path screenshot(String fileName) {
        if (!FILE_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException("screenshot names are [A-Za-z0-9._-]+, not " + fileName);
        }
        try {
            Path dir = screenshotDir();
            Files.createDirectories(dir);
            return Files.write(dir.resolve(fileName + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Next to the web UI's build output, {@code webui/target/screenshots}, in the checkout the test runs in (found
     * upwards from the working folder, which Surefire sets to the module's); {@code target/screenshots} outside one.
     */
    public static Path screenshotDir() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("webui"))) {
                return dir.resolve("webui").resolve("target").resolve("screenshots");
            }
        }
        return here.resolve("target").resolve("screenshots");
    }

    // ---- waiting -----------------------------------------------------------------------------------------

    /** Waits for an element to be displayed and returns it. */
    public WebElement await(By by) {
        return until(ExpectedConditions.visibilityOfElementLocated(by), "a visible " + by);
    }

    /** Waits for the element's visible text to contain {@code text}. */
    public void awaitText(By by, String text) {
        until(ExpectedConditions.textToBePresentInElementLocated(by, text), by + " showing \"" + text + "\"");
    }

    /** Waits up to {@link #TIMEOUT} for {@code condition} to hold; see {@link #until(ExpectedCondition, Duration, String)}. */
    public void until(Supplier<Boolean> condition, String description) {
        until(condition, TIMEOUT, description);
    }

    public void until(Supplier<Boolean> condition, Duration timeout, String description) {
        until(d -> Boolean.TRUE.equals(condition.get()), timeout, description);
    }

    public <T> T until(ExpectedCondition<T> condition, String description) {
        return until(condition, TIMEOUT, description);
    }

    /**
     * Polls {@code condition} until it gives a non-null, non-false value, treating a missing or stale element as
     * "not yet"; on timeout the failure names {@code description} and the console errors seen so far, which
     * are often the reason.
     */
    public <T> T until(ExpectedCondition<T> condition, Duration timeout, String description) {
        try {
            return new WebDriverWait(driver, timeout)
                    .ignoring(StaleElementReferenceException.class)
                    .until(condition);
        } catch (TimeoutException e) {
            drainLog();
            throw new AssertionError(
                    name + ": waited " + timeout.toMillis() + " ms for " + description
                            + describe("\nconsole errors so far:", unexpected(entry -> false)),
                    e);
        }
    }

    // ---- console -----------------------------------------------------------------------------------------

    /**
     * Fetches what the console logged since the last call (Chromium hands each entry out once) and returns it;
     * every entry is also kept for {@link #verifyConsole()}.
     */
    public List<LogEntry> drainLog() {
        List<LogEntry> fresh = driver.manage().logs().get(LogType.BROWSER).getAll();
        seen.addAll(fresh);
        return fresh;
    }

    /** Everything the console logged so far, oldest first. */
    public List<LogEntry> consoleLog() {
        drainLog();
        return List.copyOf(seen);
    }

    /** Declares a SEVERE console entry this test provokes on purpose; matched with {@code find()}. */
    public void allowConsoleErrors(Pattern message) {
        allowed.add(message);
    }

    /** Fails if the console logged any SEVERE entry, over the whole session, that no allowed pattern matches. */
    public void assertNoConsoleErrors() {
        assertNoConsoleErrors(entry -> false);
    }

    /** As {@link #assertNoConsoleErrors()}, additionally accepting the entries {@code expected} matches. */
    public void assertNoConsoleErrors(Predicate<LogEntry> expected) {
        drainLog();
        List<LogEntry> errors = unexpected(expected);
        if (!errors.isEmpty()) {
            throw new AssertionError(
                    describe(name + "'s console logged " + errors.size() + " unexpected error(s):", errors));
        }
    }

    /** The final console check a test calls before closing: {@link #assertNoConsoleErrors()} over the session. */
    public void verifyConsole() {
        verified = true;
        assertNoConsoleErrors();
    }

    private List<LogEntry> unexpected(Predicate<LogEntry> expected) {
        return seen.stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(entry -> allowed.stream()
                        .noneMatch(p -> p.matcher(entry.getMessage()).find()))
                .filter(expected.negate())
                .toList();
    }

    private static String describe(String heading, List<LogEntry> entries) {
        if (entries.isEmpty()) {
            return "";
        }
        return entries.stream()
                .map(e -> "  " + e.getLevel() + " " + e.getMessage())
                .collect(Collectors.joining("\n", heading + "\n", ""));
    }

    /**
     * Empties this Chromium and keeps it for the next {@link #launch(String)}, or quits it and deletes its profile
     * if it cannot be emptied; never throws (see the class comment).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!verified) {
                drainLog();
                String errors = describe(
                        name + ": console errors never checked by verifyConsole():", unexpected(entry -> false));
                if (!errors.isEmpty()) {
                    System.err.println(errors);
                }
            }
        } catch (RuntimeException e) {
            System.err.println(name + ": could not read the console log at close: " + e);
        }
        boolean emptied = false;
        try {
            empty();
            emptied = KEPT.size() < MOST_KEPT;
        } catch (RuntimeException e) {
            System.err.println(name + ": could not empty Chromium for the next test, quitting it: " + e);
        }
        if (emptied) {
            KEPT.push(chromium);
        } else {
            chromium.quit(name);
        }
    }

    /**
     * A new blank tab in place of every open one, then nothing stored for any origin this browser was at, no
     * cookie, nothing cached, no permission granted, and its console log read and dropped.
     */
    private void empty() {
        Set<String> tabs = driver.getWindowHandles();
        for (String tab : tabs) {
            String url = driver.switchTo().window(tab).getCurrentUrl();
            if (url != null) {
                originOf(url);
            }
        }
        String fresh = driver.switchTo().newWindow(WindowType.TAB).getWindowHandle();
        for (String tab : tabs) {
            driver.switchTo().window(tab).close();
        }
        driver.switchTo().window(fresh);
        for (String origin : origins) {
            cdp("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
        }
        cdp("Network.clearBrowserCookies", Map.of());
        cdp("Network.clearBrowserCache", Map.of());
        cdp("Browser.resetPermissions", Map.of());
        driver.manage().logs().get(LogType.BROWSER);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete the browser profile " + dir + ": " + e);
        }
    }
}
