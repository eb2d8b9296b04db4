package dev.chat.adapters.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import dev.chat.core.domain.Mention;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MentionStore;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * A mention as stored: table {@code <prefix>mentions}, hash key the mentioned user, range key {@value #KEY}
 * ({@code room#message id}, the id zero-padded), so recording one twice writes one item and taking one back is one
 * delete. The local index {@value #BY_TIME} sorts a user's mentions by {@value #AT} ({@code time#room#id}, padded),
 * so the newest are one query read backwards. {@value #EXPIRES} (epoch seconds, {@value MentionStore#KEPT_DAYS}
 * days after the mention) lets DynamoDB's time to live forget old ones.
 */
final class MentionItem {

    static final String USER = "username";
    static final String KEY = "key";
    static final String AT = "at";
    static final String BY_TIME = "by-time";
    static final String EXPIRES = "expires";

    static final TableSchema<MentionItem> SCHEMA = StaticTableSchema.builder(MentionItem.class)
            .newItemSupplier(MentionItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name(USER)
                            .getter(MentionItem::getUsername)
                            .setter(MentionItem::setUsername)
                            .tags(primaryPartitionKey()))
            .addAttribute(
                    String.class,
                    a -> a.name(KEY)
                            .getter(MentionItem::getKey)
                            .setter(MentionItem::setKey)
                            .tags(primarySortKey()))
            .addAttribute(
                    String.class,
                    a -> a.name(AT)
                            .getter(MentionItem::getAt)
                            .setter(MentionItem::setAt)
                            .tags(secondarySortKey(BY_TIME)))
            .addAttribute(
                    String.class,
                    a -> a.name("room").getter(MentionItem::getRoom).setter(MentionItem::setRoom))
            .addAttribute(
                    Long.class,
                    a -> a.name("messageId").getter(MentionItem::getMessageId).setter(MentionItem::setMessageId))
            .addAttribute(
                    String.class, a -> a.name("by").getter(MentionItem::getBy).setter(MentionItem::setBy))
            .addAttribute(
                    String.class, a -> a.name("ts").getter(MentionItem::getTs).setter(MentionItem::setTs))
            .addAttribute(
                    Long.class,
                    a -> a.name(EXPIRES).getter(MentionItem::getExpires).setter(MentionItem::setExpires))
            .build();

    private String username;
    private String key;
    private String at;
    private String room;
    private Long messageId;
    private String by;
    private String ts;
    private Long expires;

    static String key(RoomName room, long messageId) {
        return room.value() + "#" + String.format("%020d", messageId);
    }

    static MentionItem of(Mention mention) {
        MentionItem item = new MentionItem();
        item.username = mention.user().value();
        item.key = key(mention.room(), mention.messageId());
        // Room names have no '#' and sort below it... and ids are padded: time, then room, then id, as a string.
        item.at = String.format("%015d", mention.ts().toEpochMilli()) + "#" + item.key;
        item.room = mention.room().value();
        item.messageId = mention.messageId();
        item.by = mention.by().value();
        item.ts = mention.ts().toString();
        item.expires =
                mention.ts().plus(Duration.ofDays(MentionStore.KEPT_DAYS)).getEpochSecond();
        return item;
    }

    Mention toMention() {
        return new Mention(new Username(username), new RoomName(room), messageId, new Username(by), Instant.parse(ts));
    }

    String getUsername() {
        return username;
    }

    void setUsername(String username) {
        this.username = username;
    }

    String getKey() {
        return key;
    }

    void setKey(String key) {
        this.key = key;
    }

    String getAt() {
        return at;
    }

    void setAt(String at) {
        this.at = at;
    }

    String getRoom() {
        return room;
    }

    void setRoom(String room) {
        this.room = room;
    }

    Long getMessageId() {
        return messageId;
    }

    void setMessageId(Long messageId) {
        this.messageId = messageId;
    }

    String getBy() {
        return by;
    }

    void setBy(String by) {
        this.by = by;
    }

    String getTs() {
        return ts;
    }

    void setTs(String ts) {
        this.ts = ts;
    }

    Long getExpires() {
        return expires;
    }

    void setExpires(Long expires) {
        this.expires = expires;
    }
}
