package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.ChatApplication;
import dev.chat.testsupport.Browser;
import dev.chat.testsupport.ChatPage;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network path of an open page is cut and the server goes away while someone else keeps posting; the
 * server comes back on the same port and posting goes on while the page is still cut off; then the path
 * comes back. The page reconnects by itself, recovers what it missed, and sends what was typed meanwhile,
 * once.
 */
class BrowserReconnectTest {

    /** While cut off, Chromium logs each failed connection attempt as an error; nothing else may appear. */
    private static final Pattern OUTAGE =
            Pattern.compile(".*(net::ERR_CONNECTION_REFUSED|net::ERR_INTERNET_DISCONNECTED"
                    + "|WebSocket connection to 'ws://127\\.0\\.0\\.1:\\d+/ws' failed).*");

    private static final int SENT_BY_BOB = 40;

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
    void after_a_restart_the_page_holds_every_message_once_in_order_and_delivers_what_was_typed_offline()
            throws Exception {
        Servers.Storage storage = Servers.Storage.sqlite(data);
        app = storage.start("--rate-limit", "0");
        int port = app.port();
        Api api = new Api(port);
        String bobToken = api.signUp("bob", "bob-password");
        String anaToken = api.signUp("ana", "ana-password");

        browser = Browser.launch("ana");
        browser.allowConsoleErrors(OUTAGE);
        ChatPage ana = new ChatPage(browser, port).open();
        ana.signIn("ana", "ana-password");
        ana.signedInAs("ana").inRoom("general");

        CompletableFuture<Void> bob = CompletableFuture.runAsync(() -> postUntilAcked(port, bobToken));
        ana.awaitMessage("bob 5");

        browser.offline(true);
        app.close();
        app = null;
        browser.until(() -> !"connected".equals(ana.connection()), "the page to notice the server is gone");
        ana.send("typed while offline");
        assertThat(ana.pendingCount()).as("shown at once as pending").isEqualTo(1);
        Thread.sleep(1_000);

        app = storage.start("--rate-limit", "0", "--port", String.valueOf(port));
        bob.get(60, TimeUnit.SECONDS);
        assertThat(ana.texts())
                .as("bob's later messages were posted while ana's page was cut off")
                .doesNotContain("bob " + SENT_BY_BOB);
        browser.offline(false);

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= SENT_BY_BOB; i++) {
            expected.add("bob " + i);
        }
        browser.until(
                () -> ana.texts().containsAll(expected)
                        && ana.texts().contains("typed while offline")
                        && ana.pendingCount() == 0,
                Duration.ofSeconds(45),
                "everything to arrive after the reconnect");
        List<String> shown = ana.texts();
        assertThat(shown.stream().filter(t -> t.startsWith("bob ")).toList())
                .as("bob's messages, each once, in order")
                .containsExactlyElementsOf(expected);
        assertThat(shown).containsOnlyOnce("typed while offline");
        List<Long> ids = ana.ids();
        assertThat(ids).as("no hole and no duplicate").hasSize(SENT_BY_BOB + 1);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(ids.get(i)).isEqualTo(i + 1L);
        }

        JsonNode stored = api.get("/api/rooms/general/messages?limit=100", anaToken)
                .body()
                .get("messages");
        long copies = 0;
        for (JsonNode message : stored) {
            if (message.get("text").asText().equals("typed while offline")) {
                copies++;
            }
        }
        assertThat(copies).as("the message typed offline is stored once").isEqualTo(1);
    }

    /**
     * Bob posts {@value #SENT_BY_BOB} messages, one every 100 ms, through the outage: each is resent with its
     * clientId on a new connection until the server acknowledges it, as a well-behaved client does.
     */
    private static void postUntilAcked(int port, String token) {
        WsClient socket = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(50);
        for (int i = 1; i <= SENT_BY_BOB; i++) {
            while (true) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("bob could not post message " + i);
                }
                try {
                    if (socket == null) {
                        socket = WsClient.connect(port, token);
                        socket.join("general");
                    }
                    String clientId = "bob-" + i;
                    socket.send("type", "send", "room", "general", "text", "bob " + i, "clientId", clientId);
                    socket.await(
                            Duration.ofSeconds(2),
                            f -> "ack".equals(f.path("type").asText())
                                    && clientId.equals(f.path("clientId").asText()));
                    break;
                } catch (RuntimeException | AssertionError e) {
                    if (socket != null) {
                        socket.abort();
                        socket = null;
                    }
                    sleep(200);
                }
            }
            sleep(100);
        }
        if (socket != null) {
            socket.close();
        }
    }

    private static void sleep(long millis) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
