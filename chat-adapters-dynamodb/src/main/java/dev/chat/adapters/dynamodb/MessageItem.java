package dev.chat.adapters.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * A message as stored: table {@code <prefix>messages}, hash key the room, range key the message's number in
 * the room (1, 2, 3, …), so a room reads oldest- or newest-first in pages with a Query, never a Scan. The
 * local secondary index {@value #BY_CLIENT_KEY} on {@code clientKey} (author and clientId) finds a resent
 * message with a strongly consistent read: a local index is written with its item, atomically.
 *
 * <p>A deleted message stays as a tombstone: {@value #DELETED} is true and {@code text} is gone, while the
 * key, author, clientId and time remain, so its number stays taken and a resend of it is still recognised.
 */
final class MessageItem {

    static final String ROOM = "room";
    static final String ID = "id";
    static final String CLIENT_KEY = "clientKey";
    static final String BY_CLIENT_KEY = "by-client-key";
    static final String DELETED = "deleted";

    static final TableSchema<MessageItem> SCHEMA = StaticTableSchema.builder(MessageItem.class)
            .newItemSupplier(MessageItem::new)
            .addAttribute(
                    String.class,
                    a -> a.name(ROOM)
                            .getter(MessageItem::getRoom)
                            .setter(MessageItem::setRoom)
                            .tags(primaryPartitionKey()))
            .addAttribute(
                    Long.class,
                    a -> a.name(ID)
                            .getter(MessageItem::getId)
                            .setter(MessageItem::setId)
                            .tags(primarySortKey()))
            .addAttribute(
                    String.class,
                    a -> a.name(CLIENT_KEY)
                            .getter(MessageItem::getClientKey)
                            .setter(MessageItem::setClientKey)
                            .tags(secondarySortKey(BY_CLIENT_KEY)))
            .addAttribute(
                    String.class,
                    a -> a.name("author").getter(MessageItem::getAuthor).setter(MessageItem::setAuthor))
            .addAttribute(
                    String.class,
                    a -> a.name("clientId").getter(MessageItem::getClientId).setter(MessageItem::setClientId))
            .addAttribute(
                    String.class,
                    a -> a.name("text").getter(MessageItem::getText).setter(MessageItem::setText))
            .addAttribute(
                    String.class, a -> a.name("ts").getter(MessageItem::getTs).setter(MessageItem::setTs))
            .addAttribute(
                    String.class,
                    a -> a.name("writer").getter(MessageItem::getWriter).setter(MessageItem::setWriter))
            .addAttribute(
                    Boolean.class,
                    a -> a.name(DELETED).getter(MessageItem::getDeleted).setter(MessageItem::setDeleted))
            .build();

    private String room;
    private Long id;
    private String clientKey;
    private String author;
    private String clientId;
    private String text;
    private String ts;
    private String writer;
    private Boolean deleted;

    /** {@code writer} tells the append call that wrote the item from any other, racing or later. */
    static MessageItem of(Message message, String writer) {
        MessageItem item = new MessageItem();
        item.room = message.room().value();
        item.id = message.id();
        item.clientKey = clientKey(message.author(), message.clientId());
        item.author = message.author().value();
        item.clientId = message.clientId().value();
        item.text = message.text().value();
        item.ts = message.ts().toString();
        item.writer = writer;
        return item;
    }

    /** Author and clientId in one string; a space cannot occur in a username, so keys cannot collide. */
    static String clientKey(Username author, ClientId clientId) {
        return author.value() + " " + clientId.value();
    }

    /** The same message, deleted: the text is dropped (a null attribute is not stored). */
    MessageItem tombstone() {
        MessageItem item = copy();
        item.text = null;
        item.deleted = Boolean.TRUE;
        return item;
    }

    /** The same item in another room, for a rename; number, author, clientId, time and deletion are kept. */
    MessageItem movedTo(RoomName other) {
        MessageItem item = copy();
        item.room = other.value();
        return item;
    }

    private MessageItem copy() {
        MessageItem item = new MessageItem();
        item.room = room;
        item.id = id;
        item.clientKey = clientKey;
        item.author = author;
        item.clientId = clientId;
        item.text = text;
        item.ts = ts;
        item.writer = writer;
        item.deleted = deleted;
        return item;
    }

    boolean isDeleted() {
        return Boolean.TRUE.equals(deleted);
    }

    /** The message; a deleted one carries {@link MessageText#DELETED} in place of its text. */
    Message toMessage() {
        MessageText body = isDeleted() ? MessageText.DELETED : new MessageText(text);
        return new Message(
                new RoomName(room), id, new Username(author), body, Instant.parse(ts), new ClientId(clientId));
    }

    Boolean getDeleted() {
        return deleted;
    }

    void setDeleted(Boolean deleted) {
        this.deleted = deleted;
    }

    String getWriter() {
        return writer;
    }

    void setWriter(String writer) {
        this.writer = writer;
    }

    String getRoom() {
        return room;
    }

    void setRoom(String room) {
        this.room = room;
    }

    Long getId() {
        return id;
    }

    void setId(Long id) {
        this.id = id;
    }

    String getClientKey() {
        return clientKey;
    }

    void setClientKey(String clientKey) {
        this.clientKey = clientKey;
    }

    String getAuthor() {
        return author;
    }

    void setAuthor(String author) {
        this.author = author;
    }

    String getClientId() {
        return clientId;
    }

    void setClientId(String clientId) {
        this.clientId = clientId;
    }

    String getText() {
        return text;
    }

    void setText(String text) {
        this.text = text;
    }

    String getTs() {
        return ts;
    }

    void setTs(String ts) {
        this.ts = ts;
    }
}
