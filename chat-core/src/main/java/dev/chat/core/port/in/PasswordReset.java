package dev.chat.core.port.in;

import dev.chat.core.domain.Username;
import java.time.Duration;
import java.time.Instant;

/**
 * A one-time password reset: the token (shown once; only its hash is kept) that lets whoever holds it set a
 * new password for {@code user} until {@code expiresAt}.
 */
public record PasswordReset(Username user, String token, Instant expiresAt) {

    public static Duration validFor() {
        return Duration.ofHours(24);
    }

    @Override
    public String toString() {
        return "PasswordReset[" + user + ", until " + expiresAt + "]";
    }
}
