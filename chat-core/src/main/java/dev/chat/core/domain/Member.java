package dev.chat.core.domain;

import java.time.Instant;
import java.util.Objects;

/** A user's membership of a room: their role there, since when, and up to which position they have read it. */
public record Member(RoomName room, Username user, Role role, Instant since, long readUpTo) {

    /** The most people a direct room holds. */
    public static final int MOST_IN_DIRECT = 9;

    public Member {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(since, "since");
    }

    /** A new member, who has read nothing yet. */
    public Member(RoomName room, Username user, Role role, Instant since) {
        this(room, user, role, since, 0);
    }

    public Member withRole(Role next) {
        return new Member(room, user, next, since, readUpTo);
    }

    public Member readTo(long upTo) {
        return upTo <= readUpTo ? this : new Member(room, user, role, since, upTo);
    }
}
