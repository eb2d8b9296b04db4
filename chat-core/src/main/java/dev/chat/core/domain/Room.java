package dev.chat.core.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A room. {@code createdBy} is empty for the rooms the server creates at first start. A direct room has no topic.
 */
public record Room(RoomName name, Topic topic, String createdBy, Instant createdAt, RoomKind kind) {

    public Room {
        Objects.requireNonNull(name, "name");
        topic = topic == null ? Topic.NONE : topic;
        createdBy = createdBy == null ? "" : createdBy;
        Objects.requireNonNull(createdAt, "createdAt");
        kind = kind == null ? RoomKind.PUBLIC : kind;
    }

    /** A public room. */
    public Room(RoomName name, Topic topic, String createdBy, Instant createdAt) {
        this(name, topic, createdBy, createdAt, RoomKind.PUBLIC);
    }

    public boolean isPublic() {
        return kind == RoomKind.PUBLIC;
    }
}
