package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.ChatApplication;
import dev.chat.testsupport.RedisServer;
import dev.chat.testsupport.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server keeps what a user has read: reading on one connection updates the counts on their other connection at
 * once, on another node (two nodes sharing DynamoDB and Redis), and a mention reaches every connection of the user.
 */
class ReadStateAcrossNodesTest {

    /** The bound: the other connection shows the new counts within a second. */
    private static final Duration WITHIN = Duration.ofSeconds(1);

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

    private static JsonNode general(Api api, String token) {
        for (JsonNode room : api.get("/api/rooms", token).body().get("rooms")) {
            if (room.get("name").asText().equals("general")) {
                return room;
            }
        }
        throw new AssertionError("no general in the room list");
    }

    @Test
    void reading_on_one_node_updates_the_other_connection_on_the_other_node_within_a_second() {
        RedisServer redis = keep(RedisServer.start());
        Servers.Storage storage = Servers.Storage.dynamo();
        ChatApplication one = keep(storage.start("--rate-limit", "0", "--redis-url", redis.url()));
        ChatApplication two = keep(storage.start("--rate-limit", "0", "--redis-url", redis.url()));
        Api api = new Api(one.port());
        String bobToken = api.signUp("bob", "bob-password");
        WsClient ana = keep(WsClient.connect(one.port(), api.signUp("ana", "ana-password")));
        ana.join("general");
        WsClient laptop = keep(WsClient.connect(one.port(), bobToken));
        laptop.join("general");
        WsClient phone = keep(WsClient.connect(two.port(), bobToken));
        // The phone has no room open: what it is told is the user's, not a room's.
        long last = 0;
        for (int i = 1; i <= 3; i++) {
            String clientId = "a" + i;
            String text = i == 3 ? "@bob have a look" : "message " + i;
            ana.send("type", "send", "room", "general", "text", text, "clientId", clientId);
            last = ana.await(f -> "ack".equals(f.path("type").asText())
                            && clientId.equals(f.path("clientId").asText()))
                    .get("id")
                    .asLong();
        }
        long newest = last;
        laptop.await(
                f -> "message".equals(f.path("type").asText()) && f.path("id").asLong() == newest);
        JsonNode mention = phone.await(f -> "mention".equals(f.path("type").asText()));
        assertThat(mention.get("id").asLong())
                .as("the mention reached the phone on the other node")
                .isEqualTo(newest);
        assertThat(mention.path("message").path("text").asText()).isEqualTo("@bob have a look");
        JsonNode before = general(new Api(two.port()), bobToken);
        assertThat(before.get("unread").asInt()).isEqualTo(3);
        assertThat(before.get("mentions").asInt()).isEqualTo(1);

        long sent = System.nanoTime();
        laptop.send("type", "read", "room", "general", "id", newest);
        JsonNode state =
                phone.await(WITHIN, f -> "read_state".equals(f.path("type").asText()));
        Duration took = Duration.ofNanos(System.nanoTime() - sent);

        assertThat(state.get("room").asText()).isEqualTo("general");
        assertThat(state.get("unread").asInt()).isZero();
        assertThat(state.get("mentions").asInt()).isZero();
        assertThat(state.get("readUpTo").asLong()).isEqualTo(newest);
        System.out.println("read_state reached the other node's connection in " + took.toMillis() + " ms");
        JsonNode after = general(new Api(two.port()), bobToken);
        assertThat(after.get("unread").asInt()).isZero();
        assertThat(after.get("readUpTo").asLong()).isEqualTo(newest);
    }
}
