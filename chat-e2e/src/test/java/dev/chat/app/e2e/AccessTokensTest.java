package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.ChatApplication;
import dev.chat.testsupport.RedisServer;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access tokens as a CI job or a bot uses them, through real sockets: a bearer token limited to one room reads and
 * posts there and finds no other room, over HTTP and the WebSocket; a read-only one posts nothing; a bot made by an
 * admin posts with its token; and revoking a token closes its WebSockets on both of two nodes at once.
 */
class AccessTokensTest {

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

    private static JsonNode makeToken(Api api, String token, String json) {
        Api.Response made = api.post("/api/tokens", json, token);
        assertThat(made.status()).as("%s", made.body()).isEqualTo(201);
        assertThat(made.body().get("token").asText()).startsWith("chat_");
        return made.body();
    }

    private static String code(Api.Response response) {
        return response.body().path("error").path("code").asText();
    }

    @Test
    void a_token_limited_to_one_room_reads_it_and_finds_no_other_room_over_http_and_the_websocket() {
        ChatApplication app = keep(Servers.start(dir, "--rate-limit", "0"));
        Api api = new Api(app.port());
        String bob = api.signUp("bob", "bob-password");
        assertThat(api.post("/api/rooms", "{\"name\": \"ops\"}", bob).status()).isEqualTo(201);
        assertThat(api.post("/api/rooms", "{\"name\": \"secret\", \"visibility\": \"private\"}", bob)
                        .status())
                .isEqualTo(201);
        String token = makeToken(api, bob, "{\"name\": \"deploys\", \"rooms\": [\"ops\"]}")
                .get("token")
                .asText();

        assertThat(api.get("/api/rooms/ops/messages", token).status()).isEqualTo(200);
        for (String elsewhere : List.of("general", "secret", "nowhere")) {
            Api.Response refused = api.get("/api/rooms/" + elsewhere + "/messages", token);
            assertThat(refused.status()).as(elsewhere).isEqualTo(404);
            assertThat(code(refused)).as(elsewhere).isEqualTo("no_such_room");
            assertThat(refused.body().path("error").path("message").asText())
                    .as("answered exactly as a room that does not exist")
                    .isEqualTo(api.get("/api/rooms/nowhere/messages", bob)
                            .body()
                            .path("error")
                            .path("message")
                            .asText()
                            .replace("nowhere", elsewhere));
        }
        List<String> listed = new ArrayList<>();
        api.get("/api/rooms", token)
                .body()
                .get("rooms")
                .forEach(r -> listed.add(r.get("name").asText()));
        assertThat(listed).containsExactly("ops");

        WsClient ws = keep(WsClient.connect(app.port(), token));
        ws.join("ops");
        ws.send("type", "send", "room", "ops", "text", "deployed 1.2.3", "clientId", "d1");
        assertThat(ws.await(f -> "ack".equals(f.path("type").asText()))
                        .get("id")
                        .asLong())
                .isEqualTo(1);
        ws.send("type", "join", "room", "general");
        JsonNode error = ws.await(f -> "error".equals(f.path("type").asText()));
        assertThat(error.get("code").asText()).isEqualTo("no_such_room");
        assertThat(api.get("/api/rooms/ops/messages", bob)
                        .body()
                        .get("messages")
                        .get(0)
                        .get("text")
                        .asText())
                .isEqualTo("deployed 1.2.3");
    }

