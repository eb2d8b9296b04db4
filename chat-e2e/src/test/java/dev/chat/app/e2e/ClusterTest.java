package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.testsupport.Dynalite;
import dev.chat.testsupport.RedisServer;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three server processes sharing one Redis and one DynamoDB-compatible store, as a deployment behind a load
 * balancer runs: users on different nodes see one conversation, and keep seeing it when a node is killed or
 * Redis starts over empty.
 */
@Tag("alone") // measures time or runs server processes: not beside another test (chat-e2e-alone/pom.xml)
class ClusterTest {

    private static final String ROOM = "general";
    private static final Duration ACK_WAIT = Duration.ofSeconds(10);
    private static final Duration EVENT_WAIT = Duration.ofSeconds(10);
    /** How long every tab may take to show every acknowledged message once traffic stops. */
    private static final Duration CONVERGE = Duration.ofSeconds(30);
    /** The bound docs/architecture.md and protocol.md state for a dead node's users to go offline. */
    private static final Duration DEAD_NODE_OFFLINE = Duration.ofSeconds(25);

    @TempDir
    Path logs;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private RedisServer redis;
    private List<NodeProcess> nodes = List.of();

    @BeforeEach
    void startThreeNodes() {
        redis = keep(RedisServer.start());
        List<String> options = Servers.options(
                List.of(
                        "--store", "dynamodb",
                        "--dynamodb-endpoint", Dynalite.shared().toString(),
                        "--dynamodb-table-prefix", Dynalite.uniquePrefix(),
                        "--dynamodb-create-tables", "true",
                        "--redis-url", redis.url(),
                        "--rate-limit", "0",
                        "--signups-per-address", "0",
                        "--admins", "ana",
                        "--shutdown-grace", "3s"),
                Servers.LIGHT_HASHING);
        NodeProcess.operator(options, "create", "ana", "ana-password");
        nodes = NodeProcess.startAll(3, logs, options);
        nodes.forEach(this::keep);
    }

