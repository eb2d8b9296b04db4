package dev.chat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A stored chat message as the protocol describes it; the text is as received, not yet made safe to print. */
public record Message(String room, long id, String user, String text, Instant ts, String clientId) {

    /** Reads the protocol's message object, tolerating fields it does not know. */
    public static Message from(JsonNode node) {
        Instant ts;
        try {
            ts = Instant.parse(node.path("ts").asText());
        } catch (DateTimeParseException e) {
            ts = Instant.EPOCH;
        }
        return new Message(
                node.path("room").asText(),
                node.path("id").asLong(),
                node.path("user").asText(),
                node.path("text").asText(),
                ts,
                node.path("clientId").asText(null));
    }

    /** The protocol's message object, for {@code --json} output. */
    public ObjectNode toJson() {
        ObjectNode node = Api.JSON.createObjectNode();
        node.put("room", room).put("id", id).put("user", user).put("text", text).put("ts", ts.toString());
        if (clientId != null) {
            node.put("clientId", clientId);
        }
        return node;
    }
}
