package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.chat.app.ChatApplication;
import dev.chat.core.domain.WebhookSignature;
import dev.chat.testsupport.WsClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks as a CI job and a bot's receiver use them, through real sockets: a CI job posts into a private room by
 * its secret URL once per Idempotency-Key; a receiver on loopback that fails three times gets each message, signed,
 * until it takes it, and only once after that, and its answer appears in the room; a URL to a private address is
 * refused by a server that was not told to allow it.
 */
class WebhooksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /** Retries the assertion until it holds or {@code limit} passes (then its last failure is thrown). */
    private static void within(Duration limit, Runnable assertion) {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static long send(WsClient ws, String text, String clientId) {
        ws.send("type", "send", "room", "ops", "text", text, "clientId", clientId);
        return ws.await(f -> "ack".equals(f.path("type").asText()) && clientId.equals(f.path("clientId").asText()))
                .get("id")
                .asLong();
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String code(Api.Response response) {
        return response.body().path("error").path("code").asText();
    }

    private static JsonNode messages(Api api, String token) {
        return api.get("/api/rooms/ops/messages", token).body().get("messages");
    }

    @Test
    void a_ci_job_posts_once_per_idempotency_key_into_a_private_room() {
        ChatApplication app = keep(Servers.start(dir));
        Api api = new Api(app.port());
        String bob = api.signUp("bob", "bob-password");
        assertThat(api.post("/api/rooms", "{\"name\": \"ops\", \"visibility\": \"private\"}", bob).status())
                .isEqualTo(201);
        Api.Response made = api.post("/api/rooms/ops/webhooks", "{\"kind\": \"incoming\", \"name\": \"ci-bot\"}", bob);
        assertThat(made.status()).as("%s", made.body()).isEqualTo(201);
        String hookUrl = made.body().get("hookUrl").asText();
        String body = "{\"text\": \"deploy 1.4.2 finished\", \"username\": \"jenkins\"}";

        Api.Response first = api.postKeyed(hookUrl, body, "build-77");
        Api.Response again = api.postKeyed(hookUrl, body, "build-77");

        assertThat(first.status()).as("%s", first.body()).isEqualTo(201);
        assertThat(first.body().get("duplicate").asBoolean()).isFalse();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("duplicate").asBoolean()).isTrue();
        assertThat(again.body().get("id").asLong()).isEqualTo(first.body().get("id").asLong());
        JsonNode stored = messages(api, bob);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("user").asText()).isEqualTo("ci-bot");
        assertThat(stored.get(0).get("text").asText()).isEqualTo("deploy 1.4.2 finished");

        assertThat(api.postKeyed(hookUrl, "{\"text\": \"deploy 1.4.3 finished\"}", "build-78").status())
                .isEqualTo(201);
        Api.Response wrong = api.postKeyed(hookUrl.substring(0, hookUrl.length() - 2) + "xx", body, null);
        assertThat(wrong.status()).isEqualTo(404);
        assertThat(code(wrong)).isEqualTo("no_such_webhook");
        assertThat(messages(api, bob)).hasSize(2);
        String id = made.body().get("id").asText();
        assertThat(api.request("DELETE", "/api/rooms/ops/webhooks/" + id, null, bob).status()).isEqualTo(204);
        assertThat(api.postKeyed(hookUrl, body, "build-79").status()).as("deleted: its URL stops working").isEqualTo(404);
    }

    @Test
    void a_receiver_that_fails_three_times_gets_each_message_once_after_retries_signed_and_answers_in_the_room()
            throws IOException {
        // The receiver: 503 for its first three requests, then takes each message and answers "all green".
        AtomicInteger requests = new AtomicInteger();
        Map<Long, AtomicInteger> taken = new ConcurrentHashMap<>();
        List<String> badSignatures = new CopyOnWriteArrayList<>();
        String[] key = new String[1];
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String timestamp = exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER);
            String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER);
            if (!WebhookSignature.verify(key[0], timestamp, signature, request, Instant.now())) {
                badSignatures.add(new String(request, StandardCharsets.UTF_8));
            }
            byte[] answer;
            int status;
            if (requests.incrementAndGet() <= 3) {
                status = 503;
                answer = new byte[0];
            } else {
                status = 200;
                taken.computeIfAbsent(JSON.readTree(request).get("id").asLong(), k -> new AtomicInteger())
                        .incrementAndGet();
                answer = "{\"text\": \"all green\"}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.start();
        keep(() -> receiver.stop(0));
        ChatApplication app = keep(Servers.start(
                dir, "--rate-limit", "0", "--webhooks-allow-private-targets", "true", "--webhooks-first-retry", "100ms"));
        Api api = new Api(app.port());
        String bob = api.signUp("bob", "bob-password");
        assertThat(api.post("/api/rooms", "{\"name\": \"ops\"}", bob).status()).isEqualTo(201);
        Api.Response made = api.post(
                "/api/rooms/ops/webhooks",
                "{\"kind\": \"outgoing\", \"name\": \"status-bot\", \"trigger\": \"!status\", \"url\": \"http://127.0.0.1:"
                        + receiver.getAddress().getPort() + "/hook\"}",
                bob);
        assertThat(made.status()).as("%s", made.body()).isEqualTo(201);
        key[0] = made.body().get("secret").asText();

        WsClient ws = keep(WsClient.connect(app.port(), bob));
        ws.join("ops");
        long first = send(ws, "!status please", "b1");
        send(ws, "not for the bot", "b2");
        long second = send(ws, "!status again", "b3");

        within(Duration.ofSeconds(15), () -> assertThat(taken.keySet()).containsExactlyInAnyOrder(first, second));
        within(Duration.ofSeconds(5), () -> assertThat(messages(api, bob))
                .filteredOn(m -> m.get("user").asText().equals("status-bot"))
                .extracting(m -> m.get("replyTo").asLong())
                .containsExactlyInAnyOrder(first, second));
        // Nothing more arrives: each message was taken exactly once, after the first one's three failures.
        sleep(Duration.ofSeconds(1));
        assertThat(requests.get()).isEqualTo(5);
        assertThat(taken.get(first).get()).isEqualTo(1);
        assertThat(taken.get(second).get()).isEqualTo(1);
        assertThat(badSignatures).isEmpty();
        JsonNode log = api.get("/api/rooms/ops/webhooks/" + made.body().get("id").asText() + "/log", bob)
                .body()
                .get("attempts");
        List<String> attempts = new ArrayList<>();
        log.forEach(a -> attempts.add(a.get("messageId").asLong() + ":" + a.get("attempt").asInt() + ":" + a.get("status").asInt()));
        assertThat(attempts)
                .containsExactly(
                        second + ":1:200", first + ":4:200", first + ":3:503", first + ":2:503", first + ":1:503");
    }

    @Test
    void a_url_to_a_private_address_is_refused_by_default() {
        ChatApplication app = keep(Servers.start(dir));
        Api api = new Api(app.port());
        String bob = api.signUp("bob", "bob-password");
        assertThat(api.post("/api/rooms", "{\"name\": \"ops\"}", bob).status()).isEqualTo(201);

        for (String url : List.of(
                "https://10.0.0.5/hook", "https://127.0.0.1:" + app.port() + "/api/admin/stats",
                "https://169.254.169.254/latest/meta-data", "http://93.184.215.14/hook")) {
            Api.Response refused = api.post(
                    "/api/rooms/ops/webhooks",
                    "{\"kind\": \"outgoing\", \"name\": \"probe-bot\", \"url\": \"" + url + "\"}",
                    bob);
            assertThat(refused.status()).as(url).isEqualTo(400);
            assertThat(code(refused)).as(url).isEqualTo("webhook_url_refused");
        }
        assertThat(api.get("/api/rooms/ops/webhooks", bob).body().get("webhooks")).isEmpty();
    }
}