    @AfterEach
    void closeAll() throws Exception {
        threads.shutdownNow();
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        // Into the test's output file, for whoever reads a failure.
        for (NodeProcess node : nodes) {
            System.out.println("--- log of " + node + "\n" + node.logText());
        }
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    @Test
    void three_nodes_show_every_user_one_conversation_with_typing_and_presence_across_nodes() throws Exception {
        Map<String, ChatTab> tabs = signUpAndJoin(seats("ana", 0, "bob", 0, "cid", 1, "dan", 1, "eve", 2, "fay", 2));

        List<Future<Void>> writers = tabs.values().stream()
                .map(tab -> postUntil(tab, i -> i <= 10, Optional.empty()))
                .toList();
        awaitAll(writers);

        Map<Long, String> acked = ackedConversation(tabs.values());
        assertThat(acked.keySet())
                .as("the store numbered the 60 messages 1 to 60")
                .containsExactlyElementsOf(ids(60));
        assertEveryTabShows(acked, tabs.values());

        tabs.get("cid").typing();
        tabs.get("eve")
                .await(
                        EVENT_WAIT,
                        "cid typing, from node 1 on node 2",
                        f -> isType(f, "typing")
                                && "cid".equals(f.path("user").asText())
                                && !f.path("stop").asBoolean());

        ChatTab gus = signUpAndJoin(seats("gus", 2)).get("gus");
        tabs.get("ana").await(EVENT_WAIT, "gus online, from node 2 on node 0", f -> isPresence(f, "gus", "online"));
        JsonNode joined = gus.await(EVENT_WAIT, "gus's joined", f -> isType(f, "joined"));
        assertThat(joined.get("online"))
                .extracting(JsonNode::asText)
                .as("gus, on node 2, is shown who is online on every node")
                .containsExactly("ana", "bob", "cid", "dan", "eve", "fay", "gus");

        assertEveryTabShows(acked, tabs.values());
        anAdminOnOneNodeActsOnTheOthers(acked);
        aPrivateRoomHoldsOnEveryNode();
    }

    /**
     * A private room made on node 0 is, to a non-member probing node 1, exactly a room that does not exist; a member
     * added on node 0 is told on node 2, and once removed on node 0 hears nothing more there, live or recovered.
     */
    private void aPrivateRoomHoldsOnEveryNode() {
        Api onNode0 = new Api(nodes.get(0).port());
        Api onNode1 = new Api(nodes.get(1).port());
        Api onNode2 = new Api(nodes.get(2).port());
        String owner = onNode0.signUp("olga", "olga-password");
        String prober = onNode1.signUp("pete", "pete-password");
        String member = onNode2.signUp("mia", "mia-password");
        assertThat(onNode0.post("/api/rooms", "{\"name\":\"vault\",\"visibility\":\"private\"}", owner)
                        .status())
                .isEqualTo(201);
        try (WsClient olga = WsClient.connect(nodes.get(0).port(), owner);
                WsClient pete = WsClient.connect(nodes.get(1).port(), prober);
                WsClient mia = WsClient.connect(nodes.get(2).port(), member)) {
            olga.join("vault");
            olga.send("type", "send", "room", "vault", "text", "gold", "clientId", "o1");
            olga.awaitType("ack");

            assertThat(NonMemberProbe.answers(onNode1, pete, prober, "vault"))
                    .as("node 1 answers for node 0's private room as for no room at all")
                    .isEqualTo(NonMemberProbe.answers(onNode1, pete, prober, "nowhere"));

            onNode0.post("/api/rooms/vault/members", "{\"username\":\"mia\"}", owner);
            assertThat(mia.awaitType("room_added").path("room").path("name").asText())
                    .isEqualTo("vault");
            mia.join("vault");
            olga.send("type", "send", "room", "vault", "text", "silver", "clientId", "o2");
            long seen = mia.await(f -> isType(f, "message")
                            && "silver".equals(f.path("text").asText()))
                    .path("id")
                    .asLong();

            assertThat(onNode0.request("DELETE", "/api/rooms/vault/members/mia", null, owner)
                            .status())
                    .isEqualTo(204);
            olga.send("type", "send", "room", "vault", "text", "bronze", "clientId", "o3");
            olga.await(f -> isType(f, "ack") && "o3".equals(f.path("clientId").asText()));
            JsonNode closed = mia.await(EVENT_WAIT, f -> !isType(f, "presence"));
            assertThat(closed.path("type").asText())
                    .as("mia's next frame on node 2")
                    .isEqualTo("room_closed");
            assertThat(mia.drain(Duration.ofMillis(500))).noneMatch(f -> isType(f, "message"));
            mia.send("type", "join", "room", "vault", "after", seen);
            assertThat(mia.awaitType("error").path("code").asText()).isEqualTo("no_such_room");
            assertThat(onNode2.get("/api/rooms/vault/messages", member).status())
                    .isEqualTo(404);
        }
    }

    /** Ana, an admin on node 0, deletes a message shown on node 2, bans a user on node 1, and reads every node's figures. */
    private void anAdminOnOneNodeActsOnTheOthers(Map<Long, String> acked) throws Exception {
        Api onNode0 = new Api(nodes.get(0).port());
        String ana = onNode0.login("ana", "ana-password");
        String hal = new Api(nodes.get(1).port()).signUp("hal", "hal-password");
        try (WsClient halOnNode1 = WsClient.connect(nodes.get(1).port(), hal);
                ChatTab eve = ChatTab.open(nodes.get(2).port(), "eve", onNode0.login("eve", "eve-password"), ROOM)) {
            long deleted = acked.keySet().iterator().next();
            assertThat(onNode0.request("DELETE", "/api/rooms/" + ROOM + "/messages/" + deleted, null, ana)
                            .status())
                    .isEqualTo(204);
            eve.await(
                    EVENT_WAIT,
                    "the deletion, from node 0 on node 2",
                    f -> isType(f, "deleted") && f.path("id").asLong() == deleted);

            assertThat(onNode0.request("POST", "/api/admin/users/hal/ban", null, ana)
                            .status())
                    .isEqualTo(200);
            assertThat(halOnNode1.awaitClose())
                    .as("hal's socket on node 1, banned on node 0")
                    .isEqualTo(4403);
        }
        awaitTrue(
                EVENT_WAIT,
                () -> onNode0.get("/api/admin/stats", ana).body().get("nodes").size() == 3,
                "every node's figures on node 0");
        JsonNode stats = onNode0.get("/api/admin/stats", ana).body();
        assertThat(stats.get("onlineUsers").asInt()).as("ana to gus, each once").isEqualTo(7);
        int perNode = 0;
        for (JsonNode node : stats.get("nodes")) {
            perNode += node.get("messagesPerMinute").asInt();
        }
        assertThat(stats.get("messagesPerMinute").asInt())
                .as("the sum of the nodes' figures")
                .isEqualTo(perNode)
                .isPositive();
    }

    @Test
    void kill_9_of_a_node_loses_no_acknowledged_message_and_its_silent_users_go_offline() throws Exception {
        Map<String, ChatTab> tabs =
                signUpAndJoin(seats("ana", 0, "bob", 0, "cid", 1, "dan", 1, "eve", 2, "fay", 2, "gus", 2));
        NodeProcess survivor = nodes.get(0);
        NodeProcess doomed = nodes.get(2);
        AtomicBoolean stop = new AtomicBoolean();
        // Writers on every node; eve's moves to node 0 when node 2 dies, as a load balancer would send her.
        List<Future<Void>> writers = List.of(
                postUntil(tabs.get("ana"), i -> !stop.get(), Optional.empty()),
                postUntil(tabs.get("cid"), i -> !stop.get(), Optional.empty()),
                postUntil(tabs.get("eve"), i -> !stop.get(), Optional.of(survivor)));
        for (String writer : List.of("ana", "cid", "eve")) {
            tabs.get(writer).awaitAcks(5, ACK_WAIT);
        }
        int eveAckedBeforeKill = tabs.get("eve").acked().size();

        long killedAt = System.nanoTime();
        doomed.kill9();
        ChatTab fay = tabs.get("fay");
        // fay follows the load balancer to node 0; gus, who was only on node 2, does not come back.
        fay.awaitDisconnected(EVENT_WAIT);
        fay.reconnect(survivor.port());
        tabs.get("eve").awaitAcks(eveAckedBeforeKill + 5, Duration.ofSeconds(20));
        stop.set(true);
        awaitAll(writers);

        Map<Long, String> acked = ackedConversation(List.of(tabs.get("ana"), tabs.get("cid"), tabs.get("eve")));
        assertThat(acked.keySet())
                .as("every acknowledged message has its place, without gaps")
                .containsExactlyElementsOf(ids(acked.size()));
        List<ChatTab> connected =
                List.of(tabs.get("ana"), tabs.get("bob"), tabs.get("cid"), tabs.get("dan"), tabs.get("eve"), fay);
        assertEveryTabShows(acked, connected);

        ChatTab bob = tabs.get("bob");
        Duration left = Duration.ofNanos(killedAt + DEAD_NODE_OFFLINE.toNanos() - System.nanoTime());
        bob.await(
                left,
                "gus offline on node 0 within " + DEAD_NODE_OFFLINE + " of the kill",
                f -> isPresence(f, "gus", "offline"));
        assertThat(bob.find(f -> isPresence(f, "eve", "offline") || isPresence(f, "fay", "offline")))
                .as("eve and fay moved to node 0: they are not shown leaving")
                .isEmpty();

        assertEveryTabShows(acked, connected);
    }

    @Test
    void restart_of_redis_loses_no_acknowledged_message_and_fan_out_resumes() throws Exception {
        Map<String, ChatTab> tabs = signUpAndJoin(seats("ana", 0, "bob", 0, "cid", 1, "dan", 1, "eve", 2, "fay", 2));
        AtomicBoolean stop = new AtomicBoolean();
        List<ChatTab> writing = List.of(tabs.get("ana"), tabs.get("cid"), tabs.get("eve"));
        // No fallback node: nobody reconnects, a lost connection fails the writer.
        List<Future<Void>> writers = writing.stream()
                .map(tab -> postUntil(tab, i -> !stop.get(), Optional.empty()))
                .toList();
        for (ChatTab writer : writing) {
            writer.awaitAcks(5, ACK_WAIT);
        }

        // Redis goes away, as in a real restart, for as long as every writer needs to post three more messages.
        redis.kill();
        for (ChatTab writer : writing) {
            writer.awaitAcks(writer.acked().size() + 3, ACK_WAIT);
        }
        String anasLatest = "ana-" + tabs.get("ana").acked().size();
        tabs.get("bob")
                .await(
                        EVENT_WAIT,
                        anasLatest + ", posted during the outage, on ana's own node",
                        f -> isType(f, "message")
                                && anasLatest.equals(f.path("clientId").asText()));
        redis.restart();
        // Traffic stops as Redis returns, before the nodes notice: the last messages reach other nodes only from the
        // store.
        stop.set(true);
        awaitAll(writers);

        Map<Long, String> acked = ackedConversation(writing);
        assertThat(acked.keySet())
                .as("every acknowledged message has its place, without gaps")
                .containsExactlyElementsOf(ids(acked.size()));
        assertEveryTabShows(acked, tabs.values());

        ChatTab ana = tabs.get("ana");
        ana.post("after-restart", "Redis is back");
        long id = ana.awaitAck("after-restart", ACK_WAIT).orElseThrow();
        JsonNode seen = tabs.get("dan")
                .await(
                        EVENT_WAIT,
                        "ana's message from node 0 on node 1",
                        f -> isType(f, "message") && f.path("id").asLong() == id);
        assertThat(seen.get("text").asText()).isEqualTo("Redis is back");
        Map<Long, String> afterwards = new TreeMap<>(acked);
        afterwards.put(id, "after-restart");
        assertEveryTabShows(afterwards, tabs.values());
        for (ChatTab tab : tabs.values()) {
            assertThat(tab.find(f -> isType(f, "presence")
                            && "offline".equals(f.path("state").asText())))
                    .as("nobody left, so %s is shown nobody leaving", tab.user())
                    .isEmpty();
        }

        // A node whose commands all waited out the short outage (Redisson holds a command while it reconnects)
        // lost nothing and says nothing; one that lost Redis says so once, not once per event.
        assertThat(nodes.stream()
                        .mapToInt(n -> n.logLinesWith("Lost Redis").size())
                        .sum())
                .as("nodes that report the loss")
                .isPositive();
        for (NodeProcess node : nodes) {
            assertThat(node.logLinesWith("Lost Redis"))
                    .as("%s reports the loss once rather than once per event", node)
                    .hasSizeLessThanOrEqualTo(3);
            awaitTrue(
                    EVENT_WAIT,
                    () -> node.logLinesWith("is back").size()
                            == node.logLinesWith("Lost Redis").size(),
                    node + " to log that Redis is back as often as it lost it");
        }
    }

    /** Alternating user names and node numbers, in order. */
    private Map<String, NodeProcess> seats(Object... userThenNode) {
        Map<String, NodeProcess> seats = new LinkedHashMap<>();
        for (int i = 0; i < userThenNode.length; i += 2) {
            seats.put((String) userThenNode[i], nodes.get((Integer) userThenNode[i + 1]));
        }
        return seats;
    }

    /** Registers every user on their node (in parallel: hashing passwords is slow), then opens their tabs in order. */
    private Map<String, ChatTab> signUpAndJoin(Map<String, NodeProcess> seats) {
        Map<String, CompletableFuture<String>> tokens = new LinkedHashMap<>();
        seats.forEach((user, node) -> tokens.put(
                user,
                CompletableFuture.supplyAsync(
                        () -> user.equals("ana")
                                // The admin: the operator made the account on the server.
                                ? new Api(node.port()).login(user, user + "-password")
                                : new Api(node.port()).signUp(user, user + "-password"),
                        threads)));
        Map<String, ChatTab> tabs = new LinkedHashMap<>();
        seats.forEach((user, node) -> tabs.put(
                user,
                keep(ChatTab.open(
                        node.port(),
                        user,
                        tokens.get(user).orTimeout(30, TimeUnit.SECONDS).join(),
                        ROOM))));
        return tabs;
    }

    /**
     * Posts numbered messages one at a time, each until acknowledged, while {@code more} holds for its number.
     * A lost connection moves the tab to {@code fallback}, which resends what is pending; without one it fails.
     */
    private Future<Void> postUntil(ChatTab tab, IntPredicate more, Optional<NodeProcess> fallback) {
        Callable<Void> posting = () -> {
            for (int i = 1; more.test(i); i++) {
                String clientId = tab.user() + "-" + i;
                tab.post(clientId, "message " + i + " from " + tab.user());
                OptionalLong ack;
                while ((ack = tab.awaitAck(clientId, ACK_WAIT)).isEmpty()) {
                    NodeProcess next = fallback.orElseThrow(
                            () -> new AssertionError(tab.user() + " lost the connection while sending " + clientId));
                    tab.reconnect(next.port());
                }
            }
            return null;
        };
        return threads.submit(posting);
    }

    private static void awaitAll(List<Future<Void>> writers) throws Exception {
        for (Future<Void> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
    }

    /** Every acknowledged message by id, as {@code clientId}s; two sends acknowledged with one id fail the test. */
    private static Map<Long, String> ackedConversation(Iterable<ChatTab> writers) {
        Map<Long, String> byId = new TreeMap<>();
        for (ChatTab writer : writers) {
            writer.acked().forEach((clientId, id) -> {
                String other = byId.put(id, clientId);
                assertThat(other)
                        .as("id %d acknowledged for %s and %s", id, other, clientId)
                        .isNull();
            });
        }
        return byId;
    }

    /** Each tab shows exactly the acknowledged messages, each once, in id order, with nothing else. */
    private static void assertEveryTabShows(Map<Long, String> acked, Iterable<ChatTab> tabs) {
        List<String> expected = acked.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .toList();
        for (ChatTab tab : tabs) {
            List<String> shown = tab.messages(expected.size(), CONVERGE).stream()
                    .map(m -> m.get("id").asLong() + " " + m.get("clientId").asText())
                    .toList();
            assertThat(shown)
                    .as("the messages %s was shown, as id and clientId", tab.user())
                    .containsExactlyElementsOf(expected);
        }
    }

    private static List<Long> ids(int count) {
        return LongStream.rangeClosed(1, count).boxed().toList();
    }

    private static boolean isType(JsonNode frame, String type) {
        return type.equals(frame.path("type").asText());
    }

    private static boolean isPresence(JsonNode frame, String user, String state) {
        return isType(frame, "presence")
                && user.equals(frame.path("user").asText())
                && state.equals(frame.path("state").asText());
    }

    /** Polls {@code condition} until it holds, for something only visible from outside, like a log file. */
    private static void awaitTrue(Duration within, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + within + " in vain for " + what);
            }
            Thread.sleep(100);
        }
    }
}
