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
    UNAVAILABLE,
    /** The user, or the address, holds as many live connections as it may. */
    TOO_MANY_CONNECTIONS,
    /** The connection is in as many rooms as one connection may be. */
    TOO_MANY_ROOMS,
    /** The account created as many rooms as one account may. */
    ROOM_LIMIT,
    /** A password change named the wrong current password. */
    WRONG_PASSWORD,
    /** A password reset token that is unknown, used or expired. */
    INVALID_TOKEN,
    /** A reaction that is not one emoji. */
    INVALID_EMOJI,
    /** A message has as many different reactions as it may. */
    TOO_MANY_REACTIONS,
    /** The account holds as many access tokens as one account may. */
    TOO_MANY_TOKENS,
    /** An access token id that the owner does not have. */
    NO_SUCH_TOKEN,
    /** A webhook that the room does not have, or an incoming webhook's URL with a wrong secret. */
    NO_SUCH_WEBHOOK,
    /** The room has as many webhooks as one room may. */
    TOO_MANY_WEBHOOKS,
    /** An outgoing webhook's URL that is not HTTPS or reaches a private, loopback or link-local address. */
    WEBHOOK_URL_REFUSED;

    /** The lower-case code used on the wire, e.g. {@code rate_limited}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
