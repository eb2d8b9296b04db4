package dev.chat.adapters.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * A room as stored: table {@code <prefix>rooms}, keyed by name. An empty topic or creator is not stored.
 * {@value #RENAMED_FROM} names the room this one was renamed from, if it was: it lets a rename that was cut
 * off after writing the new item and before deleting the old one be finished by calling it again.
 * {@value #KIND} is the room's kind as on the wire ({@code public}, {@code private}, {@code direct}): the global
 * index {@value #BY_KIND} holds each kind under its own partition key, in name order, so the public directory is
 * one partition read a page at a time and never passes over a private or direct room. An item without a kind was
 * stored before kinds existed and is public (and {@code DynamoRoomStore#backfillKinds} gives it its kind).
 */
final class RoomItem {

    static final String KEY = "name";
    static final String TOPIC = "topic";
    static final String RENAMED_FROM = "renamedFrom";
    static final String KIND = "kind";
    static final String PUBLIC = RoomKind.PUBLIC.wire();
    static final String BY_KIND = "by-kind";

    static final TableSchema<RoomItem> SCHEMA = StaticTableSchema.builder(RoomItem.class)
            .newItemSupplier(RoomItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name(KEY)
                            .getter(RoomItem::getName)
                            .setter(RoomItem::setName)
                            .tags(primaryPartitionKey(), secondarySortKey(BY_KIND)))
            .addAttribute(
                    String.class,
                    a -> a.name(KIND)
                            .getter(RoomItem::getKind)
                            .setter(RoomItem::setKind)
                            .tags(secondaryPartitionKey(BY_KIND)))
            .addAttribute(
                    String.class, a -> a.name(TOPIC).getter(RoomItem::getTopic).setter(RoomItem::setTopic))
            .addAttribute(
                    String.class,
                    a -> a.name("createdBy").getter(RoomItem::getCreatedBy).setter(RoomItem::setCreatedBy))
            .addAttribute(
                    String.class,
                    a -> a.name("createdAt").getter(RoomItem::getCreatedAt).setter(RoomItem::setCreatedAt))
            .addAttribute(
                    String.class,
                    a -> a.name(RENAMED_FROM).getter(RoomItem::getRenamedFrom).setter(RoomItem::setRenamedFrom))
            .build();

    private String name;
    private String kind;
    private String topic;
    private String createdBy;
    private String createdAt;
    private String renamedFrom;

    static RoomItem of(Room room) {
        RoomItem item = new RoomItem();
        item.name = room.name().value();
        item.kind = room.kind().wire();
        item.topic = room.topic().isEmpty() ? null : room.topic().value();
        item.createdBy = room.createdBy().isEmpty() ? null : room.createdBy();
        item.createdAt = room.createdAt().toString();
        return item;
    }

    /** This room under another name, remembering the name it had. */
    RoomItem renamedTo(RoomName other) {
        RoomItem item = new RoomItem();
        item.name = other.value();
        item.kind = kind;
        item.topic = topic;
        item.createdBy = createdBy;
        item.createdAt = createdAt;
        item.renamedFrom = name;
        return item;
    }

    /** Whether this is the item an earlier {@code renamedTo} of {@code original} wrote. */
    boolean isRenameOf(RoomItem original) {
        return original.name.equals(renamedFrom)
                && original.createdAt.equals(createdAt)
                && Objects.equals(original.createdBy, createdBy);
    }

    Room toRoom() {
        return new Room(new RoomName(name), new Topic(topic), createdBy, Instant.parse(createdAt), kind());
    }

    private RoomKind kind() {
        if (kind == null) {
            return RoomKind.PUBLIC;
        }
        for (RoomKind known : RoomKind.values()) {
            if (known.wire().equals(kind)) {
                return known;
            }
        }
        throw new IllegalStateException("Room " + name + " has kind '" + kind + "', which this version does not know");
    }

    String getName() {
        return name;
    }

    void setName(String name) {
        this.name = name;
    }

    String getKind() {
        return kind;
    }

    void setKind(String kind) {
        this.kind = kind;
    }

    String getTopic() {
        return topic;
    }

    void setTopic(String topic) {
        this.topic = topic;
    }

    String getCreatedBy() {
        return createdBy;
    }

    void setCreatedBy(String createdBy) {
        this.createdBy = createdBy;
    }

    String getRenamedFrom() {
        return renamedFrom;
    }

    void setRenamedFrom(String renamedFrom) {
        this.renamedFrom = renamedFrom;
    }

    String getCreatedAt() {
        return createdAt;
    }

    void setCreatedAt(String createdAt) {
        this.createdAt = createdAt;
    }
}
