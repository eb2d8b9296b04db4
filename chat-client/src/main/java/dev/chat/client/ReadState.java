package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where the user has read a room up to ({@code readUpTo}, a position; 0: nothing yet), how many messages of others
 * are after it ({@code unread}, counted up to 1,000) and how many of those call the user by name ({@code mentions}).
 * The same on every device of the user.
 */
public record ReadState(String room, int unread, int mentions, long readUpTo) {

    /** Reads the protocol's {@code read_state} frame or the answer of {@code PUT /api/rooms/{room}/read}. */
    public static ReadState from(JsonNode node) {
        return new ReadState(
                node.path("room").asText(),
                node.path("unread").asInt(0),
                node.path("mentions").asInt(0),
                node.path("readUpTo").asLong(0));
    }
}
