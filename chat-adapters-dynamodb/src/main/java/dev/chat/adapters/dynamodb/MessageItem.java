package dev.chat.adapters.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import dev.chat.core.domain.Change;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Reactions;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * One position of a room's history as stored: table {@code <prefix>messages}, hash key the room, range key the
 * position (1, 2, 3, …), so a room reads oldest- or newest-first in pages with a Query, never a Scan.
 *
 * <p>A <em>message item</em> sits at the message's id and holds its current state: author, clientId, time,
 * {@code text} (gone once deleted: {@value #DELETED} is then true), {@code edited}, {@code replyTo},
 * {@code reactions} (see {@link ReactionsAttribute}), {@value #BOT} and {@value #VIA} (how it was written: each
 * absent when false or null, as on every item of earlier versions) and {@value #SEQ}, the position of the latest change it was
 * brought up to (absent on items of earlier versions: the id). The local secondary index {@value #BY_CLIENT_KEY} on
 * {@code clientKey} (author and clientId) finds a resent message with a strongly consistent read: a local index is
 * written with its item, atomically.
 *
 * <p>A <em>change item</em> sits at the change's own position: {@value #CHANGE} is its kind, {@value #TARGET} the
 * message's id, and it carries the message's whole state after the change ({@value #SEQ} = its position), plus
 * {@value #ROOM_TS}, the room's newest message time when it was written (the floor for the next message's time).
 * It has no {@code clientKey}, so it stays out of the index.
 */
final class MessageItem {

    static final String ROOM = "room";
    static final String ID = "id";
    static final String CLIENT_KEY = "clientKey";
    static final String BY_CLIENT_KEY = "by-client-key";
    static final String TEXT = "text";
    static final String DELETED = "deleted";
    static final String SEQ = "seq";
    static final String EDITED = "edited";
    static final String REACTIONS = "reactions";
    static final String BOT = "bot";
    static final String VIA = "via";
    static final String CHANGE = "change";
    static final String TARGET = "target";
    static final String ROOM_TS = "roomTs";

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
                    String.class, a -> a.name("author").getter(i -> i.author).setter((i, v) -> i.author = v))
            .addAttribute(
                    String.class,
                    a -> a.name("clientId").getter(i -> i.clientId).setter((i, v) -> i.clientId = v))
            .addAttribute(String.class, a -> a.name(TEXT).getter(i -> i.text).setter((i, v) -> i.text = v))
            .addAttribute(String.class, a -> a.name("ts").getter(i -> i.ts).setter((i, v) -> i.ts = v))
            .addAttribute(
                    String.class, a -> a.name("writer").getter(i -> i.writer).setter((i, v) -> i.writer = v))
            .addAttribute(
                    Boolean.class, a -> a.name(DELETED).getter(i -> i.deleted).setter((i, v) -> i.deleted = v))
            .addAttribute(Long.class, a -> a.name(SEQ).getter(i -> i.seq).setter((i, v) -> i.seq = v))
            .addAttribute(
                    String.class, a -> a.name(EDITED).getter(i -> i.edited).setter((i, v) -> i.edited = v))
            .addAttribute(
                    Long.class, a -> a.name("replyTo").getter(i -> i.replyTo).setter((i, v) -> i.replyTo = v))
            .addAttribute(Boolean.class, a -> a.name(BOT).getter(i -> i.bot).setter((i, v) -> i.bot = v))
            .addAttribute(String.class, a -> a.name(VIA).getter(i -> i.via).setter((i, v) -> i.via = v))
            .addAttribute(
                    EnhancedType.of(Reactions.class),
                    a -> a.name(REACTIONS)
                            .getter(i -> i.reactions)
                            .setter((i, v) -> i.reactions = v)
                            .attributeConverter(ReactionsAttribute.INSTANCE))
            .addAttribute(
                    String.class, a -> a.name(CHANGE).getter(i -> i.change).setter((i, v) -> i.change = v))
            .addAttribute(Long.class, a -> a.name(TARGET).getter(i -> i.target).setter((i, v) -> i.target = v))
            .addAttribute(
                    String.class, a -> a.name(ROOM_TS).getter(i -> i.roomTs).setter((i, v) -> i.roomTs = v))
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
    private Long seq;
    private String edited;
    private Long replyTo;
    /** True, or null (absent) for a person's message. */
    private Boolean bot;
    /** Null (absent) when it came through no webhook. */
    private String via;
    /** Null when there are none. */
    private Reactions reactions;

    private String change;
    private Long target;
    private String roomTs;

    /** A message item; {@code writer} tells the call that wrote it from any other, racing or later. */
    static MessageItem of(Message message, String writer) {
        MessageItem item = withState(message, writer);
        item.id = message.id();
        item.clientKey = clientKey(message.author(), message.clientId());
        return item;
    }

    /** A change item at the change's position; {@code roomTs}: the room's newest message time then. */
    static MessageItem of(Change change, Instant roomTs, String writer) {
        MessageItem item = withState(change.message(), writer);
        item.id = change.seq();
        item.change = change.kind().name();
        item.target = change.message().id();
        item.roomTs = roomTs.toString();
        return item;
    }

    private static MessageItem withState(Message message, String writer) {
        MessageItem item = new MessageItem();
        item.room = message.room().value();
        item.author = message.author().value();
        item.clientId = message.clientId().value();
        item.ts = message.ts().toString();
        item.writer = writer;
        if (message.isDeleted()) {
            item.deleted = Boolean.TRUE;
        } else {
            item.text = message.text().value();
        }
        item.seq = message.seq();
        item.edited = message.edited() == null ? null : message.edited().toString();
        item.replyTo = message.replyTo();
        item.bot = message.bot() ? Boolean.TRUE : null;
        item.via = message.via();
        item.reactions = message.reactions().isEmpty() ? null : message.reactions();
        return item;
    }

    /** Author and clientId in one string; a space cannot occur in a username, so keys cannot collide. */
    static String clientKey(Username author, ClientId clientId) {
        return author.value() + " " + clientId.value();
    }

    /** The same item in another room, for a rename; position, state and writer are kept. */
    MessageItem movedTo(RoomName other) {
        MessageItem item = new MessageItem();
        item.room = other.value();
        item.id = id;
        item.clientKey = clientKey;
        item.author = author;
        item.clientId = clientId;
        item.text = text;
        item.ts = ts;
        item.writer = writer;
        item.deleted = deleted;
        item.seq = seq;
        item.edited = edited;
        item.replyTo = replyTo;
        item.bot = bot;
        item.via = via;
        item.reactions = reactions;
        item.change = change;
        item.target = target;
        item.roomTs = roomTs;
        return item;
    }

    /** Whether {@code other} is this item as written by the same call (a copy of it, say), not another one. */
    boolean sameWrite(MessageItem other) {
        return Objects.equals(writer, other.writer)
                && Objects.equals(clientKey, other.clientKey)
                && Objects.equals(change, other.change)
                && Objects.equals(target, other.target);
    }

    boolean isChange() {
        return change != null;
    }

    /** Whether the state it holds is a deleted message's. */
    boolean isDeleted() {
        return Boolean.TRUE.equals(deleted);
    }

    /** The id of the message whose state it holds. */
    long messageId() {
        return isChange() ? target : id;
    }

    /** The position of the latest change its state includes. */
    long stateSeq() {
        return seq == null ? messageId() : seq;
    }

    /** The room's newest message time as of this position: what the next message's time must not undercut. */
    Instant roomTs() {
        return Instant.parse(roomTs == null ? ts : roomTs);
    }

    /** The message's state it holds; a deleted one carries {@link MessageText#DELETED} in place of its text. */
    Message toMessage() {
        MessageText body = isDeleted() ? MessageText.DELETED : new MessageText(text);
        return new Message(
                new RoomName(room),
                messageId(),
                new Username(author),
                body,
                Instant.parse(ts),
                new ClientId(clientId),
                stateSeq(),
                edited == null ? null : Instant.parse(edited),
                replyTo,
                reactions == null ? Reactions.NONE : reactions,
                Boolean.TRUE.equals(bot),
                via);
    }

    /** A change item as the change it records. */
    Change toChange() {
        return new Change(id, ChangeKind.valueOf(change), toMessage());
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

    String getWriter() {
        return writer;
    }

    String getText() {
        return text;
    }

    String getEdited() {
        return edited;
    }

    Reactions getReactions() {
        return reactions;
    }
}
