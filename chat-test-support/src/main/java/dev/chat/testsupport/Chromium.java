package dev.chat.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One running headless Chromium, its chromedriver and its profile folder, which {@link Browser}s use one after
 * another in a JVM: starting one costs seconds of CPU, so a browser closed by its test is emptied and kept for the
 * next ({@link #giveBack}), at most {@value #MOST_KEPT} at a time, and the kept ones are quit when the JVM exits.
 */
final class Chromium {

    private static final String BINARY = System.getProperty("chat.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("chat.chromedriver", "/usr/bin/chromedriver");
    /** Held so that the logger, and the level set on it, are not garbage-collected. */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    /** More than any test uses at once; beyond it a closed browser is quit. */
    private static final int MOST_KEPT = 4;

    private static final Deque<Chromium> KEPT = new ConcurrentLinkedDeque<>();

    static {
        /*
         * With the driver given, Selenium Manager has nothing to find; these make sure it never downloads a
         * driver or a browser should some code path still ask it (it reads SE_* from system properties too).
         */
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        System.setProperty("SE_OFFLINE", "true");
        /*
         * Selenium looks for a devtools module matching Chromium's version and warns on every start that there is
         * none; Browser needs none, since executeCdpCommand goes through chromedriver.
         */
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
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

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** A kept Chromium, emptied when it was given back, or a new one with an empty profile and a window this size. */
    static Chromium take(Dimension window) {
        Chromium kept = KEPT.poll();
        return kept != null ? kept : start(window);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** The origin of an http(s) address ({@code http://127.0.0.1:8080}); none for others ({@code data:}, …). */
    static Optional<String> origin(String url) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            return Optional.empty();
        }
        URI uri = URI.create(url);
        return Optional.of(uri.getScheme() + "://" + uri.getRawAuthority());
    }

    /**
     * Empties this Chromium and keeps it for the next {@link #take}, or quits it and deletes its profile if it cannot
     * be emptied or enough are kept; {@code origins} are those its pages were at. Never throws.
     */
    void giveBack(String name, Set<String> origins) {
        boolean keep = false;
        try {
            empty(origins);
            keep = KEPT.size() < MOST_KEPT;
        } catch (RuntimeException e) {
            System.err.println(name + ": could not empty Chromium for the next test, quitting it: " + e);
        }
        if (keep) {
            KEPT.push(this);
        } else {
            quit(name);
        }
    }

    /**
     * A new blank tab in place of every open one (which drops every per-tab override: device metrics, colour
     * scheme, network conditions, scripts added to new documents), then nothing stored for any origin its pages
     * were at (local storage, IndexedDB, service workers, cache storage), no cookie, nothing cached, no permission
     * granted, and its console log read and dropped.
     */
    private void empty(Set<String> visited) {
        Set<String> origins = new LinkedHashSet<>(visited);
        Set<String> tabs = driver.getWindowHandles();
        for (String tab : tabs) {
            String url = driver.switchTo().window(tab).getCurrentUrl();
            if (url != null) {
                origin(url).ifPresent(origins::add);
            }
        }
        String fresh = driver.switchTo().newWindow(WindowType.TAB).getWindowHandle();
        for (String tab : tabs) {
            driver.switchTo().window(tab).close();
        }
        driver.switchTo().window(fresh);
        for (String origin : origins) {
            driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
        }
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
        driver.executeCdpCommand("Browser.resetPermissions", Map.of());
        driver.manage().logs().get(LogType.BROWSER);
    }

    /** Quits Chromium and its chromedriver and deletes its profile; never throws. */
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

    private static Chromium start(Dimension window) {
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
        options.setBinary(BINARY);
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
                "--window-size=" + window.width + "," + window.height);
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
