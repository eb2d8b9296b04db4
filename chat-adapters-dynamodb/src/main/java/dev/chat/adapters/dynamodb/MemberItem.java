package dev.chat.adapters.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import dev.chat.core.domain.Member;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.time.Instant;
import java.util.Locale;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * A membership as stored: table {@code <prefix>members}, keyed by room and username, so a room's members are
 * one strongly consistent query; the global index {@value #BY_USER} (username, room; every attribute) makes a
 * user's rooms one query too. {@value #READ_UP_TO} is the member's read marker (absent: 0). {@value #WRITER} is a random token of the add that wrote the item: an add whose
 * put the SDK sent again after a lost answer recognises its own item.
 */
final class MemberItem {

    static final String ROOM = "room";
    static final String USER = "username";
    static final String ROLE = "role";
    static final String WRITER = "writer";
    static final String READ_UP_TO = "readUpTo";
    static final String BY_USER = "by-user";

    static final TableSchema<MemberItem> SCHEMA = StaticTableSchema.builder(MemberItem.class)
            .newItemSupplier(MemberItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name(ROOM)
                            .getter(MemberItem::getRoom)
                            .setter(MemberItem::setRoom)
                            .tags(primaryPartitionKey(), secondarySortKey(BY_USER)))
            .addAttribute(
                    String.class,
                    a -> a.name(USER)
                            .getter(MemberItem::getUsername)
                            .setter(MemberItem::setUsername)
                            .tags(primarySortKey(), secondaryPartitionKey(BY_USER)))
            .addAttribute(
                    String.class, a -> a.name(ROLE).getter(MemberItem::getRole).setter(MemberItem::setRole))
            .addAttribute(
                    String.class,
                    a -> a.name("since").getter(MemberItem::getSince).setter(MemberItem::setSince))
            .addAttribute(
                    String.class,
                    a -> a.name(WRITER).getter(MemberItem::getWriter).setter(MemberItem::setWriter))
            .addAttribute(
                    Long.class,
                    a -> a.name(READ_UP_TO).getter(MemberItem::getReadUpTo).setter(MemberItem::setReadUpTo))
            .build();

    private String room;
    private String username;
    private String role;
    private String since;
    private String writer;
    /** Absent on items written before read markers: read as 0. */
    private Long readUpTo;

    static MemberItem of(Member member, String writer) {
        MemberItem item = new MemberItem();
        item.room = member.room().value();
        item.username = member.user().value();
        item.role = member.role().wire();
        item.since = member.since().toString();
        item.writer = writer;
        item.readUpTo = member.readUpTo();
        return item;
    }

    /** Only the keys and the marker: what {@code markRead} writes. */
    static MemberItem readTo(RoomName room, Username user, long upTo) {
        MemberItem item = new MemberItem();
        item.room = room.value();
        item.username = user.value();
        item.readUpTo = upTo;
        return item;
    }

    /** Only the keys and the role: what {@code setRole} changes, the other attributes left alone. */
    static MemberItem role(RoomName room, Username user, Role role) {
        MemberItem item = new MemberItem();
        item.room = room.value();
        item.username = user.value();
        item.role = role.wire();
        return item;
    }

    /** This membership in another room. */
    MemberItem movedTo(RoomName other) {
        MemberItem item = new MemberItem();
        item.room = other.value();
        item.username = username;
        item.role = role;
        item.since = since;
        item.writer = writer;
        item.readUpTo = readUpTo;
        return item;
    }

    Member toMember() {
        return new Member(
                new RoomName(room),
                new Username(username),
                Role.valueOf(role.toUpperCase(Locale.ROOT)),
                Instant.parse(since),
                readUpTo == null ? 0 : readUpTo);
    }

    String getRoom() {
        return room;
    }

    void setRoom(String room) {
        this.room = room;
    }

    String getUsername() {
        return username;
    }

    void setUsername(String username) {
        this.username = username;
    }

    String getRole() {
        return role;
    }

    void setRole(String role) {
        this.role = role;
    }

    String getSince() {
        return since;
    }

    void setSince(String since) {
        this.since = since;
    }

    Long getReadUpTo() {
        return readUpTo;
    }

    void setReadUpTo(Long readUpTo) {
        this.readUpTo = readUpTo;
    }

    String getWriter() {
        return writer;
    }

    void setWriter(String writer) {
        this.writer = writer;
    }
}
