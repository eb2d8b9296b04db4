package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.app.ChatApplication;
import dev.chat.testsupport.Browser;
import dev.chat.testsupport.ChatPage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * A refresh while the server is down: the page comes from the service worker's cache (sw.js), so the user
 * sees the chat's own page, which says it cannot reach the server, not the browser's "This site can't be
 * reached"; once the server is back on the same port and data, the same page gets the user in again without a
 * reload.
 */
class OfflineShellTest {

    /** Chromium logs each request and WebSocket the outage refuses; nothing else may appear. */
    private static final Pattern OUTAGE = Pattern.compile(".*(net::ERR_CONNECTION_REFUSED"
            + "|WebSocket connection to 'ws://127\\.0\\.0\\.1:\\d+/ws' failed"
            + "|An unknown error occurred when fetching the script).*");

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
    void a_refresh_while_the_server_is_down_shows_the_chat_offline_which_connects_once_the_server_is_up() {
        Servers.Storage storage = Servers.Storage.sqlite(data);
        app = storage.start();
        int port = app.port();
        new Api(port).signUp("ana", "ana-password");
        browser = Browser.launch("ana");
        browser.allowConsoleErrors(OUTAGE);
        ChatPage ana = new ChatPage(browser, port).open();
        ana.signIn("ana", "ana-password");
        ana.signedInAs("ana").inRoom("general");
        awaitServiceWorker(Duration.ofSeconds(20));

        app.close();
        app = null;
        browser.driver().navigate().refresh();

        assertThat(browser.driver().getCurrentUrl()).startsWith("http://127.0.0.1:" + port + "/");
        browser.until(
                () -> !browser.driver().findElements(By.id("auth-form")).isEmpty()
                        || !browser.driver().findElements(By.id("me")).isEmpty(),
                "the chat's own page, not the browser's error page");
        assertThat(browser.driver().getTitle()).isEqualTo("Chat");
        // The page knows who was signed in here: it shows her chat, offline, and tries again by itself.
        ana.signedInAs("ana");
        browser.until(
                () -> "offline".equals(ana.connection()) || "reconnecting".equals(ana.connection()),
                "the page's own offline state");
        assertThat(ana.showsSignIn()).as("not the sign-in form").isFalse();

        app = storage.start("--port", String.valueOf(port));
        ana.inRoom("general");
        browser.until(() -> "connected".equals(ana.connection()), "the page to connect again");
    }

    /**
     * Gives the page's service worker time to take it, as a user's first visit would; without one (the page
     * registers none) the refresh below shows what the user would then see.
     */
    private void awaitServiceWorker(Duration most) {
        long deadline = System.nanoTime() + most.toNanos();
        while (System.nanoTime() < deadline
                && !Boolean.TRUE.equals(browser.script("return !!navigator.serviceWorker.controller"))) {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
