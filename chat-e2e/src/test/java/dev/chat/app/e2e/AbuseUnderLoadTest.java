package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.ChatApplication;
import dev.chat.testsupport.WsClient;
import dev.chat.testsupport.openapi.ValidatingHttpClient;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks by volume — a message flood, a pile of connections, stalled half-requests — answered by the server's
 * limits while another user keeps chatting at a stated latency. Counts and times are bounded; loopback only.
 */
@Tag("alone") // measures time or runs server processes: not beside another test (chat-e2e-alone/pom.xml)
class AbuseUnderLoadTest {

    /** The bystander's p99 round trip while the attack runs, on loopback on a 2-core machine. */
    private static final Duration P99_BOUND = Duration.ofMillis(250);

    @TempDir
    Path data;

    private ChatApplication app;
    private Api api;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        app.close();
    }

    private void start(String... args) {
        app = Servers.start(data, args);
        api = new Api(app.port());
    }

    private WsClient connect(String token) {
        WsClient client = WsClient.connect(app.port(), token);
        open.add(client);
        return client;
    }

    @Test
    void a_flood_from_one_user_is_rate_limited_while_another_user_keeps_a_p99_under_250_ms() throws Exception {
        start("--rate-limit", "20");
        WsClient mallory = connect(api.signUp("mallory", "mallory-password"));
        mallory.join("general");
        WsClient alice = connect(api.signUp("alice", "alice-password"));
        alice.join("general");
        WsClient bruno = connect(api.signUp("bruno", "bruno-password"));
        bruno.join("general");

        AtomicBoolean flooding = new AtomicBoolean(true);
        int[] sent = {0};
        List<JsonNode> answers = new ArrayList<>();
        // Batches of 50 frames, each sent without waiting, then their 50 answers: about 60 times the allowed rate,
        // yet never more than the 256 frames a connection may have waiting (that would be close 1008 instead).
        Thread flood = new Thread(() -> {
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (flooding.get() && System.nanoTime() < until && sent[0] < 3000) {
                for (int b = 0; b < 50; b++) {
                    sent[0]++;
                    mallory.send(
                            "type", "send", "room", "general", "text", "spam " + sent[0], "clientId", "f" + sent[0]);
                }
                for (int b = 0; b < 50; b++) {
                    answers.add(mallory.await(f -> "ack".equals(f.path("type").asText())
                            || "error".equals(f.path("type").asText())));
                }
            }
        });
        long started = System.nanoTime();
        flood.start();

        // Alice measures the round trip of her own messages (within her burst) and of pings, during the flood.
        List<Long> latencies = new ArrayList<>();
        for (int i = 1; i <= 15; i++) {
            long t0 = System.nanoTime();
            String text = "alice " + i;
            alice.send("type", "send", "room", "general", "text", text, "clientId", "a" + i);
            bruno.await(f -> "message".equals(f.path("type").asText())
                    && text.equals(f.path("text").asText()));
            latencies.add(System.nanoTime() - t0);
            for (int p = 0; p < 10; p++) {
                long p0 = System.nanoTime();
                alice.send("type", "ping");
                alice.awaitType("pong");
                latencies.add(System.nanoTime() - p0);
            }
        }
        flood.join(10_000);
        flooding.set(false);
        double seconds = (System.nanoTime() - started) / 1e9;

        latencies.sort(null);
        long p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1);
        assertThat(Duration.ofNanos(p99))
                .as("alice's p99 round trip over %d samples during the flood", latencies.size())
                .isLessThan(P99_BOUND);

        long acks = answers.stream()
                .filter(f -> "ack".equals(f.path("type").asText()))
                .count();
        long limited = answers.stream()
                .filter(f -> "rate_limited".equals(f.path("code").asText()))
                .count();
        assertThat(sent[0]).as("frames mallory sent").isGreaterThan(100);
        assertThat(acks)
                .as("mallory's stored messages: a burst of 20 then 2 a second")
                .isBetween(20L, 20L + (long) Math.ceil(seconds * 2) + 1);
        assertThat(limited).as("mallory's refusals").isGreaterThan(0);
        answers.stream()
                .filter(f -> "rate_limited".equals(f.path("code").asText()))
                .limit(1)
                .forEach(f -> assertThat(f.get("retryAfterMs").asLong()).isPositive());
        assertThat(acks + limited)
                .as("every frame answered with an ack or rate_limited")
                .isEqualTo(sent[0]);
        assertThat(mallory.closeCode).isNotDone();
        assertThat(alice.closeCode).isNotDone();
        assertThat(bruno.closeCode).isNotDone();
    }

    @Test
    void the_connection_after_the_50th_of_one_user_is_refused_with_429_too_many_connections() throws Exception {
        start();
        String token = api.signUp("mallory", "mallory-password");
        List<WsClient> mine = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            mine.add(connect(token));
        }
        for (int i = 0; i < 10; i++) {
            Throwable refused = catchThrowable(() -> connect(token));
            assertThat(refused).as("connection %d", 51 + i).isNotNull();
            assertThat(refused)
                    .isInstanceOfSatisfying(
                            WsClient.Refused.class, e -> assertThat(e.status()).isEqualTo(429));
        }
        HttpResponse<String> raw = rawHandshake(token);
        assertThat(raw.statusCode()).isEqualTo(429);
        assertThat(raw.body())
                .isEqualTo("{\"error\":{\"code\":\"too_many_connections\","
                        + "\"message\":\"You have 50 connections open already; close one first.\"}}");

        WsClient alice = connect(api.signUp("alice", "alice-password"));
        alice.join("general");
        WsClient bruno = connect(api.signUp("bruno", "bruno-password"));
        bruno.join("general");
        alice.send("type", "send", "room", "general", "text", "hi", "clientId", "a1");
        bruno.await(f -> "hi".equals(f.path("text").asText()));

        mine.get(0).close();
        WsClient again = eventuallyConnect(token);
        again.join("general");
        assertThat(mine.get(1).closeCode).as("the others of hers stay open").isNotDone();
    }

    @Test
    void two_hundred_stalled_half_requests_are_dropped_after_one_idle_interval_while_a_client_connects()
            throws Exception {
        start("--ping-interval", "1s");
        String token = api.signUp("alice", "alice-password");
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", app.port()), 5_000);
                String partial = i % 2 == 0
                        ? "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Up"
                        : "POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"user";
                s.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                stalled.add(s);
            }
            long stalledAt = System.nanoTime();

            WsClient alice = connect(token);
            alice.join("general");
            assertThat(api.get("/healthz", null).status()).isEqualTo(200);

            for (Socket s : stalled) {
                s.setSoTimeout(5_000);
                InputStream in = s.getInputStream();
                try {
                    while (in.read() >= 0) {
                        // a 408 or nothing; the server hangs up either way
                    }
                } catch (SocketException reset) {
                    // a reset is also the server hanging up
                }
            }
            Duration allGone = Duration.ofNanos(System.nanoTime() - stalledAt);
            assertThat(allGone)
                    .as("every stalled socket was dropped (interval 1 s)")
                    .isLessThan(Duration.ofSeconds(4));

            alice.send("type", "send", "room", "general", "text", "after", "clientId", "a1");
            assertThat(alice.awaitType("ack").get("clientId").asText()).isEqualTo("a1");
            assertThat(alice.closeCode).isNotDone();
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void requests_trickled_a_byte_at_a_time_are_dropped_10_s_after_they_began_while_a_client_connects()
            throws Exception {
        start("--ping-interval", "1s");
        String token = api.signUp("alice", "alice-password");
        int count = 20;
        List<Socket> trickling = new ArrayList<>();
        long[] droppedAfter = new long[count];
        try {
            long began = System.nanoTime();
            for (int i = 0; i < count; i++) {
                Socket s = new Socket("127.0.0.1", app.port());
                s.getOutputStream()
                        .write(("GET " + (i % 2 == 0 ? "/ws" : "/api/me") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                        + "X-Slow: ")
                                .getBytes(StandardCharsets.US_ASCII));
                trickling.add(s);
            }
            WsClient alice = connect(token);
            alice.join("general");
            // One byte every 300 ms per socket: never silent for the 1 s idle interval.
            int open = count;
            while (open > 0
                    && System.nanoTime() - began < Duration.ofSeconds(15).toNanos()) {
                Thread.sleep(300);
                for (int i = 0; i < count; i++) {
                    if (droppedAfter[i] == 0) {
                        try {
                            trickling.get(i).getOutputStream().write('a');
                            trickling.get(i).getOutputStream().flush();
                        } catch (java.io.IOException gone) {
                            droppedAfter[i] = System.nanoTime() - began;
                            open--;
                        }
                    }
                }
            }
            assertThat(open).as("sockets still trickling after 15 s").isZero();
            for (long after : droppedAfter) {
                // Dropped at the 10 s deadline; a write notices it within two rounds.
                assertThat(Duration.ofNanos(after)).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(12));
            }
            alice.send("type", "send", "room", "general", "text", "after", "clientId", "a1");
            assertThat(alice.awaitType("ack").get("clientId").asText()).isEqualTo("a1");
            assertThat(alice.closeCode).isNotDone();
        } finally {
            for (Socket s : trickling) {
                s.close();
            }
        }
    }

    /** A closed socket's slot is freed when the server sees the close, a moment after the client does. */
    private WsClient eventuallyConnect(String token) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                return connect(token);
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private HttpResponse<String> rawHandshake(String token) throws Exception {
        return ValidatingHttpClient.wrap(HttpClient.newHttpClient())
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/ws"))
                                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                                .header("Sec-WebSocket-Version", "13")
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
