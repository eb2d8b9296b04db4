package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.ChatApplication;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two people chatting through a real server, real sockets and a real SQLite file. */
class ChattingTest {

    @TempDir
    Path data;

    private ChatApplication app;
    private Api api;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        app = Servers.start(data, "--rate-limit", "0");
        api = new Api(app.port());
    }

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        app.close();
    }

    private WsClient connect(String token) {
        WsClient client = WsClient.connect(app.port(), token);
        clients.add(client);
        return client;
    }

    @Test
    void two_users_exchange_messages_and_see_each_others_typing_and_presence() {
        WsClient ana = connect(api.signUp("ana", "ana-password"));
        ana.join("general");
        WsClient bob = connect(api.signUp("bob", "bob-password"));
        bob.send("type", "join", "room", "general");
        JsonNode joined = bob.awaitType("joined");
        assertThat(joined.get("online")).extracting(JsonNode::asText).containsExactly("ana", "bob");

        JsonNode presence = ana.awaitType("presence");
        assertThat(presence.get("user").asText()).isEqualTo("bob");
        assertThat(presence.get("state").asText()).isEqualTo("online");

        bob.send("type", "typing", "room", "general");
        JsonNode typing = ana.awaitType("typing");
        assertThat(typing.get("user").asText()).isEqualTo("bob");
        assertThat(typing.has("stop")).isFalse();

        bob.send("type", "send", "room", "general", "text", "hi ana", "clientId", "b-1");
        JsonNode ack = bob.awaitType("ack");
        assertThat(ack.get("clientId").asText()).isEqualTo("b-1");
        JsonNode stopped = ana.awaitType("typing");
        assertThat(stopped.get("stop").asBoolean())
                .as("sending ends the typing indicator")
                .isTrue();
        JsonNode message = ana.awaitType("message");
        assertThat(message.get("user").asText()).isEqualTo("bob");
        assertThat(message.get("text").asText()).isEqualTo("hi ana");
        assertThat(message.get("id").asLong()).isEqualTo(ack.get("id").asLong());

        ana.send("type", "send", "room", "general", "text", "hello bob", "clientId", "a-1");
        assertThat(bob.await(f -> "message".equals(f.path("type").asText())
                                && "ana".equals(f.path("user").asText()))
                        .get("text")
                        .asText())
                .isEqualTo("hello bob");

        bob.close();
        JsonNode gone = ana.await(f -> "presence".equals(f.path("type").asText())
                && "offline".equals(f.path("state").asText()));
        assertThat(gone.get("user").asText()).isEqualTo("bob");
    }

    @Test
    void two_tabs_of_one_user_are_one_person_online() {
        String token = api.signUp("ana", "ana-password");
        WsClient tab1 = connect(token);
        tab1.join("general");
        WsClient tab2 = connect(token);
        tab2.send("type", "join", "room", "general");
        assertThat(tab2.awaitType("joined").get("online"))
                .extracting(JsonNode::asText)
                .containsExactly("ana");
        JsonNode rooms = api.get("/api/rooms", token).body();
        assertThat(rooms.get("rooms").get(0).get("online").asInt()).isEqualTo(1);
    }

    @Test
    void typing_indicator_clears_by_itself() {
        WsClient ana = connect(api.signUp("ana", "ana-password"));
        ana.join("general");
        WsClient bob = connect(api.signUp("bob", "bob-password"));
        bob.join("general");
        bob.send("type", "typing", "room", "general");
        ana.awaitType("typing");
        long started = System.nanoTime();
        JsonNode stop = ana.awaitType("typing");
        assertThat(stop.get("stop").asBoolean()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isBetween(Duration.ofSeconds(4), Duration.ofSeconds(9));
    }

    @Test
    void resend_with_the_same_client_id_stores_once() {
        String token = api.signUp("ana", "ana-password");
        WsClient ana = connect(token);
        ana.join("general");
        ana.send("type", "send", "room", "general", "text", "only once", "clientId", "c-42");
        JsonNode first = ana.awaitType("ack");
        ana.abort();

        WsClient again = connect(token);
        again.join("general");
        again.send("type", "send", "room", "general", "text", "only once", "clientId", "c-42");
        JsonNode second = again.awaitType("ack");

        assertThat(second.get("id").asLong()).isEqualTo(first.get("id").asLong());
        assertThat(second.get("ts").asText()).isEqualTo(first.get("ts").asText());
        JsonNode history = api.get("/api/rooms/general/messages", token).body();
        assertThat(history.get("messages")).hasSize(1);
        assertThat(again.drain(Duration.ofMillis(300)))
                .as("a resend is not fanned out again")
                .noneMatch(f -> "message".equals(f.path("type").asText()));
    }

    @Test
    void history_pages_newest_first_with_a_before_cursor() {
        String token = api.signUp("ana", "ana-password");
        WsClient ana = connect(token);
        ana.join("general");
        for (int i = 1; i <= 5; i++) {
            ana.send("type", "send", "room", "general", "text", "m" + i, "clientId", "c" + i);
            ana.awaitType("ack");
        }
        JsonNode page = api.get("/api/rooms/general/messages?limit=2", token).body();
        assertThat(page.get("messages")).extracting(m -> m.get("text").asText()).containsExactly("m5", "m4");
        assertThat(page.get("more").asBoolean()).isTrue();
        long oldest = page.get("messages").get(1).get("id").asLong();
        ana.send("type", "history", "room", "general", "before", oldest, "limit", 10);
        JsonNode rest = ana.awaitType("history");
        assertThat(rest.get("messages")).extracting(m -> m.get("text").asText()).containsExactly("m3", "m2", "m1");
        assertThat(rest.get("more").asBoolean()).isFalse();
    }

    @Test
    void signing_out_closes_that_sessions_sockets() {
        String token = api.signUp("ana", "ana-password");
        WsClient ana = connect(token);
        ana.join("general");
        assertThat(api.post("/api/logout", "", token).status()).isEqualTo(204);
        assertThat(ana.awaitClose()).isEqualTo(4401);
        assertThat(api.get("/api/me", token).status()).isEqualTo(401);
    }

    @Test
    void session_survives_a_server_restart() {
        String token = api.signUp("ana", "ana-password");
        app.close();
        app = Servers.start(data, "--rate-limit", "0");
        api = new Api(app.port());
        Api.Response me = api.get("/api/me", token);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("username").asText()).isEqualTo("ana");
    }

    @Test
    void server_shutdown_closes_sockets_with_1001() {
        WsClient ana = connect(api.signUp("ana", "ana-password"));
        ana.join("general");
        app.close();
        assertThat(ana.awaitClose()).isEqualTo(1001);
        app = Servers.start(data, "--rate-limit", "0");
    }
}
