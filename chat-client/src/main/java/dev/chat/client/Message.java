package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A stored chat message as the protocol describes it: its room, its id there (1, 2, 3, …), author, text as
 * received (not made safe to print), when the server stored it, and the sender's {@code clientId}.
 */
public record Message(String room, long id, String user, String text, Instant ts, String clientId) {

    /** Reads the protocol's message object, tolerating fields it does not know. */
    public static Message from(JsonNode node) {
        return new Message(
                node.path("room").asText(),
                node.path("id").asLong(),
                node.path("user").asText(),
                node.path("text").asText(),
                instant(node.path("ts")),
                node.path("clientId").asText(null));
    }

    /** The protocol's ISO-8601 instant; the epoch for one that is missing or malformed. */
    static Instant instant(JsonNode node) {
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
