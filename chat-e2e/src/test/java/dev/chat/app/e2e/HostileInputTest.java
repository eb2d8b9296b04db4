package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.ChatApplication;
import dev.chat.testsupport.WsClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the server does with bad, oversized, too fast or too slow clients — and that others do not suffer. */
@Tag("alone") // measures time or runs server processes: not beside another test (chat-e2e-alone/pom.xml)
class HostileInputTest {

    @TempDir
    Path data;

    private ChatApplication app;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private Api start(String... args) {
        app = Servers.start(data, args);
        return new Api(app.port());
    }

    private WsClient connect(String token) {
        WsClient client = WsClient.connect(app.port(), token);
        open.add(client);
        return client;
    }

    @Test
    void a_frame_over_64_kib_closes_the_socket_with_1009() {
        Api api = start();
        WsClient ana = connect(api.signUp("ana", "ana-password"));
        ana.join("general");
        ana.sendRaw(
                "{\"type\":\"send\",\"room\":\"general\",\"clientId\":\"x\",\"text\":\"" + "a".repeat(70_000) + "\"}");
        assertThat(ana.awaitClose()).isEqualTo(1009);
    }

    @Test
    void malformed_json_gets_an_error_frame_and_the_connection_lives_on() {
        Api api = start();
        WsClient ana = connect(api.signUp("ana", "ana-password"));
        ana.sendRaw("{not json");
        JsonNode error = ana.awaitType("error");
        assertThat(error.get("code").asText()).isEqualTo("bad_request");
        ana.sendRaw("{\"type\":\"dance\"}");
        assertThat(ana.awaitType("error").get("code").asText()).isEqualTo("unknown_type");
        ana.sendRaw("{\"type\":\"send\",\"room\":\"general\",\"text\":\"hi\",\"clientId\":\"1\"}");
        assertThat(ana.awaitType("error").get("code").asText()).isEqualTo("not_joined");
        ana.join("general");
        ana.sendRaw("{\"type\":\"send\",\"room\":\"general\",\"text\":\"   \",\"clientId\":\"1\"}");
        JsonNode empty = ana.awaitType("error");
        assertThat(empty.get("code").asText()).isEqualTo("invalid_text");
        assertThat(empty.get("ref").asText()).isEqualTo("1");
        ana.send("type", "send", "room", "general", "text", "still here", "clientId", "2");
        assertThat(ana.awaitType("ack").get("clientId").asText()).isEqualTo("2");
    }

