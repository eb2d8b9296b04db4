package dev.chat.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored message. {@code id} is the message's position in its room: ids are assigned by the store as
 * 1, 2, 3, … without gaps, so they sort in room order whatever the clocks of the nodes say.
 */
public record Message(RoomName room, long id, Username author, MessageText text, Instant ts, ClientId clientId) {

    public Message {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(clientId, "clientId");
        if (id < 1) {
            throw new IllegalArgumentException("message ids start at 1: " + id);
        }
    }
}
