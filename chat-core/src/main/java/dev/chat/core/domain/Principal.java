package dev.chat.core.domain;

import java.util.Objects;

/** Who is acting: the signed-in user of one session. */
public record Principal(Username user, boolean guest, boolean admin, String sessionId) {

    public Principal {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(sessionId, "sessionId");
    }
}