    @Test
    void a_handshake_without_a_session_is_refused_with_401() {
        start();
        assertThatThrownBy(() -> WsClient.connect(app.port(), null))
                .isInstanceOfSatisfying(
                        WsClient.Refused.class, e -> assertThat(e.status()).isEqualTo(401));
        assertThatThrownBy(() -> WsClient.connect(app.port(), "forged-token"))
                .isInstanceOfSatisfying(
                        WsClient.Refused.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void a_handshake_from_a_foreign_origin_is_refused_with_403() {
        Api api = start();
        String token = api.signUp("ana", "ana-password");
        assertThatThrownBy(() -> WsClient.connect(app.port(), token, "https://evil.example"))
                .isInstanceOfSatisfying(
                        WsClient.Refused.class, e -> assertThat(e.status()).isEqualTo(403));
        WsClient sameOrigin = WsClient.connect(app.port(), token, "http://127.0.0.1:" + app.port());
        open.add(sameOrigin);
        sameOrigin.join("general");
    }

    @Test
    void sending_faster_than_the_rate_limit_is_refused_with_rate_limited() {
        Api api = start("--rate-limit", "5");
        WsClient ana = connect(api.signUp("ana", "ana-password"));
        ana.join("general");
        for (int i = 1; i <= 7; i++) {
            ana.send("type", "send", "room", "general", "text", "m" + i, "clientId", "c" + i);
        }
        List<String> outcomes = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            JsonNode f = ana.await(x -> "ack".equals(x.path("type").asText())
                    || "error".equals(x.path("type").asText()));
            outcomes.add(
                    f.get("type").asText().equals("ack") ? "ack" : f.get("code").asText());
        }
        assertThat(outcomes).containsExactly("ack", "ack", "ack", "ack", "ack", "rate_limited", "rate_limited");
        ana.send("type", "send", "room", "general", "text", "m1", "clientId", "c1");
        JsonNode resend = ana.await(x -> "ack".equals(x.path("type").asText())
                || "error".equals(x.path("type").asText()));
        assertThat(resend.get("type").asText()).as("a resend is not a flood").isEqualTo("ack");
        assertThat(resend.get("duplicate").asBoolean()).isTrue();
        JsonNode history = api.get("/api/rooms/general/messages", api.login("ana", "ana-password"))
                .body();
        assertThat(history.get("messages")).hasSize(5);
    }

    @Test
    void a_slow_reader_is_cut_off_while_a_fast_reader_keeps_its_latency() throws Exception {
        Api api = start("--rate-limit", "0");
        String sloth = api.signUp("sloth", "sloth-password");
        WsClient fast = connect(api.signUp("fast", "fast-password"));
        fast.join("general");
        WsClient sender = connect(api.signUp("sender", "sender-password"));
        sender.join("general");

        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new java.net.InetSocketAddress("127.0.0.1", app.port()));
            OutputStream out = slow.getOutputStream();
            out.write(upgradeRequest(sloth));
            out.flush();
            InputStream in = slow.getInputStream();
            assertThat(readHeaders(in)).startsWith("HTTP/1.1 101");
            out.write(maskedText("{\"type\":\"join\",\"room\":\"general\"}"));
            out.flush();
            Thread.sleep(200);

            String text = "x".repeat(3900);
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            int count = 4000;
            for (int i = 1; i <= count; i++) {
                long sent = System.nanoTime();
                String clientId = "c" + i;
                sender.send("type", "send", "room", "general", "text", text + i, "clientId", clientId);
                String expected = text + i;
                fast.await(f -> "message".equals(f.path("type").asText())
                        && expected.equals(f.path("text").asText()));
                latencies.add(System.nanoTime() - sent);
            }
            latencies.sort(null);
            long p99 = latencies.get((int) (latencies.size() * 0.99));
            assertThat(Duration.ofNanos(p99)).as("fast reader's p99 latency").isLessThan(Duration.ofMillis(250));

            // The server gave up on the slow socket: reading it now drains what was buffered, then ends.
            slow.setSoTimeout(10_000);
            byte[] buffer = new byte[65536];
            long received = 0;
            int n;
            try {
                while ((n = in.read(buffer)) >= 0) {
                    received += n;
                }
            } catch (java.net.SocketException reset) {
                // a reset is also the server hanging up
            }
            assertThat(received).as("bytes the slow reader got before the cut").isLessThan(4000L * 4000);
        }
    }

    @Test
    void a_peer_that_stops_answering_pings_is_dropped_and_a_live_one_is_kept() throws Exception {
        Api api = start("--ping-interval", "500ms");
        String token = api.signUp("ana", "ana-password");
        WsClient live = connect(token);
        live.join("general");
        try (Socket dead = new Socket("127.0.0.1", app.port())) {
            dead.getOutputStream().write(upgradeRequest(token));
            InputStream in = dead.getInputStream();
            assertThat(readHeaders(in)).startsWith("HTTP/1.1 101");
            dead.setSoTimeout(10_000);
            long start = System.nanoTime();
            byte[] buffer = new byte[1024];
            int pings = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0 && (buffer[0] & 0x0f) == 0x9) {
                    pings++;
                }
            }
            assertThat(pings).as("the server pinged before giving up").isGreaterThan(0);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        live.send("type", "ping");
        assertThat(live.awaitType("pong")).isNotNull();
        assertThat(live.closeCode).isNotDone();
    }

    private static byte[] upgradeRequest(String token) {
        return ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                        + "Authorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String readHeaders(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }
}
