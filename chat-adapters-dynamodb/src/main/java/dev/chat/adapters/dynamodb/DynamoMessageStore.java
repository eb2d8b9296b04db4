package dev.chat.adapters.dynamodb;

import dev.chat.adapters.dynamodb.Positions.Step;
import dev.chat.core.domain.Change;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Entry;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Messages and the changes made to them in DynamoDB, at positions 1, 2, 3, … per room, with conditional writes and
 * no transactions (DynamoDB has them; dynalite, which the tests run against, does not).
 *
 * <p><b>Positions.</b> A message is an item at its id; a change (edit, deletion, reaction) is an item of its own at
 * the room's next position, carrying the message's whole state after it (see {@link MessageItem}). Position n+1 is
 * a put on the condition that it does not exist yet, made only after position n was seen ({@link Positions}), so
 * positions never skip, two writers never share one, and n+1 is never visible before n. A writer that loses the
 * race reads the room's newest item again and tries the next position.
 *
 * <p><b>Changes.</b> Once its change item is put, the message item is <em>materialized</em>: updated to the state
 * the change carries, on the condition that its {@code seq} is below the change's position ({@link Materializer};
 * idempotent, and a state never goes back). The invariant: before it writes position n+1, every writer makes sure
 * that position n, if it is a change, is materialized (the same conditional update; a node that wrote n and
 * materialized it itself knows so, and one whose update failed forgets the head, so that its next write reads and
 * repairs it). Hence only a room's newest position can be a change its message does not show yet, and a change
 * reads the message (a strongly consistent {@code GetItem}) after that repair: the state it builds on has every
 * earlier change, and if another writer took the position meanwhile, the put fails and the edit is applied again
 * to the newer state. Two nodes changing one message lose nothing.
 *
 * <p><b>The crash window.</b> A node that dies between putting a change and materializing it (or whose update
 * fails) leaves that change, the room's newest position, ahead of its message until the room's next write, on any
 * node, repairs it. Readers of {@link #after} are exact regardless: the change item is there, and a message item is
 * brought up to a change read with it or found at the room's head (see {@link History}). {@link #before},
 * {@link #message}, {@link #find} and a duplicate's {@link Appended} read message items only and may show the
 * state before that one change until then. (A read of several requests is no snapshot: a write that races an
 * {@link #after} may leave a message in the page a change older than the newest; that change, at a later position
 * than the message, comes to the reader as a change when it reads on. Nothing is ever missed.)
 *
 * <p><b>Resends.</b> A resend is found through the local index on author and clientId, read strongly consistently
 * after the room's newest position was seen and before the put. Of two racing appends of one clientId, the one that
 * puts the later position therefore saw the other's message (it was older than the newest one it saw) and returns
 * it as a duplicate: one stored message, no read-then-write race. Change items have no clientId and are not in the
 * index.
 *
 * <p><b>Costs.</b> An append is one index query and one put; a change is a {@code GetItem} of the message, the put
 * of the change item and one more conditional {@code UpdateItem} to materialize it. Either reads the room's newest
 * item first (a {@code Query} with {@code Limit 1}) unless this node wrote it in the last {@value
 * #HEAD_TRUSTED_SECONDS} s, and repairs it when it is a change (one more update, usually failing its condition).
 * Writes to one room from one node take turns (first come, first served), and one that waits longer than a store
 * call may take fails instead. {@link #after} queries the items past the position; each change item costs a read
 * like a message, a page that holds changes to messages at or before the position reads those messages with one
 * {@code BatchGetItem} per 100, and a page that stops before the room's end reads the room's newest item too.
 * Size: a change item carries the message's whole state, text and reactions included, and both the put and the
 * update are charged by it. A reaction to a message with thousands of reactions writes all of them twice, and
 * DynamoDB's 400 KB item limit bounds a message to roughly 10,000 reactions by 32-character usernames (the domain
 * limits the distinct emoji, not the people).
 *
 * <p><b>Deletion</b> is a change like the others: the message item keeps its key, author, clientId and time,
 * loses its text and gains {@code deleted}, so its id stays taken and a resend of it is still recognised. Pages
 * are read with a filter that drops deleted message items; DynamoDB applies the filter after the {@code Limit}, so
 * a page keeps querying until it has {@code limit} entries or the room ends, and each tombstone passed over still
 * costs its (small) read.
 *
 * <p>{@link #deleteRoom} and {@link #moveRoom} page through the room's items, changes included, 25 at a time with
 * {@code BatchWriteItem} ({@link RoomMoves}); moved items keep their positions. They are not atomic: readers may see
 * a room half deleted or half moved, and a failure part-way leaves it so (an item may then be in both rooms, never
 * in neither; calling again finishes the work). They are rare admin actions. Afterwards this node forgets the
 * rooms' heads. Another node may still hold the head of a room it wrote in the last {@value #HEAD_TRUSTED_SECONDS}
 * s; if that room is created again within that time and the node writes to it, its first message gets the old next
 * position instead of 1 (numbering skips; nothing is lost or overwritten, because the put is still conditional).
 * After that time every node reads the head afresh.
 */
final class DynamoMessageStore implements MessageStore {

    /**
     * How long a remembered head is used without reading it again. Bounds how long another node's room
     * deletion or rename can go unnoticed here, at the price of one query per write to a room quieter than that.
     */
    static final long HEAD_TRUSTED_SECONDS = 10;

    private final DynamoDbTable<MessageItem> table;
    private final DynamoDbIndex<MessageItem> byClientKey;
    private final Positions positions;
    private final History history;
    private final RoomMoves moves;

    /** {@code lockWait}: how long a write waits for the writes ahead of it in its room before giving up. */
    DynamoMessageStore(
            DynamoDbClient client,
            DynamoDbEnhancedClient enhanced,
            DynamoDbTable<MessageItem> table,
            Duration lockWait) {
        this(client, enhanced, table, lockWait, Duration.ofSeconds(HEAD_TRUSTED_SECONDS));
    }

    /** {@code headTrusted}: how long a remembered head is used without reading it again. */
    DynamoMessageStore(
            DynamoDbClient client,
            DynamoDbEnhancedClient enhanced,
            DynamoDbTable<MessageItem> table,
            Duration lockWait,
            Duration headTrusted) {
        this.table = table;
        this.byClientKey = table.index(MessageItem.BY_CLIENT_KEY);
        Batches<MessageItem> batches = new Batches<>(enhanced, table, MessageItem.class);
        this.positions = new Positions(table, new Materializer(client, table.tableName()), lockWait, headTrusted);
        this.history = new History(table, batches, positions);
        this.moves = new RoomMoves(table, batches, positions, this);
    }

    @Override
    public Appended append(NewMessage message) {
        RoomName room = message.room();
        String clientKey = MessageItem.clientKey(message.author(), message.clientId());
        String writer = UUID.randomUUID().toString();
        return positions.write(room, (position, roomTs) -> {
            Optional<MessageItem> stored = find(room, clientKey);
            if (stored.isPresent()) {
                // Written by this very call: a try of ours landed although its answer was lost (the SDK
                // retried it), so it is new to everyone else and must still be published.
                MessageItem original = stored.get();
                return Step.answer(
                        new Appended(original.toMessage(), !writer.equals(original.getWriter()), original.isDeleted()));
            }
            if (message.replyTo() != null && message.replyTo() >= position) {
                return Step.behind();
            }
            Instant ts = message.ts().isBefore(roomTs) ? roomTs : message.ts();
            Message next = message.at(position, ts);
            return Step.put(MessageItem.of(next, writer), new Appended(next, false));
        });
    }

    @Override
    public Optional<Changed> change(RoomName room, long id, ChangeKind kind, Edit edit) {
        String writer = UUID.randomUUID().toString();
        return positions.write(room, (position, roomTs) -> {
            MessageItem item = get(room, id);
            if (item == null || item.isChange() || item.isDeleted()) {
                return Step.answer(Optional.empty());
            }
            if (position <= id) {
                return Step.behind();
            }
            Message current = item.toMessage();
            Message next = edit.apply(current);
            if (next == current) {
                return Step.answer(Optional.of(new Changed(current, Optional.empty())));
            }
            Change change = new Change(position, kind, next.atSeq(position));
            return Step.put(
                    MessageItem.of(change, roomTs, writer), Optional.of(new Changed(current, Optional.of(change))));
        });
    }

    @Override
    public Optional<Message> find(RoomName room, Username author, ClientId clientId) {
        return find(room, MessageItem.clientKey(author, clientId))
                .filter(item -> !item.isDeleted())
                .map(MessageItem::toMessage);
    }

    /**
     * The message item stored under that client key, deleted or not. The index entry is checked against the item
     * it names: DynamoDB writes an item and its local index atomically, but a store that does not (dynalite writes
     * the index first) can be stopped in between and keep an entry whose item was never written, and whose
     * position another write took later. Such an entry is passed over, not taken for the message.
     */
    private Optional<MessageItem> find(RoomName room, String clientKey) {
        return byClientKey
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(Key.builder()
                                .partitionValue(room.value())
                                .sortValue(clientKey)
                                .build()))
                        .consistentRead(true)
                        .build())
                .stream()
                .flatMap(page -> page.items().stream())
                .map(entry -> get(room, entry.getId()))
                .filter(item -> item != null && clientKey.equals(item.getClientKey()))
                .findFirst();
    }

    @Override
    public Optional<Message> message(RoomName room, long id) {
        return Optional.ofNullable(get(room, id))
                .filter(item -> !item.isChange() && !item.isDeleted())
                .map(MessageItem::toMessage);
    }

    private MessageItem get(RoomName room, long id) {
        return table.getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder().partitionValue(room.value()).sortValue(id).build())
                .consistentRead(true)
                .build());
    }

    @Override
    public List<Entry> after(RoomName room, long afterPosition, int limit) {
        return history.after(room, afterPosition, limit);
    }

    @Override
    public List<Message> before(RoomName room, long beforeId, int limit) {
        return history.before(room, beforeId, limit);
    }

    @Override
    public long latestPosition(RoomName room) {
        return positions.latest(room);
    }

    @Override
    public void deleteRoom(RoomName room) {
        moves.deleteRoom(room);
    }

    @Override
    public void moveRoom(RoomName from, RoomName to) {
        moves.moveRoom(from, to);
    }
}
