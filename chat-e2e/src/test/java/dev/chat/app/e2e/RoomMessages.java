package dev.chat.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.testsupport.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One room's messages written and changed the way a program does it, not a page: posted over the protocol, edited,
 * deleted and reacted to over HTTP, and read back as the server has them for a user.
 */
final class RoomMessages {

    private final Api api;
    private final int port;
    private final String room;

    RoomMessages(Api api, int port, String room) {
        this.api = api;
        this.port = port;
        this.room = room;
    }

    /** Posts as the token's user and waits for the server to store it; returns the message's id. */
    long post(String token, String text, Long replyTo) {
        try (WsClient socket = WsClient.connect(port, token)) {
            socket.join(room);
            return post(socket, room, text, replyTo);
        }
    }

    void edit(String token, long id, String text) {
        String body = WsClient.JSON.createObjectNode().put("text", text).toString();
        assertThat(api.request("PATCH", path(id), body, token).status()).isEqualTo(200);
    }

    void delete(String token, long id) {
        assertThat(api.request("DELETE", path(id), null, token).status()).isEqualTo(204);
    }

    /** Adds the token's user's reaction, or takes it back ({@code remove}). */
    void react(String token, long id, String emoji, boolean remove) {
        String reaction = path(id) + "/reactions/" + URLEncoder.encode(emoji, StandardCharsets.UTF_8);
        assertThat(api.request(remove ? "DELETE" : "PUT", reaction, null, token).status())
                .isEqualTo(200);
    }

    /** The room's messages as the server has them for the token's user, oldest first, as MessageRows shows them. */
    List<String> asServed(String token) {
        List<String> lines = new ArrayList<>();
        for (JsonNode message : api.get("/api/rooms/" + room + "/messages?limit=100", token)
                .body()
                .get("messages")) {
            lines.add(0, MessageRows.line(message));
        }
        return lines;
    }

    private String path(long id) {
        return "/api/rooms/" + room + "/messages/" + id;
    }

    /** Posts on an open connection that joined the room and waits for the server to store it; returns the id. */
    static long post(WsClient sender, String room, String text, Long replyTo) {
        String clientId = "c-" + System.nanoTime();
        if (replyTo == null) {
            sender.send("type", "send", "room", room, "text", text, "clientId", clientId);
        } else {
            sender.send("type", "send", "room", room, "text", text, "clientId", clientId, "replyTo", replyTo);
        }
        return sender.await(f -> "ack".equals(f.path("type").asText())
                        && clientId.equals(f.path("clientId").asText()))
                .get("id")
                .asLong();
    }
}
