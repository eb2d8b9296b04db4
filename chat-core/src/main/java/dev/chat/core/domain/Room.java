package dev.chat.core.domain;

import java.time.Instant;
import java.util.Objects;

/** A public room. {@code createdBy} is empty for the rooms the server creates at first start. */
public record Room(RoomName name, Topic topic, String createdBy, Instant createdAt) {

    public Room {
        Objects.requireNonNull(name, "name");
        topic = topic == null ? Topic.NONE : topic;
        createdBy = createdBy == null ? "" : createdBy;
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
