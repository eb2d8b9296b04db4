package dev.chat.core.domain;

import java.util.Locale;

/** What a member may do in a room, most first. */
public enum Role {
    /** Created the room (or was handed it): everything a moderator may, and hands ownership on, deletes the room. */
    OWNER,
    /** Adds and removes members, makes moderators, deletes any message of the room. */
    MODERATOR,
    /** Reads and writes. */
    MEMBER;

    /** The lower-case name used on the wire, e.g. {@code moderator}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role may do what {@code other} may. */
    public boolean atLeast(Role other) {
        return ordinal() <= other.ordinal();
    }

    /** The role a client named; {@code bad_request}. */
    public static Role ofWire(String wire) {
        for (Role role : values()) {
            if (role.wire().equals(wire)) {
                return role;
            }
        }
        throw new ChatException(ErrorCode.BAD_REQUEST, "'role' is \"owner\", \"moderator\" or \"member\".");
    }
}
