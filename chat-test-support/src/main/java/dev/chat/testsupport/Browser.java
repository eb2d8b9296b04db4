package dev.chat.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
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
 * <p>Starting Chromium costs seconds of CPU, so a closed browser is not quit but emptied and kept for the next
 * {@link #launch(String) launch} in the same JVM ({@link Chromium}): a new tab, nothing stored for any origin it
 * was at, no cookie, cache or permission, its earlier console entries dropped.
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

    private static final Dimension DESKTOP = new Dimension(1280, 800);
    private static final Dimension PHONE = new Dimension(390, 844);
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
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
        Browser browser = new Browser(name, Chromium.take(DESKTOP));
        try {
            browser.desktop();
            return browser;
        } catch (RuntimeException e) {
            browser.chromium.quit(name);
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
        Chromium.origin(url).ifPresent(origins::add);
    }

    /**
     * From now on, in every document this tab loads, keeps each {@code Notification} the page makes in
     * {@code window.__notifications} (with {@code madeWhile}, the page's visibility then) and counts permission
     * requests in {@code window.__permissionAsked}.
     */
    public void spyOnNotifications() {
        cdp("Page.addScriptToEvaluateOnNewDocument", Map.of("source", NOTIFICATION_SPY));
    }

    /** Sends a Chrome DevTools Protocol command to this tab, through chromedriver, and returns its result. */
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
        chromium.giveBack(name, origins);
    }
}
