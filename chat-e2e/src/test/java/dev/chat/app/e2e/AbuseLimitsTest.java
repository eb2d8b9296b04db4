package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.ChatApplication;
import dev.chat.core.domain.Username;
import dev.chat.testsupport.WsClient;
import dev.chat.testsupport.openapi.ValidatingHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The second round of attacks (docs/security.md, "Round 2"), each on one server with the limits at their
 * defaults, while two bystanders in the same room keep talking. Clients at other addresses are simulated
 * through a trusted proxy: the server trusts loopback ({@code --trusted-proxies 127.0.0.1}) and each request
 * names its client in {@code X-Forwarded-For}, as a load balancer would.
 */
class AbuseLimitsTest extends AbuseSuite {

    private static final HttpClient HTTP = ValidatingHttpClient.wrap(
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());

    @Override
    List<String> suiteOptions() {
        return List.of("--admins", "root", "--trusted-proxies", "127.0.0.1");
    }

    // --- finding 2: free guests ---

    /** Before: each new guest brought a fresh allowance, and the three stored 60 messages in a burst. */
    @Test
    void guests_of_one_address_share_one_send_allowance_so_rotating_them_gains_nothing() throws Exception {
        restartWith("--guests", "true", "--rate-limit", "20");
        Api mallory = api.from("203.0.113.7");
        int acked = 0;
        for (int guest = 0; guest < 3; guest++) {
            WsClient socket = connect(
                    mallory.post("/api/guest", "{}", null).body().get("token").asText(), "203.0.113.7");
            socket.join("general");
            for (int i = 0; i < 20; i++) {
                socket.send(
                        "type",
                        "send",
                        "room",
                        "general",
                        "text",
                        "spam " + guest + "-" + i,
                        "clientId",
                        "g" + guest + "-" + i);
            }
            for (int i = 0; i < 20; i++) {
                JsonNode answer = socket.await(f -> "ack".equals(f.path("type").asText())
                        || ("error".equals(f.path("type").asText()) && f.has("ref")));
                if ("ack".equals(answer.path("type").asText())) {
                    acked++;
                }
            }
        }
        assertThat(acked).as("stored from one address's guests, at 20 per 10 s").isBetween(20, 24);

        WsClient elsewhere = connect(
                api.from("198.51.100.9")
                        .post("/api/guest", "{}", null)
                        .body()
                        .get("token")
                        .asText(),
                "198.51.100.9");
        elsewhere.join("general");
        elsewhere.send("type", "send", "room", "general", "text", "hello", "clientId", "other-1");
        assertThat(elsewhere.awaitType("ack").get("clientId").asText())
                .as("a guest elsewhere has its own")
                .isEqualTo("other-1");
        othersAreUnaffected();
    }

    // --- finding 3: growth by signed-in users and guests ---

    /** Before: registration had no limit at all; one client made accounts by the thousand per minute. */
    @Test
    void an_address_registers_at_most_ten_accounts_an_hour() {
        Api mallory = api.from("203.0.113.8");
        for (int i = 0; i < 10; i++) {
            assertThat(mallory.post("/api/register", Api.credentials("sock" + i, "sock-password"), null)
                            .status())
                    .as("account %d", i + 1)
                    .isEqualTo(201);
        }
        Api.Response refused = mallory.post("/api/register", Api.credentials("sock10", "sock-password"), null);
        assertThat(error(refused)).isEqualTo("429 throttled");
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(api.from("198.51.100.10")
                        .post("/api/register", Api.credentials("carol", "carol-password"), null)
                        .status())
                .as("someone at another address")
                .isEqualTo(201);
        othersAreUnaffected();
    }

    /** Before: a guest session per request, thousands a second. */
    @Test
    void an_address_starts_at_most_thirty_guest_sessions_an_hour() throws Exception {
        restartWith("--guests", "true");
        Api mallory = api.from("203.0.113.9");
        for (int i = 0; i < 30; i++) {
            assertThat(mallory.post("/api/guest", "{}", null).status())
                    .as("guest %d", i + 1)
                    .isEqualTo(200);
        }
        assertThat(error(mallory.post("/api/guest", "{}", null))).isEqualTo("429 throttled");
        assertThat(api.from("198.51.100.11").post("/api/guest", "{}", null).status())
                .isEqualTo(200);
        othersAreUnaffected();
    }

