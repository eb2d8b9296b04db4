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
 */
final class MessageItem {

    static final String ROOM = "room";
    static final String ID = "id";
    static final String CLIENT_KEY = "clientKey";
    static final String BY_CLIENT_KEY = "by-client-key";

    static final TableSchema<MessageItem> SCHEMA = StaticTableSchema.builder(MessageItem.class)
            .newItemSupplier(MessageItem::new)
            .addAttribute(String.class, a -> a.name(ROOM)
                    .getter(MessageItem::getRoom).setter(MessageItem::setRoom)
                    .tags(primaryPartitionKey()))
            .addAttribute(Long.class, a -> a.name(ID)
                    .getter(MessageItem::getId).setter(MessageItem::setId)
                    .tags(primarySortKey()))
            .addAttribute(String.class, a -> a.name(CLIENT_KEY)
                    .getter(MessageItem::getClientKey).setter(MessageItem::setClientKey)
                    .tags(secondarySortKey(BY_CLIENT_KEY)))
            .addAttribute(String.class, a -> a.name("author")
                    .getter(MessageItem::getAuthor).setter(MessageItem::setAuthor))
            .addAttribute(String.class, a -> a.name("clientId")
                    .getter(MessageItem::getClientId).setter(MessageItem::setClientId))
            .addAttribute(String.class, a -> a.name("text")
                    .getter(MessageItem::getText).setter(MessageItem::setText))
            .addAttribute(String.class, a -> a.name("ts")
                    .getter(MessageItem::getTs).setter(MessageItem::setTs))
            .addAttribute(String.class, a -> a.name("writer")
                    .getter(MessageItem::getWriter).setter(MessageItem::setWriter))
            .build();

    private String room;
    private Long id;
    private String clientKey;
    private String author;
    private String clientId;
    private String text;
    private String ts;
    private String writer;

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

    Message toMessage() {
        return new Message(new RoomName(room), id, new Username(author), new MessageText(text), Instant.parse(ts),
                new ClientId(clientId));
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
