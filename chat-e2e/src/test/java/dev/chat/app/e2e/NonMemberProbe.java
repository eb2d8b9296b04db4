package dev.chat.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chat.testsupport.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything someone who is not a member could try against a room, written from docs/protocol.md alone: every HTTP
 * path and every WebSocket frame that names a room. What it answers for a private room must be exactly what it
 * answers for a room that does not exist ("A non-member learns nothing, not even that a room exists").
 */
final class NonMemberProbe {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private NonMemberProbe() {}

    /** The answers, in order, with the room's name replaced by {@code ROOM}, so two rooms' answers compare. */
    static List<String> answers(Api api, WsClient socket, String token, String room) {
        List<String> answers = new ArrayList<>();
        String path = "/api/rooms/" + room;
        answers.add(http(api.get(path + "/messages", token), room));
        answers.add(http(api.get(path + "/messages?before=5&limit=2", token), room));
        answers.add(http(api.get(path + "/members", token), room));
        answers.add(http(api.post(path + "/members", "{\"username\":\"carol\"}", token), room));
        answers.add(http(api.request("DELETE", path + "/members/carol", null, token), room));
        answers.add(http(api.request("PATCH", path + "/members/carol", "{\"role\":\"moderator\"}", token), room));
        answers.add(http(api.request("DELETE", path + "/messages/1", null, token), room));
        answers.add(http(api.get(path + "/messages/1", token), room));
        answers.add(http(api.request("PATCH", path + "/messages/1", "{\"text\":\"mine now\"}", token), room));
        answers.add(http(api.request("PUT", path + "/messages/1/reactions/%F0%9F%91%8D", null, token), room));
        answers.add(http(api.request("DELETE", path + "/messages/1/reactions/%F0%9F%91%8D", null, token), room));
        answers.add(http(api.get(path + "/messages/1/reactions", token), room));
        answers.add(http(api.request("PUT", path + "/read", "{\"id\":1}", token), room));
        answers.add(http(api.request("DELETE", path, null, token), room));
        answers.add(http(api.request("PATCH", path, "{\"topic\":\"mine now\"}", token), room));
        boolean listed = false;
        for (JsonNode listedRoom : api.get("/api/rooms", token).body().path("rooms")) {
            listed |= listedRoom.path("name").asText().equals(room);
        }
        answers.add("listed in GET /api/rooms: " + listed);
        answers.add(ws(socket, room, "type", "join", "room", room));
        answers.add(ws(socket, room, "type", "join", "room", room, "after", 0));
        answers.add(ws(socket, room, "type", "history", "room", room));
        answers.add(ws(socket, room, "type", "send", "room", room, "text", "let me in", "clientId", "probe-" + room));
        answers.add(ws(socket, room, "type", "typing", "room", room));
        answers.add(ws(socket, room, "type", "edit", "room", room, "id", 1, "text", "mine now"));
        answers.add(ws(socket, room, "type", "delete", "room", room, "id", 1));
        answers.add(ws(socket, room, "type", "react", "room", room, "id", 1, "emoji", "👍"));
        answers.add(ws(socket, room, "type", "read", "room", room, "id", 1));
        answers.add(ws(
                socket, room, "type", "send", "room", room, "text", "re", "clientId", "probe2-" + room, "replyTo", 1));
        boolean mentioned = false;
        for (JsonNode mention : api.get("/api/mentions", token).body().path("mentions")) {
            mentioned |= mention.path("message").path("room").asText().equals(room);
        }
        answers.add("listed in GET /api/mentions: " + mentioned);
        return answers;
    }

    private static String http(Api.Response response, String room) {
        return (response.status() + " " + response.body()).replace(room, "ROOM");
    }

    /**
     * What the server answers to the frame, or "no answer". A {@code history} frame of the public room {@code general}
     * follows it as a marker: frames are answered in the order sent (a {@code ping} is not, it is answered at once).
     */
    private static String ws(WsClient socket, String room, Object... frame) {
        socket.send(frame);
        socket.send("type", "history", "room", "general", "limit", 1);
        List<String> answers = new ArrayList<>();
        while (true) {
            JsonNode next = socket.await(WAIT, f -> true);
            String type = next.path("type").asText();
            if (type.equals("history") && next.path("room").asText().equals("general")) {
                return answers.isEmpty() ? "no answer" : String.join(" then ", answers);
            }
            if (!type.equals("presence") && !type.equals("typing") && !type.equals("message")) {
                answers.add(next.toString().replace(room, "ROOM"));
            }
        }
    }
}