    /**
     * Before: an expired session stayed in the store for good (the core only refused it on read), so a flood of
     * guests filled the database. Expired sessions are deleted when the server starts and every ten minutes.
     */
    @Test
    void expired_sessions_are_deleted_from_the_store() throws Exception {
        Path dir = data.resolve("purged");
        stop();
        startWith(dir, "--guests", "true", "--session-idle", "2s", "--guests-per-address", "0");
        for (int i = 0; i < 25; i++) {
            api.post("/api/guest", "{}", null);
        }
        assertThat(sessionsStored(dir)).isGreaterThanOrEqualTo(25);
        Thread.sleep(2_500);
        stop();
        ChatApplication restarted = Servers.start(dir, "--guests", "true", "--session-idle", "2s");
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sessionsStored(dir) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(sessionsStored(dir))
                    .as("every session expired, every one deleted")
                    .isZero();
        } catch (AssertionError | Exception e) {
            restarted.close();
            throw e;
        }
        use(restarted, false);
        othersAreUnaffected();
    }

    private static int sessionsStored(Path dir) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("chat.db"));
                Statement statement = db.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM sessions")) {
            return count.next() ? count.getInt(1) : -1;
        }
    }

    /** Before: one account created rooms by the thousand and GET /api/rooms answered them all, megabytes of it. */
    @Test
    void an_account_creates_at_most_fifty_rooms_and_the_list_comes_a_hundred_at_a_time() {
        String mallory = api.signUp("mallory", "mallory-password");
        for (int i = 0; i < 50; i++) {
            assertThat(api.post("/api/rooms", "{\"name\":\"m-" + i + "\"}", mallory)
                            .status())
                    .isEqualTo(201);
        }
        Api.Response refused = api.post("/api/rooms", "{\"name\":\"m-50\"}", mallory);
        assertThat(error(refused)).isEqualTo("403 room_limit");
        String root = Servers.admin(app, "root", "root-password");
        for (int i = 0; i < 70; i++) {
            assertThat(api.post("/api/rooms", "{\"name\":\"r-" + i + "\"}", root)
                            .status())
                    .as("an admin is not limited")
                    .isEqualTo(201);
        }

        JsonNode first = api.get("/api/rooms", mallory).body();
        assertThat(first.get("rooms")).hasSize(100);
        assertThat(first.get("more").asBoolean()).isTrue();
        String last = first.get("rooms").get(99).get("name").asText();
        JsonNode second = api.get("/api/rooms?after=" + last, mallory).body();
        assertThat(second.get("rooms")).hasSize(21);
        assertThat(second.get("more").asBoolean()).isFalse();
        List<String> names = new ArrayList<>();
        first.get("rooms").forEach(r -> names.add(r.get("name").asText()));
        second.get("rooms").forEach(r -> names.add(r.get("name").asText()));
        assertThat(names).hasSize(121).doesNotHaveDuplicates().isSorted();
        othersAreUnaffected();
    }

    /** Before: one socket joined every room there was (tens of thousands), each a subscription and a hub. */
    @Test
    void one_connection_is_in_at_most_two_hundred_rooms_at_once() {
        String root = Servers.admin(app, "root", "root-password");
        for (int i = 0; i < 201; i++) {
            api.post("/api/rooms", "{\"name\":\"j-" + i + "\"}", root);
        }
        WsClient mallory = connect(api.signUp("mallory", "mallory-password"));
        for (int i = 0; i < 200; i++) {
            mallory.send("type", "join", "room", "j-" + i);
        }
        for (int i = 0; i < 200; i++) {
            mallory.awaitType("joined");
        }
        mallory.send("type", "join", "room", "j-200");
        JsonNode refused = mallory.awaitType("error");
        assertThat(refused.get("code").asText()).isEqualTo("too_many_rooms");
        assertThat(refused.get("room").asText()).isEqualTo("j-200");
        mallory.send("type", "leave", "room", "j-0");
        mallory.send("type", "join", "room", "j-200");
        assertThat(mallory.awaitType("joined").get("room").asText())
                .as("after leaving one")
                .isEqualTo("j-200");
        othersAreUnaffected();
    }

    // --- findings 4 and 6: guessing passwords ---

    /** Before: the throttle was per name, so one client tried a thousand name/password pairs a minute. */
    @Test
    void spraying_one_password_over_many_names_from_one_address_is_throttled() {
        Api mallory = api.from("203.0.113.12");
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            answers.add(error(mallory.post("/api/login", Api.credentials("name" + i, "Summer2026!"), null)));
        }
        assertThat(answers.subList(0, 20)).containsOnly("401 invalid_credentials");
        assertThat(answers.subList(20, 25)).containsOnly("429 throttled");
        assertThat(api.from("198.51.100.12")
                        .post("/api/login", Api.credentials("bruno", "bruno-password"), null)
                        .status())
                .as("bruno, elsewhere")
                .isEqualTo(200);
        othersAreUnaffected();
    }

    /**
     * Before: five wrong passwords from anywhere locked the account for everyone, for up to 15 minutes, renewably:
     * whoever knew alice's name could keep her out.
     */
    @Test
    void someone_who_knows_a_name_cannot_lock_its_owner_out() {
        assertThat(api.from("192.0.2.50")
                        .post("/api/login", Api.credentials("alice", "alice-password"), null)
                        .status())
                .as("alice at home, once before")
                .isEqualTo(200);
        Api mallory = api.from("203.0.113.13");
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(error(mallory.post("/api/login", Api.credentials("alice", "guess-" + i), null)));
        }
        assertThat(answers.subList(0, 5)).containsOnly("401 invalid_credentials");
        assertThat(answers.subList(5, 8)).as("the guesser waits").containsOnly("429 throttled");

        assertThat(api.from("192.0.2.50")
                        .post("/api/login", Api.credentials("alice", "alice-password"), null)
                        .status())
                .as("alice at home")
                .isEqualTo(200);
        assertThat(api.from("192.0.2.99")
                        .post("/api/login", Api.credentials("alice", "alice-password"), null)
                        .status())
                .as("alice somewhere new")
                .isEqualTo(200);
        othersAreUnaffected();
    }

    // --- finding 5: admins are accounts ---

    /** Before: whoever registered "root" first was an admin. */
    @Test
    void a_name_the_admin_list_holds_cannot_be_registered_and_only_an_operators_account_is_an_admin() throws Exception {
        assertThat(error(api.post("/api/register", Api.credentials("root", "root-password"), null)))
                .isEqualTo("409 name_taken");
        assertThat(error(api.post("/api/register", Api.credentials("ROOT", "root-password"), null)))
                .isEqualTo("409 name_taken");
        String root = Servers.admin(app, "root", "root-password");
        assertThat(api.get("/api/me", root).body().get("admin").asBoolean()).isTrue();

        api.signUp("dave", "dave-password");
        restartWithSameData("--admins", "root,dave");
        String dave = api.login("dave", "dave-password");
        assertThat(api.get("/api/me", dave).body().get("admin").asBoolean())
                .as("listed, but registered by anyone: not an admin")
                .isFalse();
        assertThat(error(api.get("/api/admin/users", dave))).isEqualTo("403 forbidden");
        app.core().operators().vouchFor(Username.of("dave"));
        assertThat(api.get("/api/me", api.login("dave", "dave-password"))
                        .body()
                        .get("admin")
                        .asBoolean())
                .as("once the operator vouched for the account")
                .isTrue();
        othersAreUnaffected();
    }

    private void restartWithSameData(String... extra) throws Exception {
        stop();
        List<String> args = new ArrayList<>(List.of("--trusted-proxies", "127.0.0.1"));
        args.addAll(List.of(extra));
        use(Servers.start(data, args.toArray(String[]::new)), false);
    }

    // --- finding 8: pipelined requests ---

    /** Before: each request was answered when its work finished, so /healthz overtook the slow sign-in. */
    @Test
    void pipelined_requests_are_answered_in_the_order_they_came() throws Exception {
        String body = Api.credentials("alice", "wrong-password");
        String pipelined = "POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body
                + "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                + "GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        List<Integer> statuses = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(pipelined.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 3; i++) {
                Map.Entry<Integer, String> response = readResponse(in);
                statuses.add(response.getKey());
                bodies.add(response.getValue());
            }
        }
        assertThat(statuses).containsExactly(401, 200, 401);
        assertThat(bodies.get(0)).contains("invalid_credentials");
        assertThat(bodies.get(1)).contains("\"status\":\"ok\"");
        assertThat(bodies.get(2)).contains("unauthorized");
        othersAreUnaffected();
    }

    private static Map.Entry<Integer, String> readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the connection ended after: " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        int status = Integer.parseInt(head.toString().split(" ")[1]);
        return Map.entry(status, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    // --- finding 10: origins, hosts, content types, proxies ---

    /** Before: the scheme was not compared, so an https page was taken for the http server's own. */
    @Test
    void an_origin_of_another_scheme_is_not_the_servers_own() throws Exception {
        String token = api.signUp("mallory", "mallory-password");
        String host = "127.0.0.1:" + app.port();
        assertThat(handshake(token, "https://" + host).statusCode()).isEqualTo(403);
        assertThat(post("/api/rooms", "{\"name\":\"x\"}", token, "https://" + host, "application/json")
                        .statusCode())
                .isEqualTo(403);
        WsClient ownOrigin = WsClient.connect(app.port(), token, "http://" + host);
        closesWithIt(ownOrigin);
        ownOrigin.join("general");
        othersAreUnaffected();
    }

    private HttpResponse<String> handshake(String token, String origin) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/ws"))
                        .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                        .header("Sec-WebSocket-Version", "13")
                        .header("Authorization", "Bearer " + token)
                        .header("Origin", origin)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Before: any Host was answered, so a page of a name rebound to 127.0.0.1 was same-origin with the chat. */
    @Test
    void a_host_name_the_server_does_not_answer_to_gets_421() throws Exception {
        AbuseTest.RawHttp.Response rebound = rawGet("/api/config", "rebind.evil.example:" + app.port());
        assertThat(rebound.status()).isEqualTo(421);
        assertThat(rebound.body()).contains("\"code\":\"unknown_host\"");
        assertThat(rawGet("/api/config", "localhost:" + app.port()).status()).isEqualTo(200);
        othersAreUnaffected();
    }

    private AbuseTest.RawHttp.Response rawGet(String path, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            Map.Entry<Integer, String> response = readResponse(socket.getInputStream());
            return new AbuseTest.RawHttp.Response(response.getKey(), Map.of(), response.getValue(), false);
        }
    }

    /** Before: a cross-site form (or a text/plain fetch, which needs no preflight) posted with the cookie. */
    @Test
    void a_request_that_changes_something_with_the_session_cookie_must_be_json() throws Exception {
        String token = api.signUp("mallory", "mallory-password");
        String cookie = "chat_session=" + token;
        assertThat(withCookie("/api/rooms", "{\"name\":\"csrf-1\"}", cookie, "text/plain")
                        .statusCode())
                .isEqualTo(415);
        assertThat(withCookie("/api/rooms", "name=csrf-2", cookie, "application/x-www-form-urlencoded")
                        .statusCode())
                .isEqualTo(415);
        HttpResponse<String> json =
                withCookie("/api/rooms", "{\"name\":\"csrf-3\"}", cookie, "application/json; charset=utf-8");
        assertThat(json.statusCode()).isEqualTo(201);
        assertThat(api.get("/api/rooms", token).body().get("rooms"))
                .extracting(r -> r.get("name").asText())
                .containsExactly("csrf-3", "general");
        othersAreUnaffected();
    }

    private HttpResponse<String> withCookie(String path, String body, String cookie, String type) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                        .header("Cookie", cookie)
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String token, String origin, String type)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Origin", origin)
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Before: "https, http" (two proxies) was not "https", so the cookie lost Secure behind TLS. */
    @Test
    void the_cookie_is_secure_when_the_first_proxy_says_the_client_came_over_https() throws Exception {
        HttpResponse<String> login = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/login"))
                        .header("X-Forwarded-Proto", "https, http")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Api.credentials("alice", "alice-password")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");
        othersAreUnaffected();
    }

    // --- finding 11: text that renders deceptively ---

    /** Before: a message of zero-width characters was stored and shown as an empty line under someone's name. */
    @Test
    void text_with_nothing_a_reader_can_see_is_refused_and_direction_controls_are_kept_for_display_to_handle() {
        String token = api.signUp("mallory", "mallory-password");
        WsClient mallory = connect(token);
        mallory.join("general");
        for (String invisible :
                List.of("\u200B\u200D\u2060", "\uFEFF \u180E", "\u3164\u3164", "\u2800", "\u202E\u200F")) {
            mallory.send("type", "send", "room", "general", "text", invisible, "clientId", "i" + invisible.length());
            JsonNode refused = mallory.await(f -> "error".equals(f.path("type").asText()));
            assertThat(refused.get("code").asText())
                    .as(
                            "%s",
                            invisible
                                    .codePoints()
                                    .mapToObj(Integer::toHexString)
                                    .toList())
                    .isEqualTo("invalid_text");
        }
        assertThat(error(api.post("/api/rooms", "{\"name\":\"blank\",\"topic\":\"\u200B\u200B\"}", token)))
                .isEqualTo("400 invalid_topic");
        mallory.send("type", "send", "room", "general", "text", "invoice\u202Efdp.exe", "clientId", "bidi");
        assertThat(mallory.awaitType("ack").get("clientId").asText())
                .as("stored; shown isolated and marked")
                .isEqualTo("bidi");
        othersAreUnaffected();
    }

    // --- finding 12: invalid UTF-8 in a body ---

    /** Before: the bytes became U+FFFD without a word, and the room was created with a topic nobody wrote. */
    @Test
    void a_body_that_is_not_utf8_is_refused_with_400() throws Exception {
        String token = api.signUp("mallory", "mallory-password");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"name\":\"broken\",\"topic\":\"caf".getBytes(StandardCharsets.US_ASCII));
        body.write(0xC3);
        body.write(0x28);
        body.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> refused = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/rooms"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"code\":\"bad_request\"").contains("not valid UTF-8");
        assertThat(api.get("/api/rooms/broken/messages", token).status())
                .as("nothing created")
                .isEqualTo(404);
        othersAreUnaffected();
    }

    // --- finding 13: listening on every interface ---

    /**
     * Before: a chat started with no options listened on every interface, so a laptop's chat was reachable from
     * its network. Now the default is loopback; this machine's own network address finds no one listening.
     */
    @Test
    void a_server_started_without_host_listens_on_loopback_only() throws Exception {
        stop();
        use(
                ChatApplication.start(dev.chat.app.Config.load(
                        new String[] {
                            "--port",
                            "0",
                            "--data-dir",
                            data.resolve("default-host").toString()
                        },
                        Map.of())),
                true);

        assertThat(app.address().getAddress().isLoopbackAddress())
                .as("bound to " + app.address())
                .isTrue();
        Optional<InetAddress> network = networkAddress();
        if (network.isPresent()) {
            try (Socket socket = new Socket()) {
                Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                        () -> socket.connect(new InetSocketAddress(network.get(), app.port()), 2_000));
                assertThat(refused)
                        .as("connecting to %s:%d", network.get(), app.port())
                        .isNotNull();
            }
        }
        othersAreUnaffected();
    }

    private static Optional<InetAddress> networkAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }

    // --- finding 9, the rest: sessions that end everywhere ---

    /** Before: there was no way to change a password; a stolen session lived on whatever the owner did. */
    @Test
    void a_password_change_closes_the_other_sessions_sockets_and_keeps_this_one() throws Exception {
        String here = api.signUp("mallory", "mallory-password");
        String there = api.login("mallory", "mallory-password");
        WsClient thisTab = connect(here);
        WsClient otherTab = connect(there);
        thisTab.join("general");
        otherTab.join("general");

        assertThat(error(api.post(
                        "/api/password",
                        "{\"currentPassword\":\"wrong-password\",\"newPassword\":" + "\"new-mallory-password\"}",
                        here)))
                .isEqualTo("403 wrong_password");
        assertThat(api.post(
                                "/api/password",
                                "{\"currentPassword\":\"mallory-password\",\"newPassword\":"
                                        + "\"new-mallory-password\"}",
                                here)
                        .status())
                .isEqualTo(204);

        assertThat(otherTab.awaitClose()).isEqualTo(4401);
        assertThat(api.get("/api/me", there).status()).isEqualTo(401);
        assertThat(api.get("/api/me", here).status())
                .as("the session that changed it")
                .isEqualTo(200);
        assertThat(thisTab.closeCode).isNotDone();
        assertThat(api.post("/api/login", Api.credentials("mallory", "mallory-password"), null)
                        .status())
                .isEqualTo(401);
        assertThat(api.post("/api/login", Api.credentials("mallory", "new-mallory-password"), null)
                        .status())
                .isEqualTo(200);
        othersAreUnaffected();
    }

    @Test
    void an_admins_reset_link_sets_a_new_password_once_and_ends_every_session() {
        String root = Servers.admin(app, "root", "root-password");
        String dave = api.signUp("dave", "dave-password");
        WsClient daveTab = connect(dave);
        daveTab.join("general");

        JsonNode reset = api.post("/api/admin/users/dave/reset", "{}", root).body();
        String token = reset.get("token").asText();
        assertThat(reset.get("link").asText()).endsWith("/#reset=" + token);
        assertThat(error(api.post("/api/admin/users/dave/reset", "{}", dave))).isEqualTo("403 forbidden");

        String body = WsClient.JSON
                .createObjectNode()
                .put("token", token)
                .put("password", "fresh-dave-password")
                .toString();
        assertThat(api.post("/api/password/reset", body, null)
                        .body()
                        .get("username")
                        .asText())
                .isEqualTo("dave");
        assertThat(daveTab.awaitClose()).isEqualTo(4401);
        assertThat(error(api.post("/api/password/reset", body, null)))
                .as("used once")
                .isEqualTo("400 invalid_token");
        assertThat(api.post("/api/login", Api.credentials("dave", "fresh-dave-password"), null)
                        .status())
                .isEqualTo(200);
        othersAreUnaffected();
    }
}
