package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.RoomName;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Hands out a room's positions on this node: item n+1 is put, on the condition that it does not exist yet, only
 * after position n was seen, and only once position n, if it is a change, has been materialized (its message
 * brought up to it, see {@link Materializer}). So positions never skip, two writers never share one, n+1 is never
 * visible before n, and of a room's change items only the newest can be ahead of its message.
 *
 * <p>The node remembers each room's newest position it wrote, for a while, so that a write usually costs no
 * read of the head; writes to one room from one node take turns on a striped lock, first come first served.
 */
final class Positions {

    private static final Logger log = LoggerFactory.getLogger(Positions.class);
    /** Enough for any realistic contention between nodes; past it the write fails and the client resends. */
    private static final int MAX_ATTEMPTS = 100;

    private static final int LOCK_STRIPES = 64;

    private final DynamoDbTable<MessageItem> table;
    private final Materializer materializer;
    private final ConcurrentMap<RoomName, Head> heads = new ConcurrentHashMap<>();
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final Duration lockWait;
    private final long headTrustedNanos;

    Positions(DynamoDbTable<MessageItem> table, Materializer materializer, Duration lockWait, Duration headTrusted) {
        this.table = table;
        this.materializer = materializer;
        this.lockWait = lockWait;
        this.headTrustedNanos = headTrusted.toNanos();
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock(true);
        }
    }

    /**
     * A room's newest position as this node knows it: its time floor (the newest message's time), the change item
     * there when it may not be materialized yet (null when it is a message, or this node materialized it), and
     * when it was seen (System.nanoTime).
     */
    private record Head(long position, Instant roomTs, MessageItem unmaterialized, long seenAt) {

        static final Head EMPTY = new Head(0, Instant.MIN, null, 0);
    }

    /** One try at writing position {@code position}: what to put there, or the answer without writing. */
    @FunctionalInterface
    interface Attempt<T> {
        /** {@code roomTs}: the room's newest message time, which a new message's time must not undercut. */
        Step<T> at(long position, Instant roomTs);
    }

    /**
     * An attempt's outcome: put {@code item} at the position and answer {@code result}; or (item null) only
     * answer; or ({@code headBehind}) nothing yet, as the position is not past one the write builds on (the head this
     * node remembered is behind the room's).
     */
    record Step<T>(MessageItem item, T result, boolean headBehind) {

        static <T> Step<T> put(MessageItem item, T result) {
            return new Step<>(item, result, false);
        }

        static <T> Step<T> answer(T result) {
            return new Step<>(null, result, false);
        }

        static <T> Step<T> behind() {
            return new Step<>(null, null, true);
        }
    }

    /**
     * Runs {@code attempt} at the room's next position until its item is stored there or it answers without
     * writing; when another writer took the position first, the attempt runs again at the next one, seeing what
     * that writer stored. A change item stored is then materialized.
     */
    <T> T write(RoomName room, Attempt<T> attempt) {
        ReentrantLock lock = lock(room);
        try {
            if (!lock.tryLock(lockWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Writes to " + room + " are backed up; not stored");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to write to " + room, e);
        }
        try {
            Head head = heads.get(room);
            if (head == null || System.nanoTime() - head.seenAt() >= headTrustedNanos) {
                head = readHead(room);
            }
            for (int tries = 1; tries <= MAX_ATTEMPTS; tries++) {
                head = materialized(head);
                Step<T> step = attempt.at(head.position() + 1, head.roomTs());
                if (step.headBehind()) {
                    Head read = readHead(room);
                    if (read.position() == head.position()) {
                        throw new IllegalArgumentException("A write to " + room + " builds on a position past "
                                + head.position() + ", the room's newest");
                    }
                    head = read;
                    continue;
                }
                if (step.item() == null) {
                    return step.result();
                }
                if (put(step.item()) || ours(step.item())) {
                    settle(room, step.item());
                    return step.result();
                }
                head = readHead(room);
            }
            heads.remove(room);
            throw new IllegalStateException(
                    "Gave up writing to " + room + " after " + MAX_ATTEMPTS + " conflicting writes");
        } finally {
            lock.unlock();
        }
    }

    /** The room's newest position, a message or a change, deleted or not; 0 when it has none. */
    long latest(RoomName room) {
        return newest(room).map(MessageItem::getId).orElse(0L);
    }

    /** Materializes the room's newest position, when it is a change: afterwards every change of the room is. */
    void materializeHead(RoomName room) {
        materialized(readHead(room));
    }

    /**
     * Forgets the room's head, under the room's lock, so that a write of this node that was under way does not
     * put back the head it saw before the room was emptied or moved.
     */
    void forget(RoomName room) {
        ReentrantLock lock = lock(room);
        lock.lock();
        try {
            heads.remove(room);
        } finally {
            lock.unlock();
        }
    }

    private Head materialized(Head head) {
        if (head.unmaterialized() == null) {
            return head;
        }
        materializer.materialize(head.unmaterialized());
        return new Head(head.position(), head.roomTs(), null, head.seenAt());
    }

    private boolean put(MessageItem item) {
        try {
            table.putItem(PutItemEnhancedRequest.builder(MessageItem.class)
                    .item(item)
                    .conditionExpression(Conditions.absent(MessageItem.ID))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    /**
     * Whether the change item at that position is this very call's: a try of ours landed although its answer was
     * lost (the SDK sent it again, which then found the position taken). An append finds its own message by its
     * clientId on its next attempt instead.
     */
    private boolean ours(MessageItem item) {
        if (!item.isChange()) {
            return false;
        }
        MessageItem there = table.getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder()
                        .partitionValue(item.getRoom())
                        .sortValue(item.getId())
                        .build())
                .consistentRead(true)
                .build());
        return there != null && there.sameWrite(item);
    }

    /**
     * Remembers what this node just stored as the room's head, after materializing a change. If that fails, the
     * change is stored all the same (readers of positions see it); the head is forgotten so that the room's next
     * write here reads it again and materializes it before going on, as a write on any other node does.
     */
    private void settle(RoomName room, MessageItem stored) {
        Head head = new Head(stored.getId(), stored.roomTs(), null, System.nanoTime());
        if (stored.isChange()) {
            try {
                materializer.materialize(stored);
            } catch (RuntimeException e) {
                heads.remove(room);
                log.warn(
                        "Change {} of {} is stored, but message {} is not brought up to it yet; the room's next"
                                + " write will",
                        stored.getId(),
                        room,
                        stored.messageId(),
                        e);
                return;
            }
        }
        heads.put(room, head);
    }

    private Head readHead(RoomName room) {
        return newest(room)
                .map(item -> new Head(item.getId(), item.roomTs(), item.isChange() ? item : null, System.nanoTime()))
                .orElse(Head.EMPTY);
    }

    /** The room's newest item, read strongly consistently. */
    Optional<MessageItem> newest(RoomName room) {
        return table
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.sortLessThan(Key.builder()
                                .partitionValue(room.value())
                                .sortValue(Long.MAX_VALUE)
                                .build()))
                        .scanIndexForward(false)
                        .consistentRead(true)
                        .limit(1)
                        .build())
                .items()
                .stream()
                .findFirst();
    }

    private ReentrantLock lock(RoomName room) {
        return locks[Math.floorMod(room.hashCode(), LOCK_STRIPES)];
    }
}
