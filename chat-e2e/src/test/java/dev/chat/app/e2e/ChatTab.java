package dev.chat.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chat.testsupport.WsClient;
import dev.chat.testsupport.openapi.ValidatingHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One user's window on one room, kept the way docs/protocol.md ("Writing a client") tells a client to keep
 * it: every frame it was sent, sends pending until acknowledged, the highest message id seen; after losing
 * its node it connects to another, joins with {@code after} = that id and resends what is pending with the
 * same {@code clientId}. Unlike {@link WsClient} it forgets no frame, so a test can look at the whole session.
 */
final class ChatTab implements AutoCloseable {

    private static final HttpClient HTTP = ValidatingHttpClient.wrap(HttpClient.newHttpClient());
    private static final Duration JOIN_WAIT = Duration.ofSeconds(10);

    private final String user;
    private final String token;
    private final String room;
    /** Guards everything below; notified on every frame and every lost connection. */
    private final Object lock = new Object();

    private final List<JsonNode> frames = new ArrayList<>();
    private final List<JsonNode> messages = new ArrayList<>();
    private final Map<String, String> pending = new LinkedHashMap<>();
    private final Map<String, Long> acked = new HashMap<>();
    private final Map<String, JsonNode> refused = new HashMap<>();
    private int joins;
    private Connection connection;

    private ChatTab(String user, String token, String room) {
        this.user = user;
        this.token = token;
        this.room = room;
    }

    /** Connects to the node on {@code port} and joins the room without replay, as a first visit does. */
    static ChatTab open(int port, String user, String token, String room) {
        ChatTab tab = new ChatTab(user, token, room);
        tab.connect(port, OptionalLong.empty());
        return tab;
    }

    String user() {
        return user;
    }

    /**
     * Connects to the node on {@code port}, joins after the highest id seen, and resends every pending
     * message with its {@code clientId}: what a client does when its connection broke.
     */
    void reconnect(int port) {
        synchronized (lock) {
            if (connection != null) {
                connection.socket.abort();
            }
        }
        connect(port, OptionalLong.of(lastSeen()));
        Map<String, String> resend;
        synchronized (lock) {
            resend = new LinkedHashMap<>(pending);
        }
        resend.forEach(this::transmit);
    }