    @Test
    void a_read_only_token_reads_and_posts_nothing_and_a_token_makes_no_tokens() {
        ChatApplication app = keep(Servers.start(dir, "--rate-limit", "0"));
        Api api = new Api(app.port());
        String bob = api.signUp("bob", "bob-password");
        String reader = makeToken(api, bob, "{\"name\": \"dashboard\", \"scope\": \"read\"}")
                .get("token")
                .asText();

        assertThat(api.get("/api/rooms/general/messages", reader).status()).isEqualTo(200);
        Api.Response refused = api.post("/api/rooms", "{\"name\": \"mine\"}", reader);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(code(refused)).isEqualTo("forbidden");
        WsClient ws = keep(WsClient.connect(app.port(), reader));
        ws.join("general");
        ws.send("type", "send", "room", "general", "text", "hi", "clientId", "r1");
        assertThat(ws.await(f -> "error".equals(f.path("type").asText()))
                        .get("code")
                        .asText())
                .isEqualTo("forbidden");
        assertThat(api.get("/api/rooms/general/messages", bob).body().get("messages"))
                .isEmpty();

        Api.Response minted = api.post("/api/tokens", "{\"name\": \"more\"}", reader);
        assertThat(minted.status()).isEqualTo(403);
        JsonNode listed = api.get("/api/tokens", bob).body().get("tokens");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("scope").asText()).isEqualTo("read");
        assertThat(listed.get(0).has("token")).as("a list never shows a secret").isFalse();
        assertThat(listed.get(0).get("lastUsedAt").isTextual())
                .as("its use was recorded")
                .isTrue();
    }

    @Test
    void an_admin_makes_a_bot_whose_token_posts_as_the_bot() {
        ChatApplication app = keep(Servers.start(dir, "--rate-limit", "0", "--admins", "ana"));
        Api api = new Api(app.port());
        String ana = Servers.admin(app, "ana", "ana-password");
        assertThat(api.post("/api/admin/bots", "{\"username\": \"deploy-bot\"}", ana)
                        .status())
                .isEqualTo(201);
        JsonNode made = api.post("/api/admin/bots/deploy-bot/tokens", "{\"name\": \"ci\"}", ana)
                .body();
        String bot = made.get("token").asText();
        assertThat(made.get("owner").asText()).isEqualTo("deploy-bot");

        WsClient ws = keep(WsClient.connect(app.port(), bot));
        ws.join("general");
        ws.send("type", "send", "room", "general", "text", "build 42 is green", "clientId", "b1");
        ws.await(f -> "ack".equals(f.path("type").asText()));

        JsonNode message = api.get("/api/rooms/general/messages", ana)
                .body()
                .get("messages")
                .get(0);
        assertThat(message.get("user").asText()).isEqualTo("deploy-bot");
        assertThat(message.get("bot").asBoolean()).as("marked as a bot's").isTrue();
        JsonNode users = api.get("/api/admin/users", ana).body().get("users");
        List<String> bots = new ArrayList<>();
        users.forEach(u -> {
            if (u.get("bot").asBoolean()) {
                bots.add(u.get("username").asText());
            }
        });
        assertThat(bots).containsExactly("deploy-bot");
        assertThat(api.post("/api/login", Api.credentials("deploy-bot", "any-password-at-all"), null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void revoking_a_token_closes_its_websockets_on_both_of_two_nodes() throws Exception {
        RedisServer redis = keep(RedisServer.start());
        Servers.Storage storage = Servers.Storage.sqlite(dir);
        ChatApplication one = keep(storage.start("--rate-limit", "0", "--redis-url", redis.url()));
        ChatApplication two = keep(storage.start("--rate-limit", "0", "--redis-url", redis.url()));
        Api api = new Api(one.port());
        String bob = api.signUp("bob", "bob-password");
        JsonNode made = makeToken(api, bob, "{\"name\": \"bot\"}");
        String token = made.get("token").asText();
        WsClient onOne = keep(WsClient.connect(one.port(), token));
        onOne.join("general");
        WsClient onTwo = keep(WsClient.connect(two.port(), token));
        onTwo.join("general");
        WsClient bobsOwn = keep(WsClient.connect(two.port(), bob));
        bobsOwn.join("general");

        Api.Response revoked = new Api(two.port())
                .request("DELETE", "/api/tokens/" + made.get("id").asText(), null, bob);

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(onOne.closeCode.get(5, TimeUnit.SECONDS)).as("node one").isEqualTo(4401);
        assertThat(onTwo.closeCode.get(5, TimeUnit.SECONDS)).as("node two").isEqualTo(4401);
        assertThat(api.get("/api/me", token).status()).isEqualTo(401);
        assertThat(new Api(two.port()).get("/api/me", token).status()).isEqualTo(401);
        // The person's own session is not the token's: it stays.
        bobsOwn.send("type", "send", "room", "general", "text", "still here", "clientId", "s1");
        bobsOwn.await(Duration.ofSeconds(5), f -> "ack".equals(f.path("type").asText()));
    }
}
