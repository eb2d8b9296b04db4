package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An access token as the server lists it: its id (what revocation names), name, owner, scope ({@code read} or {@code
 * read_write}), the rooms it is limited to (empty: every room its owner may see), when it was made, when it expires and
 * was last used (null: never), and, only in the answer that made it, its secret.
 */
public record AccessToken(
        String id,
        String name,
        String owner,
        String scope,
        List<String> rooms,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        String secret) {

    /** Reads the protocol's token object, tolerating fields it does not know. */
    public static AccessToken from(JsonNode node) {
        List<String> rooms = new ArrayList<>();
        node.path("rooms").forEach(r -> rooms.add(r.asText()));
        return new AccessToken(
                node.path("id").asText(),
                node.path("name").asText(),
                node.path("owner").asText(),
                node.path("scope").asText(),
                List.copyOf(rooms),
                Message.instant(node.path("createdAt")),
                optionalInstant(node.path("expiresAt")),
                optionalInstant(node.path("lastUsedAt")),
                node.hasNonNull("token") ? node.path("token").asText() : null);
    }

    private static Instant optionalInstant(JsonNode value) {
        return value.isTextual() ? Message.instant(value) : null;
    }

    @Override
    public String toString() {
        return "AccessToken[" + id + " " + name + "]";
    }
}
