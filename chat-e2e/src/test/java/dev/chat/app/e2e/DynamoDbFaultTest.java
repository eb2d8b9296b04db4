package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.app.ChatApplication;
import dev.chat.testsupport.Dynalite;
import dev.chat.testsupport.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DynamoDB goes away while people are sending, and comes back: no send goes unanswered, nothing is lost or doubled. */
@Tag("alone") // measures time or runs server processes: not beside another test (chat-e2e-alone/pom.xml)
class DynamoDbFaultTest {

    /** The store gives up on a call after 5 s; a reply may also wait for the calls queued before it. */
    private static final Duration REPLY_BOUND = Duration.ofSeconds(15);

    private static final Duration OUTAGE = Duration.ofSeconds(2);

    @TempDir
    Path dynamoData;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Future<Void>> sending = new ArrayList<>();

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

    private static boolean isType(JsonNode frame, String type) {
        return type.equals(frame.path("type").asText());
    }

    private static String textOf(String clientId) {
        return "text of " + clientId;
    }

    /** The reply to the send with this clientId, its {@code ack} or its {@code error}; fails if none comes in time. */
    private static JsonNode send(WsClient client, String clientId) {
        client.send("type", "send", "room", "general", "text", textOf(clientId), "clientId", clientId);
        return client.await(
                REPLY_BOUND,
                f -> (isType(f, "ack") && clientId.equals(f.path("clientId").asText()))
                        || (isType(f, "error") && clientId.equals(f.path("ref").asText())));
    }

    /** One user sending message after message, each as soon as the previous one was answered, until stopped. */
    private static final class Sender implements Callable<Void> {

        final String name;
        final WsClient socket;
        /** Every clientId sent, in order, with the reply it got. */
        final Map<String, JsonNode> replies = new LinkedHashMap<>();

        final AtomicInteger acks = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        volatile boolean stopped;

        Sender(String name, WsClient socket) {
            this.name = name;
            this.socket = socket;
        }

        @Override
        public Void call() {
            for (int i = 1; !stopped; i++) {
                String clientId = name + "-" + i;
                JsonNode reply = send(socket, clientId);
                synchronized (replies) {
                    replies.put(clientId, reply);
                }
                (isType(reply, "ack") ? acks : errors).incrementAndGet();
                if (isType(reply, "error")) {
                    // What a client is asked to do: wait before sending more to a store that just failed.
                    pause(reply.path("retryAfterMs").asLong(1_000));
                }
            }
            return null;
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        Map<String, JsonNode> replies() {
            synchronized (replies) {
                return new LinkedHashMap<>(replies);
            }
        }
    }

    /** Waits for the condition; a sender that failed meanwhile (a send left unanswered) fails the test at once. */
    private void awaitUntil(String what, Duration within, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            for (Future<Void> sender : sending) {
                if (sender.isDone()) {
                    sender.get();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void while_dynamodb_is_down_every_send_is_answered_and_resent_messages_are_stored_exactly_once() throws Exception {
        Dynalite dynamo = keep(Dynalite.startPersistent(dynamoData));
        ChatApplication app = keep(Servers.Storage.dynamo(dynamo.endpoint(), Dynalite.uniquePrefix())
                .start("--rate-limit", "0"));
        Api api = new Api(app.port());
        String readerToken = api.signUp("reader", "reader-password");
        WsClient reader = keep(WsClient.connect(app.port(), readerToken));
        reader.join("general");
        List<Sender> senders = new ArrayList<>();
        for (String name : List.of("ana", "bob", "cat")) {
            WsClient socket = keep(WsClient.connect(app.port(), api.signUp(name, name + "-password")));
            socket.join("general");
            senders.add(new Sender(name, socket));
        }
        senders.forEach(s -> sending.add(pool.submit(s)));
        awaitUntil(
                "every sender has 5 acks",
                Duration.ofSeconds(10),
                () -> senders.stream().allMatch(s -> s.acks.get() >= 5));

        dynamo.kill();
        long killedAt = System.nanoTime();
        Map<Sender, Integer> errorsAtKill = new HashMap<>();
        senders.forEach(s -> errorsAtKill.put(s, s.errors.get()));
        Api.Response down = api.get("/readyz", null);
        assertThat(down.status()).as("/readyz with the store down").isEqualTo(503);
        assertThat(down.body().get("status").asText()).isEqualTo("unavailable");
        awaitUntil(
                "every sender was refused, during an outage of at least " + OUTAGE,
                Duration.ofSeconds(20),
                () -> System.nanoTime() - killedAt >= OUTAGE.toNanos()
                        && senders.stream().allMatch(s -> s.errors.get() > errorsAtKill.get(s)));

        dynamo.restart();
        awaitUntil(
                "/readyz answers 200 once the store is back",
                Duration.ofSeconds(15),
                () -> api.get("/readyz", null).status() == 200);
        Map<Sender, Integer> acksAtRestart = new HashMap<>();
        senders.forEach(s -> acksAtRestart.put(s, s.acks.get()));
        awaitUntil(
                "every sender has 3 more acks after the restart",
                Duration.ofSeconds(15),
                () -> senders.stream().allMatch(s -> s.acks.get() >= acksAtRestart.get(s) + 3));
        senders.forEach(s -> s.stopped = true);
        for (Future<Void> f : sending) {
            f.get(REPLY_BOUND.toSeconds() + 5, TimeUnit.SECONDS);
        }

        List<JsonNode> refusals = senders.stream()
                .flatMap(s -> s.replies().values().stream())
                .filter(r -> isType(r, "error"))
                .toList();
        assertThat(refusals).as("sends refused while the store was down").isNotEmpty();
        assertThat(refusals)
                .extracting(r -> r.get("code").asText())
                .as("what a send is told when its message was not stored")
                .containsOnly("not_stored");
        assertThat(refusals)
                .extracting(r -> r.path("retryAfterMs").asLong())
                .as("a refused send is told when to try again")
                .containsOnly(1_000L);
        Map<String, Long> ackedIds = new HashMap<>();
        senders.forEach(s -> ackedIds.putAll(resendRefusedUntilAcked(s)));

        Map<Long, JsonNode> stored = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        Set<String> texts = new HashSet<>();
        for (JsonNode message : oldestFirst(api, readerToken)) {
            long id = message.get("id").asLong();
            ids.add(id);
            stored.put(id, message);
            assertThat(texts.add(message.get("text").asText()))
                    .as("%s stored once", message)
                    .isTrue();
        }
        int sentCount = ackedIds.size();
        assertThat(ids)
                .as("ids 1..%d, no gap, no duplicate", sentCount)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, sentCount).boxed().toList());
        ackedIds.forEach((clientId, id) -> {
            assertThat(stored.get(id).get("clientId").asText())
                    .as("message %d", id)
                    .isEqualTo(clientId);
            assertThat(stored.get(id).get("text").asText()).isEqualTo(textOf(clientId));
        });

        assertThat(liveMessageIds(reader, sentCount))
                .as("a reader who stayed connected saw every message once, in order")
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, sentCount).boxed().toList());
    }

