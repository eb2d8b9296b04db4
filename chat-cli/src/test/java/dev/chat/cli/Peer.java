package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.client.testing.TestServer;
import dev.chat.testsupport.WsClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** Another user on a raw WebSocket (the tests' one client), with what the CLI's tests ask of such a user. */
public final class Peer implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final WsClient socket;
    public final CompletableFuture<Integer> closeCode;
    private int sent;

    private Peer(WsClient socket) {
        this.socket = socket;
        this.closeCode = socket.closeCode;
    }

    public static Peer connect(TestServer server, String token) {
        return new Peer(WsClient.connect(server.port(), token));
    }

    public void send(Object... keyValues) {
        socket.send(keyValues);
    }

    public Peer join(String room) {
        send("type", "join", "room", room);
        await(f -> f.path("type").asText().equals("joined"));
        return this;
    }

    /** Joins the room and waits until {@code user} is in it too (already there, or arriving). */
    public Peer joinAndAwait(String room, String user) {
        send("type", "join", "room", room);
        JsonNode joined = await(f -> f.path("type").asText().equals("joined")
                && f.path("room").asText().equals(room));
        for (JsonNode name : joined.path("online")) {
            if (name.asText().equals(user)) {
                return this;
            }
        }
        await(f -> f.path("type").asText().equals("presence")
                && f.path("room").asText().equals(room)
                && f.path("user").asText().equals(user)
                && f.path("state").asText().equals("online"));
        return this;
    }

    /** Sends a message and waits for its ack; returns the message's id. */
    public long say(String room, String text) {
        String clientId = "peer-" + System.nanoTime() + "-" + (++sent);
        send("type", "send", "room", room, "text", text, "clientId", clientId);
        return await(f -> f.path("type").asText().equals("ack")
                        && f.path("clientId").asText().equals(clientId))
                .path("id")
                .asLong();
    }

    public JsonNode await(Predicate<JsonNode> match) {
        return socket.await(WAIT, match);
    }

    /** The next message frame with this text. */
    public JsonNode awaitMessage(String text) {
        return await(f -> f.path("type").asText().equals("message")
                && f.path("text").asText().equals(text));
    }

    @Override
    public void close() {
        socket.close();
    }
}
