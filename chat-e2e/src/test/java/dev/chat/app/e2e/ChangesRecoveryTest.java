package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.ChatApplication;
import dev.chat.app.Config;
import dev.chat.testsupport.RedisServer;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client written from docs/protocol.md alone goes away while others edit, delete and react to messages old and new,
 * and comes back with its position: it ends with exactly the store's view, every change once — on the embedded
 * default (SQLite, one node), and on two nodes that share DynamoDB (dynalite) and Redis, coming back on the other one.
 */
class ChangesRecoveryTest {

    private static final Duration QUIET = Duration.ofMillis(700);

    @TempDir
    Path data;

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

    @Test
    void on_sqlite_a_reader_that_was_away_comes_back_to_the_store_s_view() {
        ChatApplication app =
                keep(Servers.Storage.fresh(Config.Store.SQLITE, data).start("--rate-limit", "0"));
        awayAndBack(app, app);
    }

    @Test
    void on_two_nodes_with_dynamodb_and_redis_a_reader_comes_back_on_the_other_node_to_the_store_s_view() {
        RedisServer redis = keep(RedisServer.start());
        Servers.Storage storage = Servers.Storage.dynamo();
        ChatApplication one = keep(storage.start("--rate-limit", "0", "--redis-url", redis.url()));
        ChatApplication two = keep(storage.start("--rate-limit", "0", "--redis-url", redis.url()));
        awayAndBack(one, two);
    }

    private static long post(WsClient who, String text, String clientId, Long replyTo) {
        if (replyTo == null) {
            who.send("type", "send", "room", "general", "text", text, "clientId", clientId);
        } else {
            who.send("type", "send", "room", "general", "text", text, "clientId", clientId, "replyTo", replyTo);
        }
        return who.await(f -> "ack".equals(f.path("type").asText())
                        && clientId.equals(f.path("clientId").asText()))
                .get("id")
                .asLong();
    }

    /** Waits until {@code who} sees the change it made (a frame of that type for that id). */
    private static void change(WsClient who, String type, long id, Object... frame) {
        who.send(frame);
        who.await(f -> type.equals(f.path("type").asText()) && f.path("id").asLong() == id);
    }

    private void awayAndBack(ChatApplication first, ChatApplication second) {
        Api api = new Api(first.port());
        String carolToken = api.signUp("carol", "carol-password");
        WsClient ana = keep(WsClient.connect(first.port(), api.signUp("ana", "ana-password")));
        ana.join("general");
        WsClient bob = keep(WsClient.connect(second.port(), new Api(second.port()).signUp("bob", "bob-password")));
        bob.join("general");
        WsClient carol = WsClient.connect(first.port(), carolToken);
        carol.join("general");

        long[] m = new long[7];
        for (int i = 1; i <= 6; i++) {
            m[i] = post(ana, "message " + i, "a" + i, null);
        }
        carol.send("type", "react", "room", "general", "id", m[6], "emoji", "🎉");
        ProtocolView view = new ProtocolView();
        long sixth = m[6];
        JsonNode frame;
        do {
            frame = carol.next(Duration.ofSeconds(10));
            assertThat(frame).as("carol's frames until her reaction comes back").isNotNull();
            view.apply(frame);
        } while (!("reactions".equals(frame.path("type").asText())
                && frame.path("id").asLong() == sixth));
        assertThat(view.messages()).as("before going away").hasSize(6);
        carol.abort();

        change(ana, "edited", m[1], "type", "edit", "room", "general", "id", m[1], "text", "message 1, fixed");
        change(
                ana,
                "edited",
                m[1],
                "type",
                "edit",
                "room",
                "general",
                "id",
                m[1],
                "text",
                "message **1**, fixed twice");
        change(bob, "reactions", m[2], "type", "react", "room", "general", "id", m[2], "emoji", "👍");
        change(ana, "reactions", m[2], "type", "react", "room", "general", "id", m[2], "emoji", "👍");
        change(bob, "reactions", m[2], "type", "react", "room", "general", "id", m[2], "emoji", "👍", "remove", true);
        change(ana, "deleted", m[3], "type", "delete", "room", "general", "id", m[3]);
        long reply = post(bob, "a reply", "b1", m[4]);
        change(bob, "edited", reply, "type", "edit", "room", "general", "id", reply, "text", "a reply, fixed");
        change(ana, "reactions", reply, "type", "react", "room", "general", "id", reply, "emoji", "👩🏽‍💻");
        change(ana, "deleted", m[5], "type", "delete", "room", "general", "id", m[5]);
        long gone = post(bob, "said and unsaid", "b2", null);
        change(bob, "deleted", gone, "type", "delete", "room", "general", "id", gone);
        // An older message edited, then reacted to: its latest change, a reaction, must bring the edit too.
        change(ana, "edited", m[6], "type", "edit", "room", "general", "id", m[6], "text", "message 6, fixed");
        change(bob, "reactions", m[6], "type", "react", "room", "general", "id", m[6], "emoji", "🎉");
        long last = post(bob, "the newest", "b3", null);

        WsClient back = keep(WsClient.connect(second.port(), carolToken));
        back.send("type", "join", "room", "general", "after", view.position());
        JsonNode joined = back.awaitType("joined");
        List<JsonNode> replay = back.drain(QUIET);
        view.applyAll(replay);

        Api onSecond = new Api(second.port());
        assertThat(view.messages())
                .as("carol's view after coming back, against the store's")
                .containsExactlyElementsOf(ProtocolView.ofStore(onSecond, carolToken, "general"));
        assertThat(view.changesReceived())
                .as("each change carol missed once")
                .doesNotHaveDuplicates()
                .hasSize(new HashSet<>(view.changesReceived()).size());
        assertThat(joined.get("recovered").asInt())
                .isEqualTo(replay.stream()
                        .filter(f -> List.of("message", "edited", "deleted", "reactions")
                                .contains(f.path("type").asText()))
                        .count());
        assertThat(view.position()).isGreaterThanOrEqualTo(last);
        assertThat(ProtocolView.ofStore(onSecond, carolToken, "general"))
                .as("the store: 1 edited twice, 2 without reactions, 3 and 5 deleted, the reply edited and reacted to")
                .hasSize(6)
                .anySatisfy(s ->
                        assertThat(s).contains("message **1**, fixed twice").contains("\"edited\""))
                .anySatisfy(s -> assertThat(s).contains("a reply, fixed").contains("\"replyTo\":" + m[4]))
                .anySatisfy(s -> assertThat(s)
                        .contains("message 6, fixed")
                        .contains("🎉")
                        .contains("\"count\":2"));
    }
}
