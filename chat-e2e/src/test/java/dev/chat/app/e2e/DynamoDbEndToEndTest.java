package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.ChatApplication;
import dev.chat.app.Config;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.testsupport.Dynalite;
import dev.chat.testsupport.WsClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole chat on the DynamoDB store: real sockets, a real DynamoDB-compatible server, and races it must win. */
class DynamoDbEndToEndTest {

    private static final int RACERS = 20;

    private final String prefix = Dynalite.uniquePrefix();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void closeAll() throws Exception {
        pool.shutdownNow();
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private ChatApplication start() {
        return keep(Servers.startOnDynamo(prefix, "--rate-limit", "0"));
    }

    private WsClient connect(ChatApplication app, String token) {
        return keep(WsClient.connect(app.port(), token));
    }

    private static boolean isType(JsonNode frame, String type) {
        return type.equals(frame.path("type").asText());
    }

    /** The reply to the send with this clientId: its {@code ack} or its {@code error}. */
    private static JsonNode replyTo(WsClient client, String clientId) {
        return client.await(
                f -> (isType(f, "ack") && clientId.equals(f.path("clientId").asText()))
                        || (isType(f, "error") && clientId.equals(f.path("ref").asText())));
    }

    /** Runs {@code RACERS} copies of a task released at the same instant; their results in racer order. */
    private <T> List<T> race(Racer<T> task) throws Exception {
        CountDownLatch ready = new CountDownLatch(RACERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            int racer = i;
            Callable<T> call = () -> {
                ready.countDown();
                go.await();
                return task.run(racer);
            };
            futures.add(pool.submit(call));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(30, TimeUnit.SECONDS));
        }
        return results;
    }

    /** What racer number {@code racer} does once released. */
    interface Racer<T> {
        T run(int racer) throws Exception;
    }

    /** The room's whole history over HTTP, paged with {@code before} from the newest message to the oldest. */
    private static List<JsonNode> wholeHistory(Api api, String token, String room) {
        List<JsonNode> all = new ArrayList<>();
        String path = "/api/rooms/" + room + "/messages?limit=100";
        while (true) {
            Api.Response page = api.get(path, token);
            assertThat(page.status()).as("history page %s", path).isEqualTo(200);
            JsonNode messages = page.body().get("messages");
            assertThat(messages.size()).as("a page is at most the limit").isBetween(0, 100);
            messages.forEach(all::add);
            if (!page.body().get("more").asBoolean()) {
                return all;
            }
            assertThat(messages.size())
                    .as("a page that says there is more is not empty")
                    .isPositive();
            long oldest = messages.get(messages.size() - 1).get("id").asLong();
            path = "/api/rooms/" + room + "/messages?limit=100&before=" + oldest;
        }
    }

