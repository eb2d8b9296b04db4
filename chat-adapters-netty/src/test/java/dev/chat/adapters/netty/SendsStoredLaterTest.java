package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Entry;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.InMemoryMessageStore;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.service.ChatCore;
import dev.chat.core.service.ChatSettings;
import dev.chat.testsupport.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store that answers appends later, on a thread of its own (as SQLite's writer does): a connection's sends are
 * still stored and acknowledged in the order sent, the ack comes before the answer to the connection's next frame,
 * a failure is answered as before, and a send waiting for the store holds no worker, so other connections go on.
 */
class SendsStoredLaterTest {

    private static final RoomName GENERAL = new RoomName("general");

    private final LaterStore store = new LaterStore();
    private ChatCore core;
    private NettyChatServer server;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws InterruptedException {
        core = ChatCore.inMemory()
                .messageStore(store)
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .settings(ChatSettings.defaults().withRateLimitPer10s(0).withDefaultRooms(List.of(GENERAL)))
                .build();
        ServerSettings defaults = ServerSettings.defaults();
        // One worker: a send that held it while the store writes would hold up every other connection.
        ServerSettings oneWorker = new ServerSettings(
                defaults.host(),
                0,
                defaults.allowedOrigins(),
                defaults.pingInterval(),
                defaults.maxFrameBytes(),
                defaults.maxBodyBytes(),
                defaults.outboundLimitBytes(),
                Duration.ofSeconds(1),
                defaults.secureCookies(),
                defaults.sessionMaxAge(),
                1,
                1,
                defaults.trustedProxies(),
                defaults.allowedHosts(),
                defaults.publicUrl());
        server = new NettyChatServer(CoreApi.of(core), oneWorker).start();
    }

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        store.releaseHeld();
        server.stop();
        core.close();
        store.close();
    }

    private WsClient connect(String name) {
        core.accounts().register(Username.of(name), new Password(name + "-password"));
        String token = core.accounts().login(name, name + "-password").token();
        WsClient client = WsClient.connect(server.port(), token);
        clients.add(client);
        client.join("general");
        return client;
    }

    private static boolean answer(JsonNode frame) {
        String type = frame.path("type").asText();
        return type.equals("ack") || type.equals("error") || type.equals("history");
    }

    @Test
    void sends_are_stored_and_acked_in_the_order_sent_even_when_the_store_answers_out_of_turn() {
        // Every other append is answered 60 ms late: had two of them been made at once, the later would be
        // stored first.
        store.delayEveryOther(Duration.ofMillis(60));
        WsClient ana = connect("ana");

        for (int i = 1; i <= 10; i++) {
            ana.send("type", "send", "room", "general", "text", "m" + i, "clientId", "c" + i);
        }
        ana.send("type", "history", "room", "general", "limit", 1);

        List<JsonNode> answers = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            answers.add(ana.await(SendsStoredLaterTest::answer));
        }
        assertThat(answers.subList(0, 10))
                .extracting(
                        f -> f.path("type").asText() + " " + f.path("clientId").asText())
                .containsExactly(
                        "ack c1", "ack c2", "ack c3", "ack c4", "ack c5", "ack c6", "ack c7", "ack c8", "ack c9",
                        "ack c10");
        assertThat(answers.subList(0, 10))
                .extracting(f -> f.path("id").asLong())
                .isSorted();
        assertThat(answers.get(10).path("type").asText()).isEqualTo("history");
        assertThat(store.after(GENERAL, 0, 20))
                .extracting(e -> ((Message) e).text().value())
                .containsExactly("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10");
    }

    @Test
    void a_store_that_fails_later_is_answered_not_stored_with_the_send_s_ref_room_and_retry_hint() {
        store.failAppends();
        WsClient ana = connect("ana");

        ana.send("type", "send", "room", "general", "text", "lost", "clientId", "c1");

        JsonNode error = ana.await(SendsStoredLaterTest::answer);
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("code").asText()).isEqualTo("not_stored");
        assertThat(error.path("ref").asText()).isEqualTo("c1");
        assertThat(error.path("room").asText()).isEqualTo("general");
        assertThat(error.path("retryAfterMs").asLong()).isEqualTo(1000);
    }

    @Test
    void a_send_waiting_for_the_store_holds_up_no_other_connection() throws Exception {
        WsClient ana = connect("ana");
        WsClient bob = connect("bob");
        store.holdAppends();

        ana.send("type", "send", "room", "general", "text", "slow", "clientId", "a1");
        assertThat(store.awaitHeld()).as("ana's append reached the store").isTrue();
        bob.send("type", "history", "room", "general", "limit", 1);

        JsonNode page = bob.await(Duration.ofSeconds(5), SendsStoredLaterTest::answer);
        assertThat(page.path("type").asText()).isEqualTo("history");
        assertThat(ana.drain(Duration.ofMillis(100)))
                .as("nothing answered to ana before her message is stored")
                .noneMatch(SendsStoredLaterTest::answer);

        store.releaseHeld();
        JsonNode ack = ana.await(SendsStoredLaterTest::answer);
        assertThat(ack.path("type").asText()).isEqualTo("ack");
        assertThat(ack.path("clientId").asText()).isEqualTo("a1");
    }

    /** The in-memory store, whose appends are made and answered on a thread of its own, later. */
    private static final class LaterStore implements MessageStore, AutoCloseable {

        private final InMemoryMessageStore delegate = new InMemoryMessageStore();
        private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "later-store");
            t.setDaemon(true);
            return t;
        });
        private final AtomicInteger appends = new AtomicInteger();
        private volatile Duration everyOther = Duration.ZERO;
        private volatile boolean failing;
        private volatile boolean holding;
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        void delayEveryOther(Duration delay) {
            everyOther = delay;
        }

        void failAppends() {
            failing = true;
        }

        void holdAppends() {
            holding = true;
        }

        boolean awaitHeld() throws InterruptedException {
            return held.await(10, TimeUnit.SECONDS);
        }

        void releaseHeld() {
            release.countDown();
        }

        @Override
        public CompletableFuture<Appended> appendAsync(NewMessage message) {
            CompletableFuture<Appended> answer = new CompletableFuture<>();
            Runnable append = () -> {
                if (failing) {
                    answer.completeExceptionally(new IllegalStateException("the disk is gone"));
                    return;
                }
                try {
                    answer.complete(delegate.append(message));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            };
            if (holding) {
                held.countDown();
                thread.execute(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    append.run();
                });
                return answer;
            }
            long delay = appends.getAndIncrement() % 2 == 0 ? everyOther.toMillis() : 0;
            thread.schedule(append, delay, TimeUnit.MILLISECONDS);
            return answer;
        }

        @Override
        public Appended append(NewMessage message) {
            return appendAsync(message).join();
        }

        @Override
        public Optional<Message> find(RoomName room, Username author, ClientId clientId) {
            return delegate.find(room, author, clientId);
        }

        @Override
        public Optional<Message> message(RoomName room, long id) {
            return delegate.message(room, id);
        }

        @Override
        public Optional<Changed> change(RoomName room, long id, ChangeKind kind, Edit edit) {
            return delegate.change(room, id, kind, edit);
        }

        @Override
        public List<Entry> after(RoomName room, long afterPosition, int limit) {
            return delegate.after(room, afterPosition, limit);
        }

        @Override
        public List<Message> before(RoomName room, long beforeId, int limit) {
            return delegate.before(room, beforeId, limit);
        }

        @Override
        public long latestPosition(RoomName room) {
            return delegate.latestPosition(room);
        }

        @Override
        public void deleteRoom(RoomName room) {
            delegate.deleteRoom(room);
        }

        @Override
        public void moveRoom(RoomName from, RoomName to) {
            delegate.moveRoom(from, to);
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }
}
