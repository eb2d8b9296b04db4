package dev.chat.core.port.in;

import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import java.util.Objects;
import java.util.Optional;

/**
 * What an admin changes about a room: a new name, a new topic (empty clears it), or both, never nothing. Both are
 * domain values, so a change that exists is valid as a whole: a bad topic cannot leave a rename half done.
 */
public record RoomChange(Optional<RoomName> name, Optional<Topic> topic) {

    public RoomChange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        if (name.isEmpty() && topic.isEmpty()) {
            throw new IllegalArgumentException("A room change changes the name, the topic, or both.");
        }
    }

    /** Parses what a client gave, either of which may be null ({@code invalid_room}, {@code invalid_topic}). */
    public static RoomChange of(String newName, String topic) {
        return new RoomChange(
                Optional.ofNullable(newName).map(RoomName::of),
                Optional.ofNullable(topic).map(Topic::of));
    }

    public static RoomChange rename(String newName) {
        return of(Objects.requireNonNull(newName, "newName"), null);
    }

    public static RoomChange topic(String topic) {
        return of(null, Objects.requireNonNull(topic, "topic"));
    }
}
