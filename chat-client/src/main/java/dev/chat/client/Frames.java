package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The protocol's JSON, both ways: the client frames this client sends, and server frames parsed. */
final class Frames {

    private Frames() {}

    static String join(String room, Long after) {
        ObjectNode f = frame("join", "room", room);
        if (after != null) {
            f.put("after", after);
        }
        return f.toString();
    }

    static String leave(String room) {
        return frame("leave", "room", room).toString();
    }

    static String send(String room, String text, String clientId, Long replyTo) {
        ObjectNode f = frame("send", "room", room, "text", text, "clientId", clientId);
        if (replyTo != null) {
            f.put("replyTo", replyTo);
        }
        return f.toString();
    }

    static String typing(String room, boolean stop) {
        ObjectNode f = frame("typing", "room", room);
        if (stop) {
            f.put("stop", true);
        }
        return f.toString();
    }

    static String history(String room, Long before, int limit) {
        ObjectNode f = frame("history", "room", room);
        if (before != null) {
            f.put("before", before);
        }
        return f.put("limit", limit).toString();
    }

    static String ping() {
        return frame("ping").toString();
    }

    /** A server frame, or null for text that is not a JSON object (ignored, as the protocol asks). */
    static JsonNode parse(String text) {
        try {
            JsonNode frame = ChatApi.JSON.readTree(text);
            return frame != null && frame.isObject() ? frame : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static ObjectNode frame(String type, String... keyValues) {
        ObjectNode node = ChatApi.JSON.createObjectNode().put("type", type);
        for (int i = 0; i < keyValues.length; i += 2) {
            node.put(keyValues[i], keyValues[i + 1]);
        }
        return node;
    }
}
