package dev.chat.app.e2e;

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

/** A WebSocket client as a test sees it: frames in a queue, helpers to wait for one, the close code. */
final class WsClient implements WebSocket.Listener, AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private WebSocket socket;

    static WsClient connect(int port, String token) {
        return connect(port, token, null);
    }

    static WsClient connect(int port, String token, String origin) {
        return connect(port, token, origin, null);
    }

    /** With {@code forwardedFor}: as a client at that address behind a trusted proxy. */
    static WsClient connect(int port, String token, String origin, String forwardedFor) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5));
        if (forwardedFor != null) {
            builder.header("X-Forwarded-For", forwardedFor);
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), client).join();
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                throw new IllegalStateException("server sent invalid JSON: " + partial, e);
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

    void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    void send(Object... keyValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        sendRaw(node.toString());
    }

    void join(String room) {
        send("type", "join", "room", room);
        awaitType("joined");
    }

    /** Waits for the next frame that matches, dropping the ones before it. */
    JsonNode await(Predicate<JsonNode> match) {
        return await(WAIT, match);
    }

    /** Waits up to {@code within} for the next frame that matches, dropping the ones before it. */
    JsonNode await(Duration within, Predicate<JsonNode> match) {
        long deadline = System.nanoTime() + within.toNanos();
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
                throw new AssertionError("no matching frame within " + within + "; skipped " + skipped);
            }
            if (match.test(frame)) {
                return frame;
            }
            skipped.add(frame);
        }
    }

    JsonNode awaitType(String type) {
        return await(f -> type.equals(f.path("type").asText()));
    }

    /** The next frame, whatever it is, or null if none comes within the time. */
    JsonNode next(Duration within) {
        try {
            return frames.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every frame that arrives until the line goes quiet for {@code quiet}. */
    List<JsonNode> drain(Duration quiet) {
        List<JsonNode> all = new ArrayList<>();
        JsonNode frame;
        while ((frame = next(quiet)) != null) {
            all.add(frame);
        }
        return all;
    }

    int awaitClose() {
        return closeCode.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Drops the connection without a close handshake, as a lost network would. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
