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
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
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
 * <p>Each node remembers the newest message of a room it wrote, so an append usually costs one index
 * query and one put; appends to one room from one node take turns (first come, first served), so that they
 * do not race each other, and one that waits longer than a store call may take fails instead.
 */
final class DynamoMessageStore implements MessageStore {

    /** Enough for any realistic contention between nodes; past it the append fails and the client resends. */
    private static final int MAX_ATTEMPTS = 100;
    private static final int LOCK_STRIPES = 64;

    private final DynamoDbTable<MessageItem> table;
    private final DynamoDbIndex<MessageItem> byClientKey;
    private final ConcurrentMap<RoomName, Head> heads = new ConcurrentHashMap<>();
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final Duration lockWait;

    /** {@code lockWait}: how long an append waits for the appends ahead of it in its room before giving up. */
    DynamoMessageStore(DynamoDbTable<MessageItem> table, Duration lockWait) {
        this.table = table;
        this.byClientKey = table.index(MessageItem.BY_CLIENT_KEY);
        this.lockWait = lockWait;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock(true);
        }
    }

    /** A room's newest message as this node last saw it. */
    private record Head(long id, Instant ts) {

        static final Head EMPTY = new Head(0, Instant.MIN);
    }

    @Override
    public Appended append(NewMessage message) {
        RoomName room = message.room();
        String clientKey = MessageItem.clientKey(message.author(), message.clientId());
        ReentrantLock lock = locks[Math.floorMod(room.hashCode(), LOCK_STRIPES)];
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
            if (head == null) {
                head = readHead(room);
            }
            String writer = UUID.randomUUID().toString();
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Optional<MessageItem> stored = find(room, clientKey);
                if (stored.isPresent()) {
                    // Written by this very call: a try of ours landed although its answer was lost (the SDK
                    // retried it), so it is new to everyone else and must still be published.
                    return new Appended(stored.get().toMessage(), !writer.equals(stored.get().getWriter()));
                }
                long id = head.id() + 1;
                Instant ts = message.ts().isBefore(head.ts()) ? head.ts() : message.ts();
                Message next = new Message(room, id, message.author(), message.text(), ts, message.clientId());
                try {
                    table.putItem(PutItemEnhancedRequest.builder(MessageItem.class)
                            .item(MessageItem.of(next, writer))
                            .conditionExpression(Conditions.absent(MessageItem.ID))
                            .build());
                    heads.put(room, new Head(id, ts));
                    return new Appended(next, false);
                } catch (ConditionalCheckFailedException taken) {
                    head = readHead(room);
                }
            }
            heads.remove(room);
            throw new IllegalStateException("Gave up appending to " + room + " after " + MAX_ATTEMPTS
                    + " conflicting writes");
        } finally {
            lock.unlock();
        }
    }

    private Head readHead(RoomName room) {
        return newestFirst(room, Long.MAX_VALUE, 1).stream()
                .findFirst()
                .map(m -> new Head(m.id(), m.ts()))
                .orElse(Head.EMPTY);
    }

    @Override
    public Optional<Message> find(RoomName room, Username author, ClientId clientId) {
        return find(room, MessageItem.clientKey(author, clientId)).map(MessageItem::toMessage);
    }

    private Optional<MessageItem> find(RoomName room, String clientKey) {
        Optional<MessageItem> keys = byClientKey.query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(Key.builder()
                                .partitionValue(room.value()).sortValue(clientKey).build()))
                        .consistentRead(true)
                        .limit(1)
                        .build())
                .stream()
                .flatMap(page -> page.items().stream())
                .findFirst();
        return keys.map(k -> table.getItem(GetItemEnhancedRequest.builder()
                        .key(Key.builder().partitionValue(room.value()).sortValue(k.getId()).build())
                        .consistentRead(true)
                        .build()));
    }

    @Override
    public List<Message> after(RoomName room, long afterId, int limit) {
        return page(room, QueryConditional.sortGreaterThan(key(room, afterId)), true, limit);
    }

    @Override
    public List<Message> before(RoomName room, long beforeId, int limit) {
        return newestFirst(room, beforeId, limit);
    }

    @Override
    public long latestId(RoomName room) {
        return readHead(room).id();
    }

    private List<Message> newestFirst(RoomName room, long beforeId, int limit) {
        return page(room, QueryConditional.sortLessThan(key(room, beforeId)), false, limit);
    }

    private List<Message> page(RoomName room, QueryConditional condition, boolean oldestFirst, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return table.query(QueryEnhancedRequest.builder()
                        .queryConditional(condition)
                        .scanIndexForward(oldestFirst)
                        .consistentRead(true)
                        .limit(Math.min(limit, 1000))
                        .build())
                .items().stream()
                .limit(limit)
                .map(MessageItem::toMessage)
                .collect(Collectors.toList());
    }

    private static Key key(RoomName room, long id) {
        return Key.builder().partitionValue(room.value()).sortValue(id).build();
    }
}
