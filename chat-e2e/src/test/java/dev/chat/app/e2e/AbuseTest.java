package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.testsupport.WsClient;
import dev.chat.testsupport.openapi.ValidatingHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Attacks on one server, each answered exactly as docs/protocol.md says, while two bystanders in the same room
 * keep talking. See docs/security.md for the table of attack, response and test.
 */
@Tag("alone") // measures time or runs server processes: not beside another test (chat-e2e-alone/pom.xml)
class AbuseTest extends AbuseSuite {

    @Override
    List<String> suiteOptions() {
        return List.of("--admins", "root", "--rate-limit", "0");
    }

    // --- size and shape ---

    @Test
    void an_oversize_frame_closes_only_that_socket_with_1009() {
        WsClient mallory = connect(api.signUp("mallory", "mallory-password"));
        mallory.join("general");
        mallory.sendRaw(
                "{\"type\":\"send\",\"room\":\"general\",\"clientId\":\"x\",\"text\":\"" + "a".repeat(70_000) + "\"}");
        assertThat(mallory.awaitClose()).isEqualTo(1009);
        othersAreUnaffected();
    }

    @Test
    void an_oversize_body_is_refused_with_413_too_large() {
        Api.Response refused = api.post(
                "/api/rooms", "{\"name\":\"" + "r".repeat(70_000) + "\"}", api.login("alice", "alice-password"));
        assertThat(error(refused)).isEqualTo("413 too_large");
        othersAreUnaffected();
    }

