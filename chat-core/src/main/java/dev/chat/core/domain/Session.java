package dev.chat.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in session as stored: only the SHA-256 of the bearer token is kept, so a copy of the store
 * cannot be used to sign in.
 */
public record Session(String tokenHash, Username user, boolean guest, Instant createdAt, Instant lastSeen) {

    public Session {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    public Session seenAt(Instant when) {
        return new Session(tokenHash, user, guest, createdAt, when);
    }
}
