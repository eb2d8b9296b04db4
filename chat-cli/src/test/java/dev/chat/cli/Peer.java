package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Another user on a raw WebSocket, as a test sees it: frames in a queue and a way to wait for one. */
public final class Peer implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private WebSocket socket;
    private int sent;

    public static Peer connect(TestServer server, String token) {
        Peer peer = new Peer();
        peer.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), peer).join();
        return peer;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(-1);
    }

    public void send(Object... keyValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        socket.sendText(node.toString(), true).join();
    }

    public Peer join(String room) {
        send("type", "join", "room", room);
        await(f -> f.path("type").asText().equals("joined"));
        return this;
    }

    /** Joins the room and waits until {@code user} is in it too (already there, or arriving). */
    public Peer joinAndAwait(String room, String user) {
        send("type", "join", "room", room);
        JsonNode joined = await(f -> f.path("type").asText().equals("joined") && f.path("room").asText().equals(room));
        for (JsonNode name : joined.path("online")) {
            if (name.asText().equals(user)) {
                return this;
            }
        }
        await(f -> f.path("type").asText().equals("presence") && f.path("room").asText().equals(room)
                && f.path("user").asText().equals(user) && f.path("state").asText().equals("online"));
        return this;
    }

    /** Sends a message and waits for its ack; returns the message's id. */
    public long say(String room, String text) {
        String clientId = "peer-" + System.nanoTime() + "-" + (++sent);
        send("type", "send", "room", room, "text", text, "clientId", clientId);
        return await(f -> f.path("type").asText().equals("ack") && f.path("clientId").asText().equals(clientId))
                .path("id").asLong();
    }

    public JsonNode await(Predicate<JsonNode> match) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<JsonNode> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode frame;
            try {
                frame = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (frame == null) {
                throw new AssertionError("no matching frame within " + WAIT + "; skipped " + skipped);
            }
            if (match.test(frame)) {
                return frame;
            }
            skipped.add(frame);
        }
    }

    /** The next message frame with this text. */
    public JsonNode awaitMessage(String text) {
        return await(f -> f.path("type").asText().equals("message") && f.path("text").asText().equals(text));
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
