package dev.chat.core.domain;

import java.time.Instant;
import java.util.Objects;

/** A registered user and the hash of their password (never the password itself). */
public record Account(Username username, String passwordHash, Instant createdAt) {

    public Account {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public String toString() {
        return "Account[" + username + "]";
    }
}
