package dev.chat.core.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A refusal the user can read: a stable {@link ErrorCode} and one sentence. */
public final class ChatException extends RuntimeException {

    private final ErrorCode code;
    private final Duration retryAfter;

    public ChatException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public ChatException(ErrorCode code, String message, Duration retryAfter) {
        this(code, message, retryAfter, null);
    }

    public ChatException(ErrorCode code, String message, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.code = Objects.requireNonNull(code);
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    /** How long the caller should wait before trying again, when the refusal is temporary. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
