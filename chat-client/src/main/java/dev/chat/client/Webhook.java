package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A room's webhook as the server lists it, never with its secret: its id, room, kind ({@value #INCOMING}: programs
 * post to its secret URL; {@value #OUTGOING}: the room's messages are sent to {@code url}), the bot account it speaks
 * as, who made it and when, and for an outgoing one its {@code url} and {@code trigger} (null: every message). An
 * incoming one's {@code url} and {@code trigger} are null.
 */
public record Webhook(
        String id,
        String room,
        String kind,
        String bot,
        String createdBy,
        Instant createdAt,
        String url,
        String trigger) {

    public static final String INCOMING = "incoming";
    public static final String OUTGOING = "outgoing";

    /** Reads the protocol's webhook object, tolerating fields it does not know. */
    public static Webhook from(JsonNode node) {
        return new Webhook(
                node.path("id").asText(),
                node.path("room").asText(),
                node.path("kind").asText(),
                node.path("bot").asText(),
                node.path("createdBy").asText(),
                Message.instant(node.path("createdAt")),
                optionalText(node.path("url")),
                optionalText(node.path("trigger")));
    }

    public boolean incoming() {
        return kind.equals(INCOMING);
    }

    static String optionalText(JsonNode value) {
        return value.isTextual() ? value.asText() : null;
    }
}
