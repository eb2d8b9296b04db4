package dev.chat.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A registered user, the hash of their password (never the password itself), whether an admin banned them,
 * and whether the server's operator created the account (or vouched for it): only such an account can hold
 * the admin role that the server's configuration names, so nobody can take that role by registering a name
 * first.
 */
public record Account(Username username, String passwordHash, Instant createdAt, boolean banned, boolean byOperator) {

    public Account {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * What a bot account holds instead of a password's hash: no password matches it, so a bot signs in only with
     * its access tokens.
     */
    public static final String BOT = "!bot";

    /** Whether it is a bot's: made by an admin, with no password. */
    public boolean isBot() {
        return BOT.equals(passwordHash);
    }

    /** A new account someone registered, not banned. */
    public Account(Username username, String passwordHash, Instant createdAt) {
        this(username, passwordHash, createdAt, false, false);
    }

    public Account withBanned(boolean value) {
        return new Account(username, passwordHash, createdAt, value, byOperator);
    }

    public Account withPasswordHash(String value) {
        return new Account(username, value, createdAt, banned, byOperator);
    }

    public Account withByOperator(boolean value) {
        return new Account(username, passwordHash, createdAt, banned, value);
    }

    @Override
    public String toString() {
        return "Account[" + username + "]";
    }
}
