package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.Message;
import dev.chat.core.domain.RoomName;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.MessageStore.Appended;
import dev.chat.core.port.out.MessageStore.NewMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * Deletes and moves a room's items (messages and changes alike), 25 at a time with {@code BatchWriteItem}; see
 * {@link DynamoMessageStore} for what readers and other nodes may see meanwhile.
 */
final class RoomMoves {

    private static final Logger log = LoggerFactory.getLogger(RoomMoves.class);

    private final DynamoDbTable<MessageItem> table;
    private final Batches<MessageItem> batches;
    private final Positions positions;
    /** For what was written under the old name during a move: written afresh under the new one. */
    private final MessageStore store;

    RoomMoves(DynamoDbTable<MessageItem> table, Batches<MessageItem> batches, Positions positions, MessageStore store) {
        this.table = table;
        this.batches = batches;
        this.positions = positions;
        this.store = store;
    }

    void deleteRoom(RoomName room) {
        // Always from the top again: what was deleted is gone, and an item that a write racing the deletion
        // stored meanwhile is deleted in a later round.
        try {
            for (List<MessageItem> page = newest(room, Long.MAX_VALUE);
                    !page.isEmpty();
                    page = newest(room, Long.MAX_VALUE)) {
                batches.write(List.of(), page.stream().map(RoomMoves::keyOf).toList());
            }
        } finally {
            positions.forget(room);
        }
    }

    /**
     * First every change of {@code from} is materialized, so that the copies carry every message's state. Then
     * newest first, so that the room's newest item is in {@code to} before any other: from then on a write to
     * {@code to} takes a position after every moved item and cannot collide with one still to come. What a write
     * racing the rename stored in {@code from} meanwhile (at a position the move may already have used) is
     * written to {@code to} afresh, after the others, oldest first: a message appended once, by its clientId; a
     * change made again to that message (found by its author and clientId), unless the moved message has its
     * state already.
     */
    void moveRoom(RoomName from, RoomName to) {
        try {
            positions.materializeHead(from);
            long below = Long.MAX_VALUE;
            for (List<MessageItem> page = newest(from, below); !page.isEmpty(); page = newest(from, below)) {
                List<MessageItem> rest = page;
                if (below == Long.MAX_VALUE) {
                    putNewest(page.get(0).movedTo(to), to);
                    rest = page.subList(1, page.size());
                }
                // Copies first, then deletes: a failure in between leaves an item in both rooms, never in neither.
                batches.write(rest.stream().map(m -> m.movedTo(to)).toList(), List.of());
                batches.write(List.of(), page.stream().map(RoomMoves::keyOf).toList());
                below = page.get(page.size() - 1).getId();
            }
            for (List<MessageItem> late = all(from); !late.isEmpty(); late = all(from)) {
                late.forEach(item -> writeAfresh(item, from, to));
                batches.write(List.of(), late.stream().map(RoomMoves::keyOf).toList());
            }
        } finally {
            positions.forget(from);
            positions.forget(to);
        }
    }

    private void writeAfresh(MessageItem late, RoomName from, RoomName to) {
        Message state = late.toMessage();
        if (!late.isChange()) {
            if (!late.isDeleted()) {
                Appended moved = store.append(new NewMessage(
                        to,
                        state.author(),
                        state.clientId(),
                        state.text(),
                        state.ts(),
                        state.replyTo(),
                        state.bot(),
                        state.via()));
                log.info(
                        "A message stored in {} while it was renamed to {} was appended there as {}",
                        from,
                        to,
                        moved.message().id());
            }
            return;
        }
        Optional<Message> target = store.find(to, state.author(), state.clientId());
        Optional<MessageStore.Changed> changed = target.flatMap(message -> store.change(
                to,
                message.id(),
                late.toChange().kind(),
                current -> sameContent(current, state) ? current : as(current, state)));
        log.info(
                "A change of message {} made in {} while it was renamed to {} was {} there",
                state.id(),
                from,
                to,
                changed.flatMap(MessageStore.Changed::change).isPresent() ? "made again" : "not needed");
    }

    /** {@code current} with the text, edit time and reactions of {@code state}, or deleted as it is. */
    private static Message as(Message current, Message state) {
        return state.isDeleted()
                ? current.deleted()
                : current.withText(state.text(), state.edited()).withReactions(state.reactions());
    }

    private static boolean sameContent(Message a, Message b) {
        return a.text().equals(b.text())
                && Objects.equals(a.edited(), b.edited())
                && List.copyOf(a.reactions().byEmoji().entrySet())
                        .equals(List.copyOf(b.reactions().byEmoji().entrySet()));
    }

    private void putNewest(MessageItem newest, RoomName to) {
        try {
            table.putItem(PutItemEnhancedRequest.builder(MessageItem.class)
                    .item(newest)
                    .conditionExpression(Conditions.absent(MessageItem.ID))
                    .build());
        } catch (ConditionalCheckFailedException taken) {
            MessageItem there = table.getItem(GetItemEnhancedRequest.builder()
                    .key(keyOf(newest))
                    .consistentRead(true)
                    .build());
            if (there == null || !there.sameWrite(newest)) {
                throw new IllegalStateException(
                        "Cannot move messages to " + to + ": it has messages of its own", taken);
            }
            // The copy an earlier, interrupted move made: carry on from there.
        }
    }

    /** One page of the room's items at positions below {@code below}, newest first, deleted ones included. */
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

    /** Every item of the room, oldest first. */
    private List<MessageItem> all(RoomName room) {
        List<MessageItem> items = new ArrayList<>();
        table.query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.sortGreaterThan(key(room, 0)))
                        .consistentRead(true)
                        .build())
                .items()
                .forEach(items::add);
        return items;
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
