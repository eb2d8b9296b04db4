package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.app.ChatApplication;
import dev.chat.testsupport.Browser;
import dev.chat.testsupport.ChatPage;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

/**
 * What the page does while its server is away and once it is back, as the usability review found it: the test's
 * own server is stopped and started again on the same data and port.
 */
class BrowserOutageTest {

    private static final Pattern OUTAGE =
            Pattern.compile(".*(net::ERR_CONNECTION_REFUSED|net::ERR_INTERNET_DISCONNECTED"
                    + "|WebSocket connection to 'ws://127\\.0\\.0\\.1:\\d+/ws' failed).*");

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

    /** Review item 1: on a shared computer, "Sign out" must sign out even while the server cannot be reached. */
    @Test
    void signing_out_while_the_server_is_down_stays_signed_out_after_it_returns_and_ends_the_session()
            throws Exception {
        Servers.Storage storage = Servers.Storage.sqlite(data);
        app = storage.start();
        int port = app.port();
        new Api(port).signUp("ana", "ana-password");
        browser = Browser.launch("ana");
        browser.allowConsoleErrors(OUTAGE);
        ChatPage ana = new ChatPage(browser, port).open();
        ana.signIn("ana", "ana-password");
        ana.signedInAs("ana").inRoom("general");
        Cookie session = browser.driver().manage().getCookieNamed("chat_session");
        assertThat(session).isNotNull();

        app.close();
        app = null;
        browser.until(() -> !"connected".equals(ana.connection()), "the page to notice the server is gone");
        browser.await(By.id("sign-out")).click();
        browser.until(ana::showsSignIn, "the sign-in form");
        String said = browser.driver().findElements(By.id("signed-out-reason")).stream()
                .map(e -> e.getText())
                .findFirst()
                .orElse("");

        app = storage.start("--port", String.valueOf(port));
        Api api = new Api(port);
        browser.until(
                () -> !api.get("/api/session", session.getValue())
                        .body()
                        .path("signedIn")
                        .asBoolean(),
                Duration.ofSeconds(10),
                "the server to have ended the session once it is back");
        ana.refresh();
        browser.until(ana::showsSignIn, "the sign-in form after a refresh");
        assertThat(browser.driver().findElements(By.id("sign-out")))
                .as("not signed back in")
                .isEmpty();
        assertThat(said).as("what the page said while the server was away").contains("server will be told");
    }

    /**
     * Review item 2: after an outage of 20 s, the page is back within seconds of its server. With the random
     * part of the backoff fixed at its middle, the old backoff (doubling to 30 s) tried 11.5 s after the server
     * was back.
     */
    @Test
    void after_a_long_outage_the_page_is_back_within_seconds_of_the_server() throws Exception {
        Servers.Storage storage = Servers.Storage.sqlite(data);
        app = storage.start();
        int port = app.port();
        new Api(port).signUp("ana", "ana-password");
        browser = Browser.launch("ana");
        browser.allowConsoleErrors(OUTAGE);
        browser.cdp("Page.addScriptToEvaluateOnNewDocument", Map.of("source", "Math.random = () => 0.5;"));
        ChatPage ana = new ChatPage(browser, port).open();
        ana.signIn("ana", "ana-password");
        ana.signedInAs("ana").inRoom("general");

        app.close();
        app = null;
        browser.until(() -> !"connected".equals(ana.connection()), "the page to notice the server is gone");
        Thread.sleep(20_000);
        app = storage.start("--port", String.valueOf(port));
        long back = System.nanoTime();
        browser.until(
                () -> "connected".equals(ana.connection()), Duration.ofSeconds(30), "the page to be connected again");
        long seconds = Duration.ofNanos(System.nanoTime() - back).toSeconds();
        System.out.printf("outage: connected again %d s after the server was back%n", seconds);
        assertThat(seconds).as("seconds from the server's return to the page's").isLessThanOrEqualTo(6);
    }

    /** Review item 3: clicking Send or the "new messages" pill leaves the keyboard in the composer. */
    @Test
    void after_clicking_send_or_the_new_messages_pill_the_next_keystrokes_go_to_the_composer() throws Exception {
        app = Servers.start(data, "--rate-limit", "0");
        int port = app.port();
        Api api = new Api(port);
        String bobToken = api.signUp("bob", "bob-password");
        api.signUp("ana", "ana-password");
        browser = Browser.launch("ana");
        ChatPage ana = new ChatPage(browser, port).open();
        ana.signIn("ana", "ana-password");
        ana.signedInAs("ana").inRoom("general");

        ana.type("first");
        browser.await(By.id("send")).click();
        ana.awaitMessage("first");
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("message-input");
        browser.driver().switchTo().activeElement().sendKeys("second\n");
        ana.awaitMessage("second");

        try (WsClient bob = WsClient.connect(port, bobToken)) {
            bob.join("general");
            for (int i = 1; i <= 60; i++) {
                bob.send("type", "send", "room", "general", "text", "bob " + i, "clientId", "b" + i);
            }
            ana.awaitMessage("bob 60");
            browser.script("document.getElementById('messages').scrollTop = 0;");
            browser.until(
                    () -> (Boolean) browser.script("const l = document.getElementById('messages');"
                            + " return l.scrollTop + l.clientHeight < l.scrollHeight - 200;"),
                    "ana to be reading older messages");
            Thread.sleep(300);
            bob.send("type", "send", "room", "general", "text", "one more", "clientId", "b61");
            browser.await(By.id("new-messages")).click();
        }
        assertThat(browser.script("return document.activeElement.id")).isEqualTo("message-input");
        browser.driver().switchTo().activeElement().sendKeys("third\n");
        ana.awaitMessage("third");
    }
}