    @Test
    void deeply_nested_json_in_a_frame_is_a_bad_request_and_the_socket_lives_on() {
        WsClient mallory = connect(api.signUp("mallory", "mallory-password"));
        mallory.sendRaw("[".repeat(60_000));
        JsonNode error = mallory.awaitType("error");
        assertThat(error.get("code").asText()).isEqualTo("bad_request");
        mallory.sendRaw("{\"a\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_001));
        assertThat(mallory.awaitType("error").get("code").asText()).isEqualTo("bad_request");
        mallory.join("general");
        othersAreUnaffected();
    }

    @Test
    void deeply_nested_json_in_a_body_is_a_400_bad_request() {
        String token = api.login("alice", "alice-password");
        assertThat(error(api.post("/api/rooms", "[".repeat(60_000), token))).isEqualTo("400 bad_request");
        assertThat(error(api.post("/api/login", "{\"username\":" + "[".repeat(60_000), null)))
                .isEqualTo("400 bad_request");
        othersAreUnaffected();
    }

    @Test
    void a_malformed_percent_escape_in_the_path_is_a_400_bad_request_with_the_security_headers() throws Exception {
        String token = api.signUp("mallory", "mallory-password");
        List<String> targets = List.of(
                "GET /api/rooms/gen%zzral/messages",
                "GET /api/rooms/%",
                "DELETE /api/rooms/general/messages/%E0%A4",
                "GET /%",
                "GET /api/rooms/general/messages?limit=%");
        for (String target : targets) {
            RawHttp.Response refused = RawHttp.request(app.port(), target, token);
            assertThat(refused.status() + " " + refused.body())
                    .as(target)
                    .isEqualTo(
                            "400 {\"error\":{\"code\":\"bad_request\",\"message\":\"The request could not be parsed.\"}}");
            assertThat(refused.headers())
                    .as(target)
                    .containsEntry("content-type", "application/json; charset=utf-8")
                    .containsEntry("cache-control", "no-store")
                    .containsEntry("x-content-type-options", "nosniff")
                    .containsEntry("x-frame-options", "DENY")
                    .containsEntry("referrer-policy", "no-referrer")
                    .containsEntry("content-security-policy", "default-src 'none'; frame-ancestors 'none'")
                    .containsEntry("connection", "close");
            assertThat(refused.closed()).as(target).isTrue();
        }
        assertThat(api.get("/api/rooms/general/messages", api.login("bruno", "bruno-password"))
                        .status())
                .isEqualTo(200);
        othersAreUnaffected();
    }

    @Test
    void invalid_utf8_in_a_text_frame_closes_that_socket_with_1007() throws Exception {
        try (RawSocket mallory = RawSocket.upgrade(app.port(), api.signUp("mallory", "mallory-password"))) {
            mallory.frame(0x1, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
            assertThat(mallory.closeCode()).isEqualTo(1007);
        }
        othersAreUnaffected();
    }

    @Test
    void a_binary_frame_gets_a_bad_request_error_and_the_socket_lives_on() throws Exception {
        try (RawSocket mallory = RawSocket.upgrade(app.port(), api.signUp("mallory", "mallory-password"))) {
            mallory.frame(0x2, new byte[] {0, 1, 2, 3});
            JsonNode error = WsClient.JSON.readTree(mallory.textFrame());
            assertThat(error.get("type").asText()).isEqualTo("error");
            assertThat(error.get("code").asText()).isEqualTo("bad_request");
            mallory.frame(0x1, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(WsClient.JSON.readTree(mallory.textFrame()).get("type").asText())
                    .isEqualTo("pong");
        }
        othersAreUnaffected();
    }

    // --- who may connect ---

    @Test
    void a_handshake_from_a_foreign_origin_is_refused_with_403_forbidden() throws Exception {
        String token = api.signUp("mallory", "mallory-password");
        HttpResponse<String> refused = rawHandshake(token, "https://evil.example");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body())
                .isEqualTo("{\"error\":{\"code\":\"forbidden\","
                        + "\"message\":\"WebSocket connections from this origin are not allowed.\"}}");
        othersAreUnaffected();
    }

    @Test
    void a_handshake_without_a_live_session_is_refused_with_401_unauthorized() throws Exception {
        String unauthorized = "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Sign in first.\"}}";
        HttpResponse<String> none = rawHandshake(null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).isEqualTo(unauthorized);

        String token = api.signUp("mallory", "mallory-password");
        WsClient before = connect(token);
        assertThat(api.post("/api/logout", "", token).status()).isEqualTo(204);
        assertThat(before.awaitClose()).isEqualTo(4401);
        HttpResponse<String> revoked = rawHandshake(token, null);
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.body()).isEqualTo(unauthorized);
        othersAreUnaffected();
    }

    @Test
    void a_banned_user_s_handshake_is_refused_with_401_and_a_new_sign_in_with_403_banned() throws Exception {
        String root = Servers.admin(app, "root", "root-password");
        String token = api.signUp("mallory", "mallory-password");
        WsClient before = connect(token);
        assertThat(api.request("POST", "/api/admin/users/mallory/ban", null, root)
                        .status())
                .isEqualTo(200);
        assertThat(before.awaitClose()).isEqualTo(4403);
        HttpResponse<String> refused = rawHandshake(token, null);
        assertThat(refused.statusCode()).as("a ban ends the sessions").isEqualTo(401);
        assertThat(error(api.post("/api/login", Api.credentials("mallory", "mallory-password"), null)))
                .isEqualTo("403 banned");
        othersAreUnaffected();
    }

    /**
     * On the real clock, through the operator's own flag. Mallory's session is used only at sign-in and its
     * handshake; alice keeps hers in use with a frame every half second; bruno's is idle like mallory's. Before
     * this work an open socket outlived its session: mallory and bruno chatted on after the expiry.
     */
    @Test
    void a_session_left_unused_past_session_idle_closes_its_sockets_with_4401_and_is_refused_at_the_handshake()
            throws Exception {
        restartWith("--session-idle", "2s");
        String token = api.signUp("mallory", "mallory-password");
        WsClient mallory = connect(token);
        mallory.join("general");
        long until = System.nanoTime() + Duration.ofMillis(3_500).toNanos();
        while (System.nanoTime() < until) {
            alice.send("type", "typing", "room", "general");
            Thread.sleep(500);
        }
        assertThat(mallory.awaitClose()).as("mallory's idle session's socket").isEqualTo(4401);
        assertThat(bruno.awaitClose()).as("bruno's idle session's socket").isEqualTo(4401);
        assertThat(alice.closeCode).as("alice's session is in use").isNotDone();
        HttpResponse<String> expired = rawHandshake(token, null);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).isEqualTo("{\"error\":{\"code\":\"unauthorized\",\"message\":\"Sign in first.\"}}");
        connect(api.login("mallory", "mallory-password")).join("general");
        bruno = connect(api.login("bruno", "bruno-password"));
        bruno.join("general");
        othersAreUnaffected();
    }

    @Test
    void a_token_in_the_url_is_not_accepted() throws Exception {
        String token = api.signUp("mallory", "mallory-password");
        HttpResponse<String> ws = rawHandshakeTo("/ws?token=" + token, null, null);
        assertThat(ws.statusCode()).isEqualTo(401);
        assertThat(api.get("/api/me?token=" + token, null).status()).isEqualTo(401);
    }

    // --- guessing passwords ---

