package dev.chat.core.domain;

import java.util.Locale;

/** Every way a request can be refused; {@link #wire()} is the code clients see in an {@code error}. */
public enum ErrorCode {
    BAD_REQUEST,
    INVALID_USERNAME,
    INVALID_PASSWORD,
    INVALID_ROOM,
    INVALID_TOPIC,
    INVALID_TEXT,
    INVALID_CLIENT_ID,
    NAME_TAKEN,
    ROOM_EXISTS,
    NO_SUCH_ROOM,
    NOT_JOINED,
    INVALID_CREDENTIALS,
    THROTTLED,
    UNAUTHORIZED,
    FORBIDDEN,
    GUESTS_DISABLED,
    BANNED,
    NO_SUCH_USER,
    NO_SUCH_MESSAGE,
    RATE_LIMITED,
    NOT_STORED,
    UNAVAILABLE;

    /** The lower-case code used on the wire, e.g. {@code rate_limited}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
