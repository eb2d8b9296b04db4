package dev.chat.core.domain;

import java.util.Objects;

/**
 * A change to a message, at position {@code seq} of its room: {@code message} is the message's state after it (its
 * {@link Message#seq()} is {@code seq}; a deleted message's text is gone).
 */
public record Change(long seq, ChangeKind kind, Message message) implements Entry {

    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        if (seq <= message.id()) {
            throw new IllegalArgumentException("a change comes after its message: " + seq + " <= " + message.id());
        }
    }

    @Override
    public RoomName room() {
        return message.room();
    }

    @Override
    public long position() {
        return seq;
    }
}
