package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One emoji on a message and the people who reacted with it, in the order they did. */
public record WhoReacted(String emoji, int count, boolean me, List<String> users) {

    public WhoReacted {
        users = List.copyOf(users);
    }

    /** Reads one item of {@code GET /api/rooms/{room}/messages/{id}/reactions}. */
    public static WhoReacted from(JsonNode node) {
        List<String> users = new ArrayList<>();
        node.path("users").forEach(u -> users.add(u.asText()));
        return new WhoReacted(
                node.path("emoji").asText(),
                node.path("count").asInt(users.size()),
                node.path("me").asBoolean(false),
                users);
    }
}
