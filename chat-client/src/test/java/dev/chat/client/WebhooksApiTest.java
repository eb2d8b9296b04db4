package dev.chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.client.Recorder.Joined;
import dev.chat.client.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A room's webhooks through {@link ChatApi}, and posting to an incoming one without an account, on a real server. */
@Timeout(60)
class WebhooksApiTest {

    @TempDir
    Path data;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ChatApi owner(String... serverOptions) {
        server = TestServer.start(data, serverOptions);
        ChatApi ana = TestServer.api(server.url()).withToken(server.signUp("ana"));
        ana.createRoom("ops", null, ChatApi.Visibility.PUBLIC);
        return ana;
    }

    @Test
    void an_incoming_webhook_posts_as_its_bot_once_per_idempotency_key_until_it_is_deleted() {
        ChatApi ana = owner();
        NewWebhook made = ana.createWebhook("Ops", Webhook.INCOMING, "ci-bot", null, null);

        Webhook hook = made.webhook();
        assertThat(hook.id()).matches("[0-9a-f]{12}");
        assertThat(hook.room()).isEqualTo("ops");
        assertThat(hook.incoming()).isTrue();
        assertThat(hook.bot()).isEqualTo("ci-bot");
        assertThat(hook.createdBy()).isEqualTo("ana");
        assertThat(hook.url()).isNull();
        assertThat(made.secret()).isNotBlank();
        assertThat(made.hookUrl()).isEqualTo("/api/hooks/" + hook.id() + "/" + made.secret());
        assertThat(made.toString()).doesNotContain(made.secret());
        assertListed(ana, hook);

        ChatApi ci = TestServer.api(server.url()); // no account: the URL is the credential
        ChatApi.WebhookPost first = ci.postToWebhook(made.hookUrl(), "deploy 1.4.2 finished", "ci", "build-77");
        ChatApi.WebhookPost again =
                ci.postToWebhook(made.hookUrl(server.url()), "deploy 1.4.2 finished", "ci", "build-77");

        assertThat(first).isEqualTo(new ChatApi.WebhookPost("ops", first.id(), false));
        assertThat(again).isEqualTo(new ChatApi.WebhookPost("ops", first.id(), true));
        JsonNode stored = ana.historyJson("ops", null, 10).path("messages");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).path("user").asText()).isEqualTo("ci-bot");
        assertThat(stored.get(0).path("text").asText()).isEqualTo("deploy 1.4.2 finished");
        assertThat(stored.get(0).path("bot").asBoolean())
                .as("marked as a bot's")
                .isTrue();
        assertThat(stored.get(0).path("via").asText()).isEqualTo("ci");
        assertThat(ana.webhookLog("ops", hook.id())).isEmpty();

        ana.deleteWebhook("ops", hook.id());

        assertThat(ana.webhooks("ops")).isEmpty();
        assertThatThrownBy(() -> ci.postToWebhook(made.hookUrl(), "still there?", null, null))
                .isInstanceOfSatisfying(ClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("no_such_webhook");
                });
    }

    @Test
    void a_wrong_secret_is_answered_like_an_unknown_webhook_and_the_session_is_not_sent() {
        ChatApi ana = owner();
        NewWebhook made = ana.createWebhook("ops", Webhook.INCOMING, "ci-bot", null, null);

        // ana's session would not make a wrong secret right: postToWebhook sends none.
        assertThatThrownBy(
                        () -> ana.postToWebhook("/api/hooks/" + made.webhook().id() + "/wrong", "hi", null, null))
                .isInstanceOfSatisfying(
                        ClientException.class, e -> assertThat(e.code()).isEqualTo("no_such_webhook"));
        assertThatThrownBy(() -> ana.postToWebhook("ftp://example.com/api/hooks/x/y", "hi", null, null))
                .isInstanceOfSatisfying(ClientException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ClientException.Kind.BAD_URL);
                    assertThat(e.getMessage()).doesNotContain("/api/hooks/x/y");
                });
        assertThat(ana.historyJson("ops", null, 10).path("messages")).isEmpty();
    }

    @Test
    void an_outgoing_webhook_to_a_private_address_is_refused_on_a_default_server() {
        ChatApi ana = owner();

        assertThatThrownBy(() ->
                        ana.createWebhook("ops", Webhook.OUTGOING, "status-bot", "https://127.0.0.1/chat", "!status"))
                .isInstanceOfSatisfying(ClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("webhook_url_refused");
                });
        assertThat(ana.webhooks("ops")).isEmpty();
    }

    @Test
    void an_outgoing_webhook_logs_each_attempt_to_deliver_newest_first() throws Exception {
        ChatApi ana = owner("--webhooks-allow-private-targets", "true", "--webhooks-first-retry", "100ms");
        // Nothing listens on that port: every attempt is refused, and logged.
        String url = "http://127.0.0.1:" + closedPort() + "/chat";
        NewWebhook made = ana.createWebhook("ops", Webhook.OUTGOING, "status-bot", url, "!status");

        Webhook hook = made.webhook();
        assertThat(hook.incoming()).isFalse();
        assertThat(hook.url()).isEqualTo(url);
        assertThat(hook.trigger()).isEqualTo("!status");
        assertThat(made.secret()).isNotBlank();
        assertThat(made.hookUrl()).isNull();
        assertThat(made.hookUrl(server.url())).isNull();
        assertListed(ana, hook);

        // A bot's message is never sent (two bots could answer each other for ever); a person's is.
        NewWebhook ci = ana.createWebhook("ops", Webhook.INCOMING, "ci-bot", null, null);
        ana.postToWebhook(ci.hookUrl(), "!status from a bot", null, null);
        Recorder events = new Recorder();
        ChatClient client = new ChatClient(ana, "ana", events);
        client.open();
        try {
            client.follow("ops", 0);
            events.await(Joined.class, j -> j.room().equals("ops"));
            client.send("ops", "!status please");
            server.awaitStored("ops", ana.token(), 2);
        } finally {
            client.close();
        }
        long messageId = ana.history("ops", null, 1).messages().get(0).id();

        List<WebhookAttempt> log = awaitAttempts(ana, hook.id(), 2);
        assertThat(log).allSatisfy(a -> {
            assertThat(a.messageId()).isEqualTo(messageId);
            assertThat(a.status()).isZero();
            assertThat(a.taken()).isFalse();
            assertThat(a.error()).isNotBlank();
        });
        assertThat(log.get(0).attempt()).isGreaterThan(log.get(1).attempt());
        assertThat(log.get(0).at()).isAfterOrEqualTo(log.get(1).at());
    }

    /**
     * The room lists exactly this webhook. The answer that made it can name its time more precisely than the list (a
     * store may keep milliseconds), so the times are compared to the millisecond.
     */
    private static void assertListed(ChatApi api, Webhook hook) {
        assertThat(api.webhooks(hook.room())).singleElement().satisfies(listed -> {
            assertThat(listed)
                    .usingRecursiveComparison()
                    .ignoringFields("createdAt")
                    .isEqualTo(hook);
            assertThat(listed.createdAt()).isCloseTo(hook.createdAt(), within(1, ChronoUnit.MILLIS));
        });
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<WebhookAttempt> awaitAttempts(ChatApi api, String id, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<WebhookAttempt> log = api.webhookLog("ops", id);
        while (log.size() < count) {
            assertThat(System.nanoTime())
                    .as("%d attempts logged; so far %s", count, log)
                    .isLessThan(deadline);
            Thread.sleep(100);
            log = api.webhookLog("ops", id);
        }
        return log;
    }
}
