package dev.chat.core.domain;

import java.time.Instant;
import java.util.Objects;

/** A registered user, the hash of their password (never the password itself), and whether an admin banned them. */
public record Account(Username username, String passwordHash, Instant createdAt, boolean banned) {

    public Account {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A new account, not banned. */
    public Account(Username username, String passwordHash, Instant createdAt) {
        this(username, passwordHash, createdAt, false);
    }

    public Account withBanned(boolean value) {
        return new Account(username, passwordHash, createdAt, value);
    }

    @Override
    public String toString() {
        return "Account[" + username + "]";
    }
}
