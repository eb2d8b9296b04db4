package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.app.ChatApplication;
import dev.chat.testsupport.Browser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the page costs a phone on a slow network: a first visit, with nothing cached, and a reload. Chromium
 * emulates a phone and Chrome DevTools' "Fast 3G" network ({@code Fast3GConditions} in devtools-frontend's
 * {@code front_end/core/sdk/NetworkManager.ts}: download {@code 1.6 * 1000 * 1000 / 8 * .9} = 180,000 bytes/s,
 * upload {@code 750 * 1000 / 8 * .9} = 84,375 bytes/s, latency {@code 150 * 3.75} = 562.5 ms), through
 * {@code Network.emulateNetworkConditions}.
 *
 * <p>It prints the bytes transferred (the Resource Timing API's {@code transferSize}, summed over the page and
 * every request it made, the API's included), the number of requests and the time until the sign-in form is
 * there to type into, and asserts only the weight: at most {@value #FIRST_LOAD_MAX_KB} KB for a first visit and
 * {@value #RELOAD_MAX_KB} KB for a reload. Times depend on the machine and are printed, not asserted.
 */
class FirstLoadTest {

    static final int FIRST_LOAD_MAX_KB = 120;
    static final int RELOAD_MAX_KB = 10;

    /** Run in the page before any of its scripts: notes when the sign-in form first appears. */
    private static final String NOTE_USABLE = "new MutationObserver((records, observer) => {"
            + " if (document.getElementById('username')) {"
            + "   window.__chatUsableAt = performance.now(); observer.disconnect(); } })"
            + ".observe(document, { childList: true, subtree: true });";

    private static final String MEASURE = "const entries = [...performance.getEntriesByType('navigation'),"
            + " ...performance.getEntriesByType('resource')];"
            + "return { bytes: entries.reduce((sum, e) => sum + e.transferSize, 0), requests: entries.length,"
            + " usableAt: window.__chatUsableAt || -1,"
            + " byWorker: entries.filter((e) => e.workerStart > 0).length,"
            + " each: entries.map((e) => new URL(e.name).pathname + ' ' + e.transferSize) };";

    @TempDir
    Path data;

    private ChatApplication app;
    private Browser browser;

    @AfterEach
    void stop() {
        try {
            if (browser != null) {
                browser.verifyConsole();
            }
        } finally {
            if (browser != null) {
                browser.close();
            }
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    void a_phone_on_fast_3g_loads_the_page_in_at_most_120_kb_and_reloads_it_for_a_few() {
        app = Servers.start(data);
        browser = Browser.launch("phone on Fast 3G");
        browser.phone();
        browser.cdp("Network.enable", Map.of());
        browser.cdp(
                "Network.emulateNetworkConditions",
                Map.of("offline", false, "latency", 562.5, "downloadThroughput", 180_000, "uploadThroughput", 84_375));
        browser.cdp("Page.addScriptToEvaluateOnNewDocument", Map.of("source", NOTE_USABLE));

        browser.open("http://127.0.0.1:" + app.port() + "/");
        Load first = measure("first visit");
        assertThat(first.kb())
                .as("KB a first visit transfers (%s)", first.each())
                .isLessThanOrEqualTo(FIRST_LOAD_MAX_KB);
        // A later visit finds the service worker in charge, as a returning phone does.
        browser.until(
                () -> Boolean.TRUE.equals(browser.script("return !!navigator.serviceWorker.controller")),
                Duration.ofSeconds(30),
                "the service worker to take the page");
        browser.driver().navigate().refresh();
        Load reload = measure("reload");
        assertThat(reload.kb()).as("KB a reload transfers (%s)", reload.each()).isLessThanOrEqualTo(RELOAD_MAX_KB);
    }

    private Load measure(String what) {
        browser.until(
                () -> ((Number) browser.script("return window.__chatUsableAt || 0")).doubleValue() > 0,
                Duration.ofSeconds(60),
                "the sign-in form (" + what + ")");
        browser.until(
                () -> "complete".equals(browser.script("return document.readyState")),
                Duration.ofSeconds(60),
                "the page to finish loading (" + what + ")");
        Load load = settled();
        System.out.printf(
                "%s on Fast 3G: %.1f KB transferred in %d requests (%d through the service worker);"
                        + " the sign-in form usable after %.0f ms%n  %s%n",
                what, load.kb(), load.requests(), load.byWorker(), load.usableMillis(), load.each());
        return load;
    }

    /** The figures once no request has been added for a second (the API calls follow the modules). */
    private Load settled() {
        Load last = read();
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() - stableSince < Duration.ofSeconds(2).toNanos() && System.nanoTime() < deadline) {
            sleep(250);
            Load now = read();
            if (now.requests() != last.requests() || now.bytes() != last.bytes()) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }

    @SuppressWarnings("unchecked")
    private Load read() {
        Map<String, Object> m = (Map<String, Object>) browser.script(MEASURE);
        return new Load(
                ((Number) m.get("bytes")).longValue(),
                ((Number) m.get("requests")).intValue(),
                ((Number) m.get("byWorker")).intValue(),
                ((Number) m.get("usableAt")).doubleValue(),
                (List<String>) m.get("each"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Load(long bytes, int requests, int byWorker, double usableMillis, List<String> each) {
        double kb() {
            return bytes / 1024.0;
        }
    }
}
