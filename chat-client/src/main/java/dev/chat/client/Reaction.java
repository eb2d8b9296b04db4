package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;

/** One emoji on a message: how many people reacted with it, and whether the signed-in user is one of them. */
public record Reaction(String emoji, int count, boolean me) {

    /** Reads the protocol's {@code {"emoji", "count", "me"}}, tolerating fields it does not know. */
    public static Reaction from(JsonNode node) {
        return new Reaction(
                node.path("emoji").asText(),
                node.path("count").asInt(0),
                node.path("me").asBoolean(false));
    }
}