    @Test
    void two_users_chat_through_the_dynamodb_store() {
        ChatApplication app = start();
        Api api = new Api(app.port());
        String anaToken = api.signUp("ana", "ana-password");
        WsClient ana = connect(app, anaToken);
        ana.join("general");
        WsClient bob = connect(app, api.signUp("bob", "bob-password"));
        bob.join("general");

        bob.send("type", "send", "room", "general", "text", "hi ana", "clientId", "b-1");
        // The sender gets its ack and the message itself, in either order.
        JsonNode first = bob.await(f -> isType(f, "ack") || isType(f, "message") || isType(f, "error"));
        JsonNode second = bob.await(f -> isType(f, isType(first, "message") ? "ack" : "message"));
        JsonNode ack = isType(first, "ack") ? first : second;
        JsonNode toBob = isType(first, "message") ? first : second;
        assertThat(ack.get("type").asText()).as("reply to the send: %s", ack).isEqualTo("ack");
        JsonNode toAna = ana.awaitType("message");
        for (JsonNode message : List.of(toAna, toBob)) {
            assertThat(message.get("id").asLong()).isEqualTo(ack.get("id").asLong());
            assertThat(message.get("user").asText()).isEqualTo("bob");
            assertThat(message.get("text").asText()).isEqualTo("hi ana");
        }

        JsonNode history =
                api.get("/api/rooms/general/messages", anaToken).body().get("messages");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("id").asLong()).isEqualTo(ack.get("id").asLong());
        assertThat(history.get(0).get("text").asText()).isEqualTo("hi ana");
        assertThat(history.get(0).get("ts").asText()).isEqualTo(ack.get("ts").asText());
    }

    @Test
    void of_twenty_people_registering_one_name_at_once_exactly_one_gets_it() throws Exception {
        ChatApplication app = start();
        Api api = new Api(app.port());

        List<Api.Response> answers =
                race(i -> api.post("/api/register", Api.credentials("ana", "password-of-racer-" + i), null));

        List<Integer> winners = IntStream.range(0, RACERS)
                .filter(i -> answers.get(i).status() == 201)
                .boxed()
                .toList();
        assertThat(winners).as("exactly one registration succeeds").hasSize(1);
        int winner = winners.get(0);
        assertThat(answers.get(winner).body().get("username").asText()).isEqualTo("ana");
        for (int i = 0; i < RACERS; i++) {
            if (i != winner) {
                assertThat(answers.get(i).status()).as("racer %d", i).isEqualTo(409);
                assertThat(answers.get(i).body().get("error").get("code").asText())
                        .isEqualTo("name_taken");
            }
        }

        assertThat(api.login("ana", "password-of-racer-" + winner)).isNotBlank();
        // Three wrong passwords stay below the login throttle (five free failures).
        IntStream.range(0, RACERS).filter(i -> i != winner).limit(3).forEach(loser -> {
            Api.Response refused = api.post("/api/login", Api.credentials("ana", "password-of-racer-" + loser), null);
            assertThat(refused.status()).as("the password of racer %d", loser).isEqualTo(401);
            assertThat(refused.body().get("error").get("code").asText()).isEqualTo("invalid_credentials");
        });
    }

    @Test
    void one_message_sent_from_twenty_tabs_at_once_is_stored_and_shown_once() throws Exception {
        ChatApplication app = start();
        Api api = new Api(app.port());
        String anaToken = api.signUp("ana", "ana-password");
        WsClient watcher = connect(app, api.signUp("bob", "bob-password"));
        watcher.join("general");
        List<WsClient> tabs = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            WsClient tab = connect(app, anaToken);
            tab.join("general");
            tabs.add(tab);
        }

        List<JsonNode> replies = race(i -> {
            WsClient tab = tabs.get(i);
            tab.send("type", "send", "room", "general", "text", "hello from tab " + i, "clientId", "one-message");
            return replyTo(tab, "one-message");
        });

        assertThat(replies).as("every tab is acknowledged").allMatch(r -> isType(r, "ack"));
        long id = replies.get(0).get("id").asLong();
        assertThat(replies)
                .as("with the same message")
                .allMatch(r -> r.get("id").asLong() == id);
        assertThat(replies)
                .extracting(r -> r.get("ts").asText())
                .containsOnly(replies.get(0).get("ts").asText());
        assertThat(replies.stream().filter(r -> r.path("duplicate").asBoolean()).count())
                .as("all but the one that stored it are told it was a duplicate")
                .isEqualTo(RACERS - 1);

        JsonNode history =
                api.get("/api/rooms/general/messages", anaToken).body().get("messages");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("id").asLong()).isEqualTo(id);
        int storedBy = IntStream.range(0, RACERS)
                .filter(i -> !replies.get(i).path("duplicate").asBoolean())
                .findFirst()
                .orElseThrow();
        assertThat(history.get(0).get("text").asText())
                .as("the text of the send that stored it")
                .isEqualTo("hello from tab " + storedBy);

        JsonNode seen = watcher.awaitType("message");
        assertThat(seen.get("id").asLong()).isEqualTo(id);
        assertThat(watcher.drain(Duration.ofSeconds(1)))
                .as("the watcher is not shown the message a second time")
                .noneMatch(f -> isType(f, "message"));
    }

    @Test
    void of_twenty_people_creating_one_room_at_once_exactly_one_creates_it() throws Exception {
        ChatApplication app = start();
        Api api = new Api(app.port());
        String token = api.signUp("ana", "ana-password");

        List<Api.Response> answers = race(
                i -> api.post("/api/rooms", "{\"name\":\"random\",\"topic\":\"topic of racer " + i + "\"}", token));

        List<Integer> creators = IntStream.range(0, RACERS)
                .filter(i -> answers.get(i).status() == 201)
                .boxed()
                .toList();
        assertThat(creators).as("exactly one creation succeeds").hasSize(1);
        int creator = creators.get(0);
        for (int i = 0; i < RACERS; i++) {
            if (i != creator) {
                assertThat(answers.get(i).status()).as("racer %d", i).isEqualTo(409);
                assertThat(answers.get(i).body().get("error").get("code").asText())
                        .isEqualTo("room_exists");
            }
        }
        JsonNode rooms = api.get("/api/rooms", token).body().get("rooms");
        assertThat(rooms).extracting(r -> r.get("name").asText()).containsExactly("general", "random");
        assertThat(rooms.get(1).get("topic").asText()).isEqualTo("topic of racer " + creator);
    }

    @Test
    void history_pages_through_a_thousand_messages_each_once_in_order() {
        ChatApplication app = start();
        Api api = new Api(app.port());
        String token = api.signUp("ana", "ana-password");
        WsClient ana = connect(app, token);
        ana.join("general");
        Map<Long, String> sent = new HashMap<>();
        int total = 1_000;
        int window = 100; // well below the 256 frames a connection may have waiting
        for (int first = 1; first <= total; first += window) {
            for (int i = first; i < first + window; i++) {
                ana.send("type", "send", "room", "general", "text", "message number " + i, "clientId", "c" + i);
            }
            for (int i = first; i < first + window; i++) {
                JsonNode reply = replyTo(ana, "c" + i);
                assertThat(reply.get("type").asText())
                        .as("reply to c%d: %s", i, reply)
                        .isEqualTo("ack");
                sent.put(reply.get("id").asLong(), "message number " + i);
            }
        }

        List<JsonNode> history = wholeHistory(api, token, "general");

        assertThat(history)
                .extracting(m -> m.get("id").asLong())
                .as("ids %d down to 1, each once", total)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total)
                        .map(i -> total + 1 - i)
                        .boxed()
                        .toList());
        for (JsonNode message : history) {
            assertThat(message.get("text").asText())
                    .isEqualTo(sent.get(message.get("id").asLong()));
        }
    }

    @Test
    void a_reader_on_one_node_sees_what_a_writer_on_another_node_posts() throws Exception {
        LocalFanout bus = new LocalFanout();
        Pbkdf2PasswordHasher hasher = new Pbkdf2PasswordHasher(1_000);
        Config config = Servers.Storage.dynamo(Dynalite.shared(), prefix).config("--rate-limit", "0");
        ChatApplication nodeA = keep(ChatApplication.start(config, Clock.systemUTC(), bus, hasher));
        ChatApplication nodeB = keep(ChatApplication.start(config, Clock.systemUTC(), bus, hasher));
        Api onA = new Api(nodeA.port());
        Api onB = new Api(nodeB.port());
        String anaToken = onA.signUp("ana", "ana-password");
        // Registered on A, signed in on B: the accounts are shared, not per node.
        assertThat(onA.post("/api/register", Api.credentials("bob", "bob-password"), null)
                        .status())
                .isEqualTo(201);
        String bobToken = onB.login("bob", "bob-password");

        WsClient reader = connect(nodeA, anaToken);
        reader.join("general");
        WsClient writer = connect(nodeB, bobToken);
        writer.join("general");
        writer.send("type", "send", "room", "general", "text", "from node B", "clientId", "b-1");
        JsonNode ack = replyTo(writer, "b-1");
        assertThat(ack.get("type").asText()).isEqualTo("ack");

        JsonNode seen = reader.awaitType("message");
        assertThat(seen.get("id").asLong()).isEqualTo(ack.get("id").asLong());
        assertThat(seen.get("user").asText()).isEqualTo("bob");
        assertThat(seen.get("text").asText()).isEqualTo("from node B");

        reader.send("type", "send", "room", "general", "text", "from node A", "clientId", "a-1");
        assertThat(replyTo(reader, "a-1").get("id").asLong())
                .isEqualTo(ack.get("id").asLong() + 1);
        assertThat(writer.await(f -> isType(f, "message")
                                && "ana".equals(f.path("user").asText()))
                        .get("text")
                        .asText())
                .isEqualTo("from node A");
        JsonNode historyOnB =
                onB.get("/api/rooms/general/messages", bobToken).body().get("messages");
        assertThat(historyOnB).extracting(m -> m.get("text").asText()).containsExactly("from node A", "from node B");
    }
}
