package dev.chat.core.domain;

import java.time.Instant;
import java.util.Objects;

/** {@code user} was called by name ({@code @user}, or {@code @room}) in message {@code messageId} of {@code room}. */
public record Mention(Username user, RoomName room, long messageId, Username by, Instant ts) {

    public Mention {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(ts, "ts");
    }

    public static Mention of(Username user, Message message) {
        return new Mention(user, message.room(), message.id(), message.author(), message.ts());
    }
}
