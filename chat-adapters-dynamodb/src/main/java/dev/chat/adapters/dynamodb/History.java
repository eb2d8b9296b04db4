package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.Entry;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.RoomName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;

/**
 * Reads a room's history from its items (see {@link MessageItem}), every read strongly consistent.
 *
 * <p>{@link #after} turns the items past a position into entries. A message item holds its materialized state,
 * which may lack the room's newest change (the only one that can be ahead of its message); a change item read with
 * it, or the room's head, supplies that. A change item is an entry only when its message is at or before the
 * position and nothing supersedes it: no later change to the message among the items read or at the head, and no
 * later state on the message item itself, which is read, for the changes read, with {@code BatchGetItem}. Deleted
 * message items are left out by the query's filter; DynamoDB applies a filter after {@code Limit}, so the reader
 * keeps querying until it has {@code limit} entries or the room ends.
 */
final class History {

    private static final int MAX_PAGE = 1000;
    /** Messages that are not deleted, and every change. */
    private static final Expression LIVE_OR_CHANGE = Expression.builder()
            .expression("attribute_not_exists(#deleted) OR attribute_exists(#change)")
            .putExpressionName("#deleted", MessageItem.DELETED)
            .putExpressionName("#change", MessageItem.CHANGE)
            .build();
    /** Messages that are not deleted, and no change. */
    private static final Expression LIVE_MESSAGES = Expression.builder()
            .expression("attribute_not_exists(#deleted) AND attribute_not_exists(#change)")
            .putExpressionName("#deleted", MessageItem.DELETED)
            .putExpressionName("#change", MessageItem.CHANGE)
            .build();

    private final DynamoDbTable<MessageItem> table;
    private final Batches<MessageItem> batches;
    private final Positions positions;

    History(DynamoDbTable<MessageItem> table, Batches<MessageItem> batches, Positions positions) {
        this.table = table;
        this.batches = batches;
        this.positions = positions;
    }

    /** See {@link dev.chat.core.port.out.MessageStore#after}. */
    List<Entry> after(RoomName room, long afterPosition, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        Iterator<Page<MessageItem>> pages = table.query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.sortGreaterThan(key(room, afterPosition)))
                        .filterExpression(LIVE_OR_CHANGE)
                        .scanIndexForward(true)
                        .consistentRead(true)
                        .limit(Math.min(limit, MAX_PAGE))
                        .build())
                .iterator();
        List<MessageItem> read = new ArrayList<>();
        Map<Long, Long> messageSeqs = new HashMap<>();
        long wanted = limit;
        for (; ; ) {
            while (candidates(read, afterPosition) < wanted && pages.hasNext()) {
                read.addAll(pages.next().items());
            }
            boolean ended = !pages.hasNext();
            Map<Long, MessageItem> latest = latestChanges(read);
            if (!ended) {
                // Past the items read, only the room's head can be a change its message does not show yet.
                long last = read.isEmpty()
                        ? afterPosition
                        : read.get(read.size() - 1).getId();
                positions
                        .newest(room)
                        .filter(head -> head.isChange() && head.getId() > last)
                        .ifPresent(head -> latest.merge(head.messageId(), head, History::later));
            }
            // The messages are read after the head: every change before the head is in them by now.
            readSeqs(room, changesToCheck(read, latest, afterPosition, messageSeqs), messageSeqs);
            List<Entry> entries = assemble(read, latest, messageSeqs, afterPosition);
            if (ended || entries.size() >= limit) {
                return List.copyOf(entries.subList(0, Math.min(limit, entries.size())));
            }
            wanted = candidates(read, afterPosition) + limit - entries.size();
        }
    }

    /** See {@link dev.chat.core.port.out.MessageStore#before}: message items only, as materialized. */
    List<Message> before(RoomName room, long beforeId, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return table
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.sortLessThan(key(room, beforeId)))
                        .filterExpression(LIVE_MESSAGES)
                        .scanIndexForward(false)
                        .consistentRead(true)
                        .limit(Math.min(limit, MAX_PAGE))
                        .build())
                .items()
                .stream()
                .limit(limit)
                .map(MessageItem::toMessage)
                .collect(Collectors.toList());
    }

    /** How many entries the items read can make at most: what supersedes a change only ever takes one away. */
    private static long candidates(List<MessageItem> read, long afterPosition) {
        return read.stream()
                .filter(item -> item.isChange() ? item.messageId() <= afterPosition : !item.isDeleted())
                .count();
    }

    /** For each message changed in the items, its latest change among them. */
    private static Map<Long, MessageItem> latestChanges(List<MessageItem> read) {
        Map<Long, MessageItem> latest = new HashMap<>();
        for (MessageItem item : read) {
            if (item.isChange()) {
                latest.merge(item.messageId(), item, History::later);
            }
        }
        return latest;
    }

    private static MessageItem later(MessageItem a, MessageItem b) {
        return a.getId() >= b.getId() ? a : b;
    }

    /** The messages whose item must say whether a change read is still their latest, not read yet. */
    private static List<Long> changesToCheck(
            List<MessageItem> read, Map<Long, MessageItem> latest, long afterPosition, Map<Long, Long> known) {
        return read.stream()
                .filter(item -> item.isChange()
                        && item.messageId() <= afterPosition
                        && latest.get(item.messageId()) == item
                        && !known.containsKey(item.messageId()))
                .map(MessageItem::messageId)
                .distinct()
                .toList();
    }

    /** Each message's {@code seq}; 0 for one not found (its room is being deleted or moved). */
    private void readSeqs(RoomName room, List<Long> ids, Map<Long, Long> into) {
        if (ids.isEmpty()) {
            return;
        }
        ids.forEach(id -> into.put(id, 0L));
        batches.read(ids.stream().map(id -> key(room, id)).toList())
                .forEach(item -> into.put(item.getId(), item.stateSeq()));
    }

    private static List<Entry> assemble(
            List<MessageItem> read, Map<Long, MessageItem> latest, Map<Long, Long> messageSeqs, long afterPosition) {
        List<Entry> entries = new ArrayList<>();
        for (MessageItem item : read) {
            if (item.isChange()) {
                if (item.messageId() <= afterPosition
                        && latest.get(item.messageId()) == item
                        && messageSeqs.getOrDefault(item.messageId(), 0L) <= item.getId()) {
                    entries.add(item.toChange());
                }
            } else {
                MessageItem change = latest.get(item.getId());
                MessageItem state = change != null && change.getId() > item.stateSeq() ? change : item;
                if (!state.isDeleted()) {
                    entries.add(state.toMessage());
                }
            }
        }
        return entries;
    }

    private static Key key(RoomName room, long id) {
        return Key.builder().partitionValue(room.value()).sortValue(id).build();
    }
}