    private void connect(int port, OptionalLong after) {
        Connection fresh = new Connection();
        fresh.socket = HTTP.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), fresh)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        int joinsBefore;
        synchronized (lock) {
            connection = fresh;
            joinsBefore = joins;
        }
        ObjectNode join = WsClient.JSON.createObjectNode().put("type", "join").put("room", room);
        after.ifPresent(id -> join.put("after", id));
        fresh.send(join.toString());
        awaitUntil(JOIN_WAIT, () -> joins > joinsBefore, user + " joined " + room + " on port " + port);
    }

    /** Sends a message and keeps it pending until its {@code ack}; a broken connection leaves it pending. */
    void post(String clientId, String text) {
        synchronized (lock) {
            pending.put(clientId, text);
        }
        transmit(clientId, text);
    }

    private void transmit(String clientId, String text) {
        Connection current;
        synchronized (lock) {
            current = connection;
        }
        ObjectNode send = WsClient.JSON
                .createObjectNode()
                .put("type", "send")
                .put("room", room)
                .put("text", text)
                .put("clientId", clientId);
        current.send(send.toString());
    }

    void typing() {
        Connection current;
        synchronized (lock) {
            current = connection;
        }
        current.send(WsClient.JSON
                .createObjectNode()
                .put("type", "typing")
                .put("room", room)
                .toString());
    }

    /**
     * The id the server acknowledged for {@code clientId}, or empty when the connection broke first (then
     * {@link #reconnect} resends it). A refusal or no answer within {@code within} fails the test.
     */
    OptionalLong awaitAck(String clientId, Duration within) {
        synchronized (lock) {
            Connection waitingOn = connection;
            awaitUntil(
                    within,
                    () -> acked.containsKey(clientId) || refused.containsKey(clientId) || waitingOn.lost,
                    "the ack of " + clientId);
            if (refused.containsKey(clientId)) {
                throw new AssertionError(user + "'s send " + clientId + " was refused: " + refused.get(clientId));
            }
            return acked.containsKey(clientId) ? OptionalLong.of(acked.get(clientId)) : OptionalLong.empty();
        }
    }

    /** Waits until the connection is gone (the node died), as a client learns from its socket. */
    void awaitDisconnected(Duration within) {
        synchronized (lock) {
            Connection current = connection;
            awaitUntil(within, () -> current.lost, user + "'s connection to be lost");
        }
    }

    /** The first frame of this whole session that matches, waiting up to {@code within} for it to come. */
    JsonNode await(Duration within, String what, Predicate<JsonNode> match) {
        synchronized (lock) {
            awaitUntil(within, () -> frames.stream().anyMatch(match), what);
            return frames.stream().filter(match).findFirst().orElseThrow();
        }
    }

    /** The first frame of this session that matches, if one has come. */
    Optional<JsonNode> find(Predicate<JsonNode> match) {
        synchronized (lock) {
            return frames.stream().filter(match).findFirst();
        }
    }

    /**
     * The {@code message} frames received, in arrival order, once there are at least {@code count} of them or
     * {@code within} has passed, whichever comes first: the caller's assertion says what is missing.
     */
    List<JsonNode> messages(int count, Duration within) {
        synchronized (lock) {
            try {
                awaitUntil(within, () -> messages.size() >= count, count + " messages");
            } catch (AssertionError notAllThere) {
                // Returned as they are.
            }
            return List.copyOf(messages);
        }
    }

    /** The highest message id received, 0 before the first. */
    long lastSeen() {
        synchronized (lock) {
            return messages.stream().mapToLong(m -> m.get("id").asLong()).max().orElse(0);
        }
    }

    /** The ids the server acknowledged for this tab's sends, by {@code clientId}. */
    Map<String, Long> acked() {
        synchronized (lock) {
            return Map.copyOf(acked);
        }
    }

    /** Waits until at least {@code count} of this tab's sends have been acknowledged. */
    void awaitAcks(int count, Duration within) {
        synchronized (lock) {
            awaitUntil(within, () -> acked.size() >= count, count + " acks");
        }
    }

    private void received(JsonNode frame) {
        synchronized (lock) {
            frames.add(frame);
            switch (frame.path("type").asText()) {
                case "message" -> messages.add(frame);
                case "joined" -> joins++;
                case "ack" -> {
                    String clientId = frame.get("clientId").asText();
                    acked.put(clientId, frame.get("id").asLong());
                    pending.remove(clientId);
                }
                case "error" -> {
                    if (frame.hasNonNull("ref")) {
                        refused.put(frame.get("ref").asText(), frame);
                    }
                }
                default -> {}
            }
            lock.notifyAll();
        }
    }

    /** Waits on the lock until {@code done} holds; fails naming {@code what} and the frames so far. */
    private void awaitUntil(Duration within, BooleanSupplier done, String what) {
        synchronized (lock) {
            long deadline = System.nanoTime() + within.toNanos();
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(user + " waited " + within + " for " + what + " in vain; last frames: "
                            + frames.subList(Math.max(0, frames.size() - 10), frames.size()));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (connection != null) {
                connection.socket.abort();
            }
        }
    }

    @Override
    public String toString() {
        return user + " in " + room;
    }

    /** One WebSocket connection of the tab; a new one replaces it after a reconnect. */
    private final class Connection implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;
        /** Set once the socket is closed or broken; read and written under the tab's lock. */
        private boolean lost;

        /** Sends one frame; on a broken connection it sends nothing (a pending message is resent after reconnecting). */
        void send(String text) {
            synchronized (this) {
                try {
                    socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
                } catch (RuntimeException brokenConnection) {
                    disconnected();
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received(WsClient.JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new IllegalStateException("the server sent invalid JSON: " + partial, e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            disconnected();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            disconnected();
        }

        private void disconnected() {
            synchronized (lock) {
                lost = true;
                lock.notifyAll();
            }
        }
    }
}
