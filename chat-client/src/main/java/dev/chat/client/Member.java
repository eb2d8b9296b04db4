package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A member of a room: the username, its role there ({@code owner}, {@code moderator}, {@code member}), since when, and
 * whether it is a bot account ({@code bot}: show it so).
 */
public record Member(String username, String role, Instant since, boolean bot) {

    /** A person's membership. */
    public Member(String username, String role, Instant since) {
        this(username, role, since, false);
    }

    /** Reads the protocol's member object, tolerating fields it does not know. */
    public static Member from(JsonNode node) {
        return new Member(
                node.path("username").asText(),
                node.path("role").asText(""),
                Message.instant(node.path("since")),
                node.path("bot").asBoolean(false));
    }
}
