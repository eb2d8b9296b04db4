package dev.chat.core.domain;

import java.util.Locale;

/** What kind of room it is; a room's kind never changes. */
public enum RoomKind {
    /** Everyone signed in sees it, reads it and may join it. */
    PUBLIC,
    /** Only its members see it; its owner and moderators add and remove them. */
    PRIVATE,
    /** A direct conversation of 2 to {@value Member#MOST_IN_DIRECT} people, fixed when it is opened; no name to choose, no topic. */
    DIRECT;

    /** The lower-case name used on the wire, e.g. {@code private}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind a client named ({@code public} or {@code private}; a direct room is opened, not created); {@code bad_request}. */
    public static RoomKind ofVisibility(String wire) {
        if (wire == null || wire.equals("public")) {
            return PUBLIC;
        }
        if (wire.equals("private")) {
            return PRIVATE;
        }
        throw new ChatException(ErrorCode.BAD_REQUEST, "'visibility' is \"public\" or \"private\".");
    }
}
