package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Messages in DynamoDB, numbered 1, 2, 3, … per room with conditional puts and no transactions.
 *
 * <p>Appending message n+1 is a put of item (room, n+1) on the condition that it does not exist yet, made
 * only after message n was seen to exist. So ids never skip, two writers never share one, and n+1 is never
 * visible before n. A writer that loses the race reads the room's newest message again and tries the next
 * number.
 *
 * <p>A resend is found through the local index on author and clientId, read strongly consistently after
 * the newest message was seen and before the put. Of two racing appends of one clientId, the one that puts
 * the later number therefore saw the other's message (it was older than the newest one it saw) and returns
 * it as a duplicate: one stored message, no read-then-write race.
 *
 * <p>Each node remembers the newest message of a room it wrote, for {@value #HEAD_TRUSTED_SECONDS} s, so an
 * append usually costs one index query and one put; appends to one room from one node take turns (first
 * come, first served), so that they do not race each other, and one that waits longer than a store call may
 * take fails instead.
 *
 * <p>Deletion keeps a tombstone (see {@link MessageItem}): the newest message counts for numbering even when
 * deleted, and pages are read with a filter that drops tombstones. DynamoDB applies the filter after the
 * {@code Limit}, so a page keeps querying until it has {@code limit} live messages or the room ends; each
 * tombstone passed over still costs its (small) read.
 *
 * <p>{@link #deleteRoom} and {@link #moveRoom} page through the room 25 items at a time with
 * {@code BatchWriteItem}. They are not atomic: readers may see a room half deleted or half moved, and a
 * failure part-way leaves it so (a message may then be in both rooms, never in neither; calling again
 * finishes the work). They are rare admin actions. Afterwards
 * this node forgets the rooms' heads. Another node may still hold the head of a room it wrote in the last
 * {@value #HEAD_TRUSTED_SECONDS} s; if that room is created again within that time and the node appends to
 * it, its first message gets the old next number instead of 1 (numbering skips; nothing is lost or
 * overwritten, because the put is still conditional). After that time every node reads the head afresh.
 */
final class DynamoMessageStore implements MessageStore {

    private static final Logger log = LoggerFactory.getLogger(DynamoMessageStore.class);
    /** Enough for any realistic contention between nodes; past it the append fails and the client resends. */
    private static final int MAX_ATTEMPTS = 100;

    private static final int LOCK_STRIPES = 64;
    /**
     * How long a remembered head is used without reading it again. Bounds how long another node's room
     * deletion or rename can go unnoticed here, at the price of one query per append to a room quieter than that.
     */
    static final long HEAD_TRUSTED_SECONDS = 10;
    /** Only messages that are not deleted. */
    private static final Expression LIVE = Expression.builder()
            .expression("attribute_not_exists(#deleted)")
            .putExpressionName("#deleted", MessageItem.DELETED)
            .build();

    private final DynamoDbTable<MessageItem> table;
    private final DynamoDbIndex<MessageItem> byClientKey;
    private final Batches<MessageItem> batches;
    private final ConcurrentMap<RoomName, Head> heads = new ConcurrentHashMap<>();
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final Duration lockWait;
    private final long headTrustedNanos;

    /** {@code lockWait}: how long an append waits for the appends ahead of it in its room before giving up. */
    DynamoMessageStore(DynamoDbEnhancedClient client, DynamoDbTable<MessageItem> table, Duration lockWait) {
        this(client, table, lockWait, Duration.ofSeconds(HEAD_TRUSTED_SECONDS));
    }

    /** {@code headTrusted}: how long a remembered head is used without reading it again. */
    DynamoMessageStore(
            DynamoDbEnhancedClient client, DynamoDbTable<MessageItem> table, Duration lockWait, Duration headTrusted) {
        this.headTrustedNanos = headTrusted.toNanos();
        this.table = table;
        this.byClientKey = table.index(MessageItem.BY_CLIENT_KEY);
        this.batches = new Batches<>(client, table, MessageItem.class);
        this.lockWait = lockWait;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock(true);
        }
    }

    /** A room's newest message as this node last saw it, and when (System.nanoTime). */
    private record Head(long id, Instant ts, long seenAt) {

        static final Head EMPTY = new Head(0, Instant.MIN, 0);
    }

    @Override
    public Appended append(NewMessage message) {
        RoomName room = message.room();
        String clientKey = MessageItem.clientKey(message.author(), message.clientId());
        ReentrantLock lock = lock(room);
        try {
            if (!lock.tryLock(lockWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Appends to " + room + " are backed up; not stored");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to append to " + room, e);
        }
        try {
            Head head = heads.get(room);
            if (head == null || System.nanoTime() - head.seenAt() >= headTrustedNanos) {
                head = readHead(room);
            }
            String writer = UUID.randomUUID().toString();
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Optional<MessageItem> stored = find(room, clientKey);
                if (stored.isPresent()) {
                    // Written by this very call: a try of ours landed although its answer was lost (the SDK
                    // retried it), so it is new to everyone else and must still be published.
                    MessageItem original = stored.get();
                    return new Appended(
                            original.toMessage(), !writer.equals(original.getWriter()), original.isDeleted());
                }
                long id = head.id() + 1;
                Instant ts = message.ts().isBefore(head.ts()) ? head.ts() : message.ts();
                Message next = new Message(room, id, message.author(), message.text(), ts, message.clientId());
                try {
                    table.putItem(PutItemEnhancedRequest.builder(MessageItem.class)
                            .item(MessageItem.of(next, writer))
                            .conditionExpression(Conditions.absent(MessageItem.ID))
                            .build());
                    heads.put(room, new Head(id, ts, System.nanoTime()));
                    return new Appended(next, false);
                } catch (ConditionalCheckFailedException taken) {
                    head = readHead(room);
                }
            }
            heads.remove(room);
            throw new IllegalStateException(
                    "Gave up appending to " + room + " after " + MAX_ATTEMPTS + " conflicting writes");
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock lock(RoomName room) {
        return locks[Math.floorMod(room.hashCode(), LOCK_STRIPES)];
    }

    /** The newest item, deleted or not: a deleted message's number stays taken. */
    private Head readHead(RoomName room) {
        return table
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.sortLessThan(key(room, Long.MAX_VALUE)))
                        .scanIndexForward(false)
                        .consistentRead(true)
                        .limit(1)
                        .build())
                .items()
                .stream()
                .findFirst()
                .map(m -> new Head(m.getId(), Instant.parse(m.getTs()), System.nanoTime()))
                .orElse(Head.EMPTY);
    }

    @Override
    public Optional<Message> find(RoomName room, Username author, ClientId clientId) {
        return find(room, MessageItem.clientKey(author, clientId))
                .filter(item -> !item.isDeleted())
                .map(MessageItem::toMessage);
    }

    /**
     * The item stored under that client key, deleted or not. The index entry is checked against the item it
     * names: DynamoDB writes an item and its local index atomically, but a store that does not (dynalite writes
     * the index first) can be stopped in between and keep an entry whose item was never written, and whose id
     * another message took later. Such an entry is passed over, not taken for the message.
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

    private MessageItem get(RoomName room, long id) {
        return table.getItem(GetItemEnhancedRequest.builder()
                .key(key(room, id))
                .consistentRead(true)
                .build());
    }

    @Override
    public List<Message> after(RoomName room, long afterId, int limit) {
        return page(room, QueryConditional.sortGreaterThan(key(room, afterId)), true, limit);
    }

    @Override
    public List<Message> before(RoomName room, long beforeId, int limit) {
        return page(room, QueryConditional.sortLessThan(key(room, beforeId)), false, limit);
    }

    @Override
    public long latestPosition(RoomName room) {
        return readHead(room).id();
    }

    /**
     * Up to {@code limit} live messages. The SDK's pages are fetched lazily, one query after another, until
     * the stream has {@code limit} items: the filter may leave a query's page short, even empty.
     */
    private List<Message> page(RoomName room, QueryConditional condition, boolean oldestFirst, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return table
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(condition)
                        .filterExpression(LIVE)
                        .scanIndexForward(oldestFirst)
                        .consistentRead(true)
                        .limit(Math.min(limit, 1000))
                        .build())
                .items()
                .stream()
                .limit(limit)
                .map(MessageItem::toMessage)
                .collect(Collectors.toList());
    }

    @Override
    public Optional<Message> delete(RoomName room, long id) {
        MessageItem item = get(room, id);
        if (item == null || item.isDeleted()) {
            return Optional.empty();
        }
        try {
            // A whole-item put: the text attribute goes, the local index entry (clientKey) stays.
            table.putItem(PutItemEnhancedRequest.builder(MessageItem.class)
                    .item(item.tombstone())
                    .conditionExpression(Expression.builder()
                            .expression("attribute_exists(#id) AND attribute_not_exists(#deleted)")
                            .putExpressionName("#id", MessageItem.ID)
                            .putExpressionName("#deleted", MessageItem.DELETED)
                            .build())
                    .build());
            return Optional.of(item.toMessage());
        } catch (ConditionalCheckFailedException deletedMeanwhile) {
            return Optional.empty();
        }
    }

    @Override
    public void deleteRoom(RoomName room) {
        // Always from the top again: what was deleted is gone, and a message that an append racing the
        // deletion stored meanwhile is deleted in a later round.
        try {
            for (List<MessageItem> page = newest(room, Long.MAX_VALUE);
                    !page.isEmpty();
                    page = newest(room, Long.MAX_VALUE)) {
                batches.write(
                        List.of(), page.stream().map(DynamoMessageStore::keyOf).toList());
            }
        } finally {
            forgetHead(room);
        }
    }

    /**
     * Newest first, so that the room's newest message is in {@code to} before any other: from then on an
     * append to {@code to} numbers after every moved message and cannot collide with one still to come. A
     * message that an append racing the rename stored in {@code from} meanwhile (at a number the move may
     * already have used) is appended to {@code to} afresh, after the others, once, by its clientId.
     */
    @Override
    public void moveRoom(RoomName from, RoomName to) {
        try {
            long below = Long.MAX_VALUE;
            for (List<MessageItem> page = newest(from, below); !page.isEmpty(); page = newest(from, below)) {
                List<MessageItem> rest = page;
                if (below == Long.MAX_VALUE) {
                    putNewest(page.get(0).movedTo(to), to);
                    rest = page.subList(1, page.size());
                }
                // Copies first, then deletes: a failure in between leaves a message in both rooms, never in neither.
                batches.write(rest.stream().map(m -> m.movedTo(to)).toList(), List.of());
                batches.write(
                        List.of(), page.stream().map(DynamoMessageStore::keyOf).toList());
                below = page.get(page.size() - 1).getId();
            }
            for (List<MessageItem> page = newest(from, Long.MAX_VALUE);
                    !page.isEmpty();
                    page = newest(from, Long.MAX_VALUE)) {
                for (MessageItem late : page) {
                    if (!late.isDeleted()) {
                        Message m = late.toMessage();
                        Appended moved = append(new NewMessage(to, m.author(), m.clientId(), m.text(), m.ts()));
                        log.info(
                                "A message stored in {} while it was renamed to {} was appended there as {}",
                                from,
                                to,
                                moved.message().id());
                    }
                }
                batches.write(
                        List.of(), page.stream().map(DynamoMessageStore::keyOf).toList());
            }
        } finally {
            forgetHead(from);
            forgetHead(to);
        }
    }

    private void putNewest(MessageItem newest, RoomName to) {
        try {
            table.putItem(PutItemEnhancedRequest.builder(MessageItem.class)
                    .item(newest)
                    .conditionExpression(Conditions.absent(MessageItem.ID))
                    .build());
        } catch (ConditionalCheckFailedException taken) {
            MessageItem there = get(to, newest.getId());
            if (there == null || !there.getClientKey().equals(newest.getClientKey())) {
                throw new IllegalStateException(
                        "Cannot move messages to " + to + ": it has messages of its own", taken);
            }
            // The copy an earlier, interrupted move made: carry on from there.
        }
    }

    /** One page of the room's items with an id below {@code below}, newest first, deleted ones included. */
    private List<MessageItem> newest(RoomName room, long below) {
        return table
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.sortLessThan(key(room, below)))
                        .scanIndexForward(false)
                        .consistentRead(true)
                        .limit(Batches.MAX_PER_REQUEST)
                        .build())
                .stream()
                .findFirst()
                .map(p -> List.copyOf(p.items()))
                .orElse(List.of());
    }

    /**
     * Under the room's lock, so that an append of this node that was under way does not put back the head it
     * saw before the room was emptied.
     */
    private void forgetHead(RoomName room) {
        ReentrantLock lock = lock(room);
        lock.lock();
        try {
            heads.remove(room);
        } finally {
            lock.unlock();
        }
    }

    private static Key keyOf(MessageItem item) {
        return Key.builder()
                .partitionValue(item.getRoom())
                .sortValue(item.getId())
                .build();
    }

    private static Key key(RoomName room, long id) {
        return Key.builder().partitionValue(room.value()).sortValue(id).build();
    }
}
