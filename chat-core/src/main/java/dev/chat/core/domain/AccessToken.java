package dev.chat.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A named access token of a user or a bot, as stored: like a session's, only the SHA-256 of the secret is kept. It
 * works as a bearer credential within its {@link #grant()}: some rooms or all, read or read and write, until it
 * expires or is revoked.
 *
 * @param id its public id, which lists and revocation name (not a secret)
 * @param expiresAt when it stops working, or null for never
 * @param lastUsed when it was last used (recorded at most once a minute), or null for never
 * @param rooms the rooms it may reach, or empty for every room its owner may
 */
public record AccessToken(
        String id,
        Username owner,
        String name,
        String tokenHash,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsed,
        Set<RoomName> rooms,
        boolean write) {

    /** The longest name, in characters. */
    public static final int MAX_NAME_LENGTH = 64;

    public AccessToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(createdAt, "createdAt");
        rooms = Set.copyOf(Objects.requireNonNull(rooms, "rooms"));
    }

    /** A name as typed, checked: one line of 1 to {@value #MAX_NAME_LENGTH} characters; {@code bad_request}. */
    public static String name(String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty()
                || name.codePointCount(0, name.length()) > MAX_NAME_LENGTH
                || Text.hasForbiddenControl(name, false)
                || Text.isInvisibleOnly(name)) {
            throw new ChatException(
                    ErrorCode.BAD_REQUEST,
                    "A token's name is one line of 1 to " + MAX_NAME_LENGTH + " characters, such as 'deploy bot'.");
        }
        return name;
    }

    public Grant grant() {
        return new Grant(id, rooms, write, expiresAt);
    }

    public AccessToken usedAt(Instant when) {
        return new AccessToken(id, owner, name, tokenHash, createdAt, expiresAt, when, rooms, write);
    }

    @Override
    public String toString() {
        return "AccessToken[" + id + " of " + owner + "]";
    }
}
