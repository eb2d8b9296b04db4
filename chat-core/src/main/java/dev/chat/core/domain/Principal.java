package dev.chat.core.domain;

import java.util.Objects;

/**
 * Who is acting: the signed-in user of one session, or of one access token ({@code grant} then says what the token
 * allows; {@code sessionId} is the token's hash, as a session's is its token's).
 */
public record Principal(Username user, boolean guest, boolean admin, String sessionId, Grant grant) {

    public Principal {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(grant, "grant");
    }

    /** The principal of a session. */
    public Principal(Username user, boolean guest, boolean admin, String sessionId) {
        this(user, guest, admin, sessionId, Grant.SESSION);
    }
}