    @Test
    void while_dynamodb_is_down_a_signed_in_user_is_told_unavailable_not_signed_out() throws Exception {
        Dynalite dynamo = keep(Dynalite.startPersistent(dynamoData));
        ChatApplication app = keep(Servers.Storage.dynamo(dynamo.endpoint(), Dynalite.uniquePrefix())
                .start());
        Api api = new Api(app.port());
        String token = api.signUp("ana", "ana-password");

        dynamo.kill();

        for (String path : List.of("/api/me", "/api/session", "/api/rooms/general/messages")) {
            Api.Response answer = api.get(path, token);
            assertThat(answer.status()).as("GET %s with the store down", path).isEqualTo(503);
            assertThat(answer.body().get("error").get("code").asText()).isEqualTo("unavailable");
            assertThat(answer.body().get("error").get("message").asText())
                    .isEqualTo("Your session cannot be checked right now. Try again.");
        }
        assertThatThrownBy(() -> WsClient.connect(app.port(), token))
                .as("the WebSocket handshake with the store down")
                .isInstanceOfSatisfying(
                        WsClient.Refused.class, e -> assertThat(e.status()).isEqualTo(503));

        dynamo.restart();
        awaitUntil(
                "/api/me answers 200 once the store is back",
                Duration.ofSeconds(15),
                () -> api.get("/api/me", token).status() == 200);
        try (WsClient socket = WsClient.connect(app.port(), token)) {
            socket.join("general");
        }
    }

    /**
     * What a client does with a message that was not stored: sends it again with the same clientId until it is
     * acked. Returns the id every message of the sender was acked with.
     */
    private static Map<String, Long> resendRefusedUntilAcked(Sender sender) {
        Map<String, Long> ackedIds = new HashMap<>();
        sender.replies().forEach((clientId, firstReply) -> {
            JsonNode reply = firstReply;
            for (int attempt = 1; attempt <= 5 && isType(reply, "error"); attempt++) {
                reply = send(sender.socket, clientId);
            }
            assertThat(reply.get("type").asText())
                    .as("%s in the end: %s", clientId, reply)
                    .isEqualTo("ack");
            ackedIds.put(clientId, reply.get("id").asLong());
        });
        return ackedIds;
    }

    /** The whole history over HTTP, paged with {@code before}, turned oldest first. */
    private static List<JsonNode> oldestFirst(Api api, String token) {
        List<JsonNode> newestFirst = new ArrayList<>();
        String path = "/api/rooms/general/messages?limit=100";
        while (true) {
            Api.Response page = api.get(path, token);
            assertThat(page.status()).isEqualTo(200);
            page.body().get("messages").forEach(newestFirst::add);
            if (!page.body().get("more").asBoolean()) {
                break;
            }
            path = "/api/rooms/general/messages?limit=100&before="
                    + newestFirst.get(newestFirst.size() - 1).get("id");
        }
        List<JsonNode> oldest = new ArrayList<>(newestFirst);
        Collections.reverse(oldest);
        return oldest;
    }

    /** The ids of the {@code message} frames the client received, up to the one with {@code lastId}. */
    private static List<Long> liveMessageIds(WsClient client, long lastId) {
        List<Long> ids = new ArrayList<>();
        long deadline = System.nanoTime() + REPLY_BOUND.toNanos();
        while (ids.isEmpty() || ids.get(ids.size() - 1) < lastId) {
            long left = deadline - System.nanoTime();
            JsonNode frame = left <= 0 ? null : client.next(Duration.ofNanos(left));
            if (frame == null) {
                throw new AssertionError("message " + lastId + " not received within " + REPLY_BOUND + "; got " + ids);
            }
            if (isType(frame, "message")) {
                ids.add(frame.get("id").asLong());
            }
        }
        return ids;
    }
}
