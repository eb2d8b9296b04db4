package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A member of a room: the username, its role there ({@code owner}, {@code moderator}, {@code member}) and since when. */
public record Member(String username, String role, Instant since) {

    /** Reads the protocol's member object, tolerating fields it does not know. */
    public static Member from(JsonNode node) {
        return new Member(
                node.path("username").asText(), node.path("role").asText(""), Message.instant(node.path("since")));
    }
}
