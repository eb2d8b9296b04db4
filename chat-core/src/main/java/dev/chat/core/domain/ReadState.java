package dev.chat.core.domain;

import java.util.Objects;

/**
 * How far a user has read a room: every position up to {@code readUpTo}; {@code unread} messages of others after it
 * (counted up to {@link #MOST_COUNTED}), {@code mentions} of the user among them.
 */
public record ReadState(RoomName room, long readUpTo, int unread, int mentions) {

    /** Unread messages are counted up to this many; more shows as this many. */
    public static final int MOST_COUNTED = 1000;

    public ReadState {
        Objects.requireNonNull(room, "room");
    }
}
