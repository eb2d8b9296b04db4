package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.ChatApplication;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence over real sockets during a burst of joins and leaves (docs/protocol.md, "Typing and presence"): a client
 * that chose nothing in its handshake gets exactly the single-user {@code presence} frames clients were written
 * against, one per change; one that connected to {@code /ws?presence=batch} gets the same changes in a few frames
 * that list names, and shows the same people online.
 */
class PresenceFramesTest {

    private static final int BURST = 40;
    private static final int LEAVING = 5;
    private static final Predicate<JsonNode> PRESENCE =
            f -> "presence".equals(f.path("type").asText());

    @TempDir
    Path data;

    private ChatApplication app;
    private Api api;
    private final List<WsClient> clients = new ArrayList<>();

    private record Guest(String name, String token) {}

    @BeforeEach
    void start() {
        app = Servers.start(
                data, "--guests", "true", "--guests-per-address", "0", "--max-connections-per-address", "0");
        api = new Api(app.port());
    }

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        app.close();
    }

    @Test
    void a_burst_of_joins_reaches_a_client_that_chose_nothing_frame_by_frame_and_one_that_opted_in_in_batches() {
        Guest ana = guest();
        WsClient legacy = open("/ws", ana);
        legacy.join("general");
        Guest bob = guest();
        WsClient batched = open("/ws?presence=batch", bob);
        batched.join("general");
        assertThat(legacy.await(PRESENCE).toString())
                .isEqualTo("{\"type\":\"presence\",\"room\":\"general\",\"user\":\"" + bob.name()
                        + "\",\"state\":\"online\"}");

        List<Guest> burst = new ArrayList<>();
        List<WsClient> sockets = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            burst.add(guest());
            sockets.add(open(i % 2 == 0 ? "/ws" : "/ws?presence=batch", burst.get(i)));
        }
        sockets.forEach(s -> s.send("type", "join", "room", "general"));
        sockets.forEach(s -> s.awaitType("joined"));
        Set<String> arrived = new HashSet<>(burst.stream().map(Guest::name).toList());

        assertThat(singles(legacy, BURST, "online")).isEqualTo(arrived);
        List<JsonNode> batches = batches(batched, arrived, "online");
        assertThat(batches)
                .as("one frame per window, not one per join: %s", batches)
                .hasSizeLessThan(BURST / 2);

        Set<String> gone = new HashSet<>();
        for (int i = 0; i < LEAVING; i++) {
            gone.add(burst.get(i).name());
            sockets.get(i).close();
        }
        assertThat(singles(legacy, LEAVING, "offline")).isEqualTo(gone);
        batches(batched, gone, "offline");

        Set<String> everyone = new HashSet<>(arrived);
        everyone.removeAll(gone);
        everyone.add(ana.name());
        everyone.add(bob.name());
        WsClient late = open("/ws?presence=batch", guest());
        late.send("type", "join", "room", "general");
        assertThat(late.awaitType("joined").get("online"))
                .extracting(JsonNode::asText)
                .containsAll(everyone)
                .hasSize(everyone.size() + 1);
    }

    @Test
    void a_choice_the_server_does_not_know_gets_the_single_user_frames() {
        Guest ana = guest();
        WsClient odd = open("/ws?presence=someday&colour=blue", ana);
        odd.join("general");
        Guest bob = guest();
        open("/ws?presence=batch", bob).join("general");

        JsonNode frame = odd.await(PRESENCE);

        assertThat(frame.get("user").asText()).isEqualTo(bob.name());
        assertThat(frame.get("state").asText()).isEqualTo("online");
        assertThat(frame.has("online")).isFalse();
    }

    /**
     * The next {@code count} presence frames of a client that chose nothing: each exactly today's single-user frame in
     * {@code state}, none about the same user twice; returns the users.
     */
    private static Set<String> singles(WsClient client, int count, String state) {
        Set<String> users = new HashSet<>();
        for (int i = 0; i < count; i++) {
            JsonNode frame = client.await(PRESENCE);
            assertThat(frame.fieldNames()).toIterable().containsExactly("type", "room", "user", "state");
            assertThat(frame.get("room").asText()).isEqualTo("general");
            assertThat(frame.get("state").asText()).isEqualTo(state);
            assertThat(users.add(frame.get("user").asText()))
                    .as("told once: %s", frame)
                    .isTrue();
        }
        return users;
    }

    /**
     * The batched presence frames an opted-in client gets until every one of {@code users} was listed under {@code
     * list} ({@code online} or {@code offline}): each with both lists sorted, no user twice, nobody in the other list.
     */
    private static List<JsonNode> batches(WsClient client, Set<String> users, String list) {
        String other = list.equals("online") ? "offline" : "online";
        Set<String> listed = new HashSet<>();
        List<JsonNode> frames = new ArrayList<>();
        while (!listed.containsAll(users)) {
            JsonNode frame = client.await(PRESENCE);
            frames.add(frame);
            assertThat(frame.has("user")).as("%s", frame).isFalse();
            assertThat(frame.get("room").asText()).isEqualTo("general");
            assertThat(frame.get(other)).as("%s", frame).isEmpty();
            List<String> names = new ArrayList<>();
            frame.get(list).forEach(n -> names.add(n.asText()));
            assertThat(names).as("%s", frame).isSorted().isNotEmpty();
            for (String name : names) {
                assertThat(users).as("%s", frame).contains(name);
                assertThat(listed.add(name)).as("told once: %s", frame).isTrue();
            }
        }
        return frames;
    }

    private Guest guest() {
        JsonNode body = api.post("/api/guest", "{}", null).body();
        return new Guest(body.get("username").asText(), body.get("token").asText());
    }

    private WsClient open(String target, Guest guest) {
        WsClient client = WsClient.connectTo(app.port(), target, guest.token());
        clients.add(client);
        return client;
    }
}