    @Test
    void brute_force_on_one_account_is_throttled_with_429_while_other_accounts_sign_in() {
        for (int i = 0; i < 5; i++) {
            assertThat(error(api.post("/api/login", Api.credentials("alice", "guess-" + i), null)))
                    .isEqualTo("401 invalid_credentials");
        }
        Api.Response throttled = api.post("/api/login", Api.credentials("alice", "alice-password"), null);
        assertThat(error(throttled)).as("even the right password waits").isEqualTo("429 throttled");
        assertThat(throttled.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(api.post("/api/login", Api.credentials("bruno", "bruno-password"), null)
                        .status())
                .isEqualTo(200);
        othersAreUnaffected();
    }

    /**
     * Without the decoy hash for unknown names the gap would be one whole Argon2 check (about 170 ms here). The
     * guesses come from many addresses (through a trusted proxy), as a guesser's would: from one, the limit on
     * failures per address would refuse most of them.
     */
    @Test
    void a_wrong_password_and_an_unknown_name_take_the_same_time_within_40_ms() throws Exception {
        // At the real cost: the gap a missing decoy leaves is one whole check at that cost.
        restartWith(Servers.options(List.of("--trusted-proxies", "127.0.0.1"), Servers.REAL_HASHING)
                .toArray(String[]::new));
        int accounts = 8;
        for (int i = 0; i < accounts; i++) {
            api.post("/api/register", Api.credentials("known" + i, "known-password"), null);
        }
        api.post("/api/login", Api.credentials("warm-up-nobody", "whatever-password"), null);
        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        // Interleaved, at most 3 failures per name: the throttle (5) never kicks in and drift hits both sides.
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < accounts; i++) {
                known.add(timeFailedLogin("known" + i));
                unknown.add(timeFailedLogin("nobody" + i));
            }
        }
        long knownMedian = median(known);
        long unknownMedian = median(unknown);
        assertThat(Duration.ofNanos(Math.abs(knownMedian - unknownMedian)))
                .as(
                        "median %d ms (wrong password) vs %d ms (unknown name), %d tries each",
                        knownMedian / 1_000_000, unknownMedian / 1_000_000, known.size())
                .isLessThan(Duration.ofMillis(40));
        othersAreUnaffected();
    }

    private int guesser;

    private long timeFailedLogin(String name) {
        Api from = api.from("198.51.100." + (++guesser % 250 + 1));
        long t0 = System.nanoTime();
        Api.Response r = from.post("/api/login", Api.credentials(name, "wrong-password"), null);
        long took = System.nanoTime() - t0;
        assertThat(error(r)).isEqualTo("401 invalid_credentials");
        return took;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    // --- what a connected user may do ---

    @Test
    void sending_to_a_room_one_has_not_joined_is_refused_with_not_joined() {
        WsClient mallory = connect(api.signUp("mallory", "mallory-password"));
        mallory.send("type", "send", "room", "general", "text", "sneaky", "clientId", "s1");
        JsonNode error = mallory.awaitType("error");
        assertThat(error.get("code").asText()).isEqualTo("not_joined");
        assertThat(error.get("ref").asText()).isEqualTo("s1");
        assertThat(bruno.drain(Duration.ofMillis(300)))
                .noneMatch(f -> "sneaky".equals(f.path("text").asText()));
        othersAreUnaffected();
    }

    @Test
    void an_admin_endpoint_called_by_a_non_admin_is_403_forbidden() {
        String mallory = api.signUp("mallory", "mallory-password");
        assertThat(error(api.get("/api/admin/users", mallory))).isEqualTo("403 forbidden");
        assertThat(error(api.request("POST", "/api/admin/users/alice/ban", null, mallory)))
                .isEqualTo("403 forbidden");
        othersAreUnaffected();
    }

    /**
     * 20 pipelined sends are fine; then 1,600 frames written in one go, so they arrive together and the event loop
     * queues them far faster than the worker pool runs them: every other one a {@code history} of 100 messages,
     * which is slow to run. The close overtakes the acks of the flood (it is written at once, they queue behind
     * it), so the 20 are what shows that acknowledged messages outlive the close.
     */
    @Test
    void a_flood_of_requests_closes_only_that_socket_with_1008_and_keeps_every_acknowledged_message() throws Exception {
        Logger handler = (Logger) LoggerFactory.getLogger("dev.chat.adapters.netty.ChatSocketHandler");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        handler.addAppender(lines);
        try {
            Map<String, String> sent = new HashMap<>();
            List<String> replies = new ArrayList<>();
            RawSocket.Close close;
            try (RawSocket mallory = RawSocket.upgrade(app.port(), api.signUp("mallory", "mallory-password"))) {
                mallory.texts(List.of("{\"type\":\"join\",\"room\":\"general\"}"));
                mallory.awaitType("joined");
                List<String> early = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    early.add(sendFrame(sent, "e" + i, "early " + i));
                }
                mallory.texts(early);
                for (int i = 0; i < 20; i++) {
                    replies.add(mallory.awaitType("ack").toString());
                }
                List<String> flood = new ArrayList<>();
                for (int i = 0; i < 800; i++) {
                    flood.add(sendFrame(sent, "f" + i, "flood " + i));
                    flood.add("{\"type\":\"history\",\"room\":\"general\",\"limit\":100}");
                }
                mallory.texts(flood);
                close = mallory.closeFrame(replies);
            }
            assertThat(close).isEqualTo(new RawSocket.Close(1008, "Too many requests at once."));
            assertThat(replies)
                    .as("cut off well before all 1,600 were answered")
                    .hasSizeLessThan(20 + 800);

            Map<String, Long> acked = new HashMap<>();
            for (String reply : replies) {
                JsonNode frame = WsClient.JSON.readTree(reply);
                if ("ack".equals(frame.path("type").asText())) {
                    acked.put(frame.get("clientId").asText(), frame.get("id").asLong());
                }
            }
            assertThat(acked).hasSizeGreaterThanOrEqualTo(20);
            Map<String, JsonNode> stored = storedByClientId("general");
            assertThat(acked).allSatisfy((clientId, id) -> {
                assertThat(stored).as(clientId + " was acked").containsKey(clientId);
                assertThat(stored.get(clientId).get("id").asLong()).isEqualTo(id);
                assertThat(stored.get(clientId).get("text").asText()).isEqualTo(sent.get(clientId));
            });
            othersAreUnaffected();
            assertThat(lines.list)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .as("logged once, not once a frame")
                    .containsOnlyOnce("Closing the connection of mallory: too many frames waiting");
        } finally {
            handler.detachAppender(lines);
        }
    }

    private static String sendFrame(Map<String, String> sent, String clientId, String text) {
        sent.put(clientId, text);
        return WsClient.JSON
                .createObjectNode()
                .put("type", "send")
                .put("room", "general")
                .put("text", text)
                .put("clientId", clientId)
                .toString();
    }

    /** Every message of the room, read by history pages, by clientId. */
    private Map<String, JsonNode> storedByClientId(String room) {
        Map<String, JsonNode> stored = new HashMap<>();
        String token = api.login("bruno", "bruno-password");
        String page = "/api/rooms/" + room + "/messages?limit=100";
        while (page != null) {
            JsonNode body = api.get(page, token).body();
            long oldest = Long.MAX_VALUE;
            for (JsonNode m : body.get("messages")) {
                stored.put(m.get("clientId").asText(), m);
                oldest = Math.min(oldest, m.get("id").asLong());
            }
            page = body.get("more").asBoolean() ? "/api/rooms/" + room + "/messages?limit=100&before=" + oldest : null;
        }
        return stored;
    }

    @Test
    void markup_is_stored_and_returned_verbatim_as_data_and_terminal_escapes_are_refused() {
        String xss = "<img src=x onerror=alert(1)><script>alert('x')</script>&amp;\"'";
        alice.send("type", "send", "room", "general", "text", xss, "clientId", "x1");
        alice.awaitType("ack");
        JsonNode live = bruno.await(f -> "message".equals(f.path("type").asText()));
        assertThat(live.get("text").asText()).isEqualTo(xss);

        alice.send("type", "send", "room", "general", "text", "\u001b]0;pwned\u0007\u001b[2J", "clientId", "x2");
        JsonNode refused = alice.awaitType("error");
        assertThat(refused.get("code").asText()).isEqualTo("invalid_text");
        assertThat(refused.get("ref").asText()).isEqualTo("x2");

        Api.Response history = api.get("/api/rooms/general/messages", api.login("bruno", "bruno-password"));
        assertThat(history.raw().headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(history.body().get("messages"))
                .extracting(m -> m.get("text").asText())
                .containsExactly(xss);
        othersAreUnaffected();
    }

    @Test
    void the_session_token_never_appears_in_the_logs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        root.addAppender(lines);
        root.setLevel(Level.DEBUG);
        String token;
        try {
            token = api.signUp("mallory", "mallory-password");
            WsClient socket = connect(token);
            socket.join("general");
            socket.send("type", "send", "room", "general", "text", "hello", "clientId", "t1");
            socket.awaitType("ack");
            api.get("/api/me", token);
            api.get("/api/me?token=" + token, null);
            api.post("/api/logout", "", token);
            socket.awaitClose();
            assertThatThrownBy(() -> connect(token));
        } finally {
            root.detachAppender(lines);
            root.setLevel(level);
        }
        assertThat(lines.list).as("something was logged").isNotEmpty();
        assertThat(lines.list).allSatisfy(e -> {
            assertThat(e.getFormattedMessage()).doesNotContain(token);
            if (e.getThrowableProxy() != null) {
                assertThat(e.getThrowableProxy().getMessage()).doesNotContain(token);
            }
        });
    }

    @Test
    void the_session_cookie_is_http_only_same_site_lax_and_secure_behind_tls() throws Exception {
        String credentials = Api.credentials("alice", "alice-password");
        String plain = login(credentials, null);
        assertThat(plain)
                .startsWith("chat_session=")
                .containsIgnoringCase("; HttpOnly")
                .contains("; SameSite=Lax")
                .doesNotContain("Secure");
        assertThat(login(credentials, "https"))
                .containsIgnoringCase("; HttpOnly")
                .contains("; SameSite=Lax")
                .contains("; Secure");

        stop();
        use(Servers.start(data, "--secure-cookies", "true"), false);
        assertThat(login(credentials, null))
                .containsIgnoringCase("; HttpOnly")
                .contains("; SameSite=Lax")
                .contains("; Secure");
    }

    // --- headers ---

    @Test
    void every_response_carries_the_security_headers() throws Exception {
        String token = api.login("alice", "alice-password");
        HttpResponse<String> json = plainGet("/api/me", token, null);
        assertThat(json.statusCode()).isEqualTo(200);
        HttpResponse<String> page = plainGet("/app.js", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> notModified =
                plainGet("/app.js", null, page.headers().firstValue("ETag").orElseThrow());
        assertThat(notModified.statusCode()).isEqualTo(304);
        HttpResponse<String> notFound = plainGet("/api/nothing", null, null);
        assertThat(notFound.statusCode()).isEqualTo(404);
        HttpResponse<String> unauthorized = plainGet("/api/me", null, null);
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        HttpResponse<String> refusedHandshake = rawHandshake(null, null);

        for (HttpResponse<String> r : List.of(json, page, notModified, notFound, unauthorized, refusedHandshake)) {
            String what = r.request().uri() + " " + r.statusCode();
            assertThat(r.headers().firstValue("X-Content-Type-Options"))
                    .as(what)
                    .contains("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(what).contains("DENY");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(what).contains("no-referrer");
            assertThat(r.headers().firstValue("Content-Security-Policy"))
                    .as(what)
                    .isPresent()
                    .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
        }
        assertThat(json.headers().firstValue("Content-Security-Policy"))
                .contains("default-src 'none'; frame-ancestors 'none'");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'");
    }

    private String login(String credentials, String forwardedProto) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.port() + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(credentials));
        if (forwardedProto != null) {
            request.header("X-Forwarded-Proto", forwardedProto);
        }
        HttpResponse<String> response = ValidatingHttpClient.wrap(HttpClient.newHttpClient())
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("Set-Cookie").orElseThrow();
    }

    private HttpResponse<String> plainGet(String path, String token, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return ValidatingHttpClient.wrap(HttpClient.newHttpClient())
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A WebSocket upgrade request sent as plain HTTP, so the refusal's status, headers and body can be read. */
    private HttpResponse<String> rawHandshake(String token, String origin) throws Exception {
        return rawHandshakeTo("/ws", token, origin);
    }

    private HttpResponse<String> rawHandshakeTo(String path, String token, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .header("Sec-WebSocket-Version", "13");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        // HttpClient will not send Upgrade itself; the server checks auth and origin before the upgrade headers.
        return ValidatingHttpClient.wrap(HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build())
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** HTTP/1.1 written by hand, for request targets that {@link URI} refuses to build. */
    static final class RawHttp {

        /** {@code closed}: the server ended the connection after this answer. */
        record Response(int status, Map<String, String> headers, String body, boolean closed) {}

        /** Sends {@code "METHOD target"} with a bearer token, without asking to close the connection. */
        static Response request(int port, String methodAndTarget, String token) throws Exception {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream()
                        .write((methodAndTarget + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Authorization: Bearer " + token
                                        + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        throw new AssertionError("no answer to " + methodAndTarget + ", only: " + head);
                    }
                    head.append((char) b);
                }
                String[] lines = head.toString().split("\r\n");
                Map<String, String> headers = new HashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    String[] header = lines[i].split(":", 2);
                    headers.put(header[0].trim().toLowerCase(Locale.ROOT), header[1].trim());
                }
                byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                socket.setSoTimeout(2_000);
                boolean closed;
                try {
                    closed = in.read() < 0;
                } catch (SocketTimeoutException stillOpen) {
                    closed = false;
                }
                return new Response(
                        Integer.parseInt(lines[0].split(" ")[1]),
                        headers,
                        new String(body, StandardCharsets.UTF_8),
                        closed);
            }
        }
    }

    /** A WebSocket spoken byte by byte, for frames no well-behaved client library will send. */
    static final class RawSocket implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private RawSocket(Socket socket) throws Exception {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static RawSocket upgrade(int port, String token) throws Exception {
            return upgrade(port, token, 0, null);
        }

        /**
         * With {@code receiveBuffer} bytes of kernel buffer (0: the default), as a client at {@code forwardedFor}
         * behind a trusted proxy (null: none).
         */
        static RawSocket upgrade(int port, String token, int receiveBuffer, String forwardedFor) throws Exception {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
            RawSocket raw = new RawSocket(socket);
            raw.socket.setSoTimeout(10_000);
            raw.out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                            + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
                            + "Authorization: Bearer " + token + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            raw.out.flush();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = raw.in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            return raw;
        }

        /** One masked, final frame with the given opcode. */
        void frame(int opcode, byte[] payload) throws Exception {
            out.write(encode(opcode, payload));
            out.flush();
        }

        /** Text frames written with one call, so they reach the server together rather than one by one. */
        void texts(List<String> jsons) throws Exception {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (String json : jsons) {
                all.write(encode(0x1, json.getBytes(StandardCharsets.UTF_8)));
            }
            out.write(all.toByteArray());
            out.flush();
        }

        private static byte[] encode(int opcode, byte[] payload) {
            byte[] mask = {7, 1, 9, 3};
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x80 | opcode);
            if (payload.length < 126) {
                frame.write(0x80 | payload.length);
            } else {
                frame.write(0x80 | 126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length & 0xff);
            }
            frame.writeBytes(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i % 4]);
            }
            return frame.toByteArray();
        }

        private int[] header() throws Exception {
            int b0 = in.read();
            int len = in.read() & 0x7f;
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            } else if (len == 127) {
                long wide = 0;
                for (int i = 0; i < 8; i++) {
                    wide = (wide << 8) | in.read();
                }
                len = Math.toIntExact(wide);
            }
            return new int[] {b0 < 0 ? -1 : b0 & 0x0f, len};
        }

        /** The next text frame's payload, skipping pings. */
        String textFrame() throws Exception {
            while (true) {
                int[] h = header();
                byte[] payload = in.readNBytes(h[1]);
                if (h[0] == 0x1) {
                    return new String(payload, StandardCharsets.UTF_8);
                }
            }
        }

        void setTimeout(int millis) throws Exception {
            socket.setSoTimeout(millis);
        }

        /** The next text frame's payload, or null when none comes within the socket's timeout. */
        String textFrameOrNull() throws Exception {
            try {
                return textFrame();
            } catch (SocketTimeoutException quiet) {
                return null;
            }
        }

        /** The next text frame of the given type, skipping others. */
        JsonNode awaitType(String type) throws Exception {
            while (true) {
                JsonNode frame = WsClient.JSON.readTree(textFrame());
                if (type.equals(frame.path("type").asText())) {
                    return frame;
                }
            }
        }

        /** The code of the server's close frame. */
        int closeCode() throws Exception {
            return closeFrame(new ArrayList<>()).code();
        }

        /**
         * Reads to the server's close frame, adding the text frames before it to {@code texts}; code -1 when
         * the connection ended without one.
         */
        Close closeFrame(List<String> texts) throws Exception {
            while (true) {
                int[] h = header();
                if (h[0] < 0) {
                    return new Close(-1, "");
                }
                byte[] payload = in.readNBytes(h[1]);
                if (h[0] == 0x1) {
                    texts.add(new String(payload, StandardCharsets.UTF_8));
                } else if (h[0] == 0x8) {
                    return new Close(
                            ((payload[0] & 0xff) << 8) | (payload[1] & 0xff),
                            new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
                }
            }
        }

        record Close(int code, String reason) {}

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
