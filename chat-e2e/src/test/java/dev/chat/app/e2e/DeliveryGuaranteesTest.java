package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.ChatApplication;
import dev.chat.app.Config;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Recovery after a disconnect: every missed message once, in order, before live ones — also across nodes.
 * Every test runs on each store.
 */
@Tag("alone") // measures time or runs server processes: not beside another test (chat-e2e-alone/pom.xml)
class DeliveryGuaranteesTest {

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

    private static List<JsonNode> messages(List<JsonNode> frames) {
        return frames.stream()
                .filter(f -> "message".equals(f.path("type").asText()))
                .toList();
    }

    private static void post(WsClient client, String text, String clientId) {
        client.send("type", "send", "room", "general", "text", text, "clientId", clientId);
        client.await(f -> "ack".equals(f.path("type").asText())
                && clientId.equals(f.path("clientId").asText()));
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Config.Store.class)
    void reconnecting_client_receives_what_it_missed_exactly_once_in_order_before_live_ones(Config.Store store) {
        ChatApplication app = keep(Servers.Storage.fresh(store, data).start("--rate-limit", "0"));
        Api api = new Api(app.port());
        String anaToken = api.signUp("ana", "ana-password");
        WsClient bob = keep(WsClient.connect(app.port(), api.signUp("bob", "bob-password")));
        bob.join("general");
        WsClient ana = WsClient.connect(app.port(), anaToken);
        ana.join("general");
        post(bob, "before 1", "b1");
        post(bob, "before 2", "b2");
        long lastSeen = ana.await(f -> "before 2".equals(f.path("text").asText()))
                .get("id")
                .asLong();
        ana.abort();

        for (int i = 1; i <= 5; i++) {
            post(bob, "missed " + i, "m" + i);
        }
        WsClient back = keep(WsClient.connect(app.port(), anaToken));
        back.send("type", "join", "room", "general", "after", lastSeen);
        assertThat(back.awaitType("joined").get("recovered").asInt()).isEqualTo(5);
        post(bob, "live", "live");

        List<JsonNode> frames = back.drain(Duration.ofMillis(500));
        assertThat(messages(frames))
                .extracting(m -> m.get("text").asText())
                .containsExactly("missed 1", "missed 2", "missed 3", "missed 4", "missed 5", "live");
        assertThat(messages(frames))
                .extracting(m -> m.get("id").asLong())
                .containsExactly(lastSeen + 1, lastSeen + 2, lastSeen + 3, lastSeen + 4, lastSeen + 5, lastSeen + 6);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Config.Store.class)
    void a_client_that_missed_more_than_the_limit_is_told_so_and_pages_history(Config.Store store) {
        ChatApplication app = keep(Servers.Storage.fresh(store, data).start("--rate-limit", "0"));
        Api api = new Api(app.port());
        String anaToken = api.signUp("ana", "ana-password");
        WsClient bob = keep(WsClient.connect(app.port(), api.signUp("bob", "bob-password")));
        bob.join("general");
        for (int i = 1; i <= 501; i++) {
            bob.send("type", "send", "room", "general", "text", "m" + i, "clientId", "c" + i);
            if (i % 50 == 0) {
                String id = "c" + i;
                bob.await(f -> "ack".equals(f.path("type").asText())
                        && id.equals(f.path("clientId").asText()));
            }
        }
        bob.await(f -> "ack".equals(f.path("type").asText())
                && "c501".equals(f.path("clientId").asText()));

        WsClient ana = keep(WsClient.connect(app.port(), anaToken));
        ana.send("type", "join", "room", "general", "after", 0);
        List<JsonNode> frames = ana.drain(Duration.ofMillis(500));
        assertThat(frames).extracting(f -> f.get("type").asText()).containsExactly("joined", "gap");
        assertThat(frames.get(1).get("room").asText()).isEqualTo("general");

        WsClient ok = keep(WsClient.connect(app.port(), anaToken));
        ok.send("type", "join", "room", "general", "after", 1);
        List<JsonNode> replay = ok.drain(Duration.ofMillis(500));
        assertThat(replay.get(0).get("recovered").asInt())
                .as("500 missed is within the limit")
                .isEqualTo(500);
        assertThat(messages(replay)).hasSize(500);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(Config.Store.class)
    void recovery_is_exact_with_two_nodes_whose_clocks_are_a_second_apart(Config.Store store) throws Exception {
        LocalFanout bus = new LocalFanout();
        Pbkdf2PasswordHasher hasher = new Pbkdf2PasswordHasher(1_000);
        // One configuration for both nodes: the same SQLite file, or the same DynamoDB tables.
        Config config = Servers.Storage.fresh(store, data).config("--rate-limit", "0");
        ChatApplication fast = keep(
                ChatApplication.start(config, Clock.offset(Clock.systemUTC(), Duration.ofMillis(500)), bus, hasher));
        ChatApplication slow = keep(
                ChatApplication.start(config, Clock.offset(Clock.systemUTC(), Duration.ofMillis(-500)), bus, hasher));
        Api onFast = new Api(fast.port());
        Api onSlow = new Api(slow.port());
        String anaToken = onFast.signUp("ana", "ana-password");
        String bobToken = onFast.signUp("bob", "bob-password");
        String carolToken = onSlow.signUp("carol", "carol-password");

        WsClient reader = WsClient.connect(fast.port(), carolToken);
        reader.join("general");
        WsClient ana = keep(WsClient.connect(fast.port(), anaToken));
        ana.join("general");
        WsClient bob = keep(WsClient.connect(slow.port(), bobToken));
        bob.join("general");

        ConcurrentHashMap<Long, String> acked = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (WsClient sender : List.of(ana, bob)) {
            String who = sender == ana ? "ana" : "bob";
            done.add(senders.submit(() -> {
                for (int i = 1; i <= 60; i++) {
                    String clientId = who + "-" + i;
                    sender.send("type", "send", "room", "general", "text", clientId, "clientId", clientId);
                    JsonNode ack = sender.await(f -> "ack".equals(f.path("type").asText())
                            && clientId.equals(f.path("clientId").asText()));
                    acked.put(ack.get("id").asLong(), clientId);
                }
            }));
            Thread.sleep(5);
        }
        // The reader drops off while both nodes are still posting, and comes back on the other node.
        Thread.sleep(100);
        reader.abort();
        List<JsonNode> beforeDrop = messages(reader.drain(Duration.ofMillis(50)));
        long lastSeen = beforeDrop.isEmpty()
                ? 0
                : beforeDrop.get(beforeDrop.size() - 1).get("id").asLong();
        for (Future<?> f : done) {
            f.get();
        }
        senders.shutdown();

        WsClient back = keep(WsClient.connect(slow.port(), carolToken));
        back.send("type", "join", "room", "general", "after", lastSeen);
        List<JsonNode> after = messages(back.drain(Duration.ofMillis(700)));

        List<Long> seen = new ArrayList<>();
        beforeDrop.forEach(m -> seen.add(m.get("id").asLong()));
        after.forEach(m -> seen.add(m.get("id").asLong()));
        List<Long> expected = new ArrayList<>(acked.keySet());
        expected.sort(null);
        assertThat(expected).hasSize(120);
        assertThat(seen)
                .as("every acknowledged message exactly once, in id order")
                .containsExactlyElementsOf(expected);
        for (JsonNode m : after) {
            assertThat(m.get("text").asText()).isEqualTo(acked.get(m.get("id").asLong()));
        }
        List<String> timestamps = new ArrayList<>();
        beforeDrop.forEach(m -> timestamps.add(m.get("ts").asText()));
        after.forEach(m -> timestamps.add(m.get("ts").asText()));
        assertThat(timestamps.stream().map(java.time.Instant::parse).toList())
                .as("history does not run backwards although the clocks differ")
                .isSorted();
    }
}
