package dev.chat.core.domain;

import java.time.Instant;
import java.util.Objects;

/** A user's membership of a room: their role there and since when. */
public record Member(RoomName room, Username user, Role role, Instant since) {

    /** The most people a direct room holds. */
    public static final int MOST_IN_DIRECT = 9;

    public Member {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(since, "since");
    }

    public Member withRole(Role next) {
        return new Member(room, user, next, since);
    }
}
