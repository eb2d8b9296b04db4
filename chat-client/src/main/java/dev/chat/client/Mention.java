package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A message that called the user by name ({@code @ana}, or {@code @room} from a moderator), as it is now; {@code
 * unread} while it is after the user's read marker of its room.
 */
public record Mention(Message message, boolean unread) {

    /** Reads one item of {@code GET /api/mentions}. */
    public static Mention from(JsonNode node) {
        return new Mention(
                Message.from(node.path("message")), node.path("unread").asBoolean(false));
    }
}
