package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Webhook;
import dev.chat.core.domain.WebhookAttempt;
import dev.chat.core.port.out.WebhookStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Webhooks in DynamoDB: table {@code <prefix>webhooks} keyed by id ({@link WebhookItem}), their logs in {@code
 * <prefix>webhook_log} ({@link WebhookLogItem}).
 *
 * <p>The webhooks table has no index. {@link #listOf}, {@link #outgoing}, {@link #deleteRoom} and {@link #moveRoom}
 * scan it, strongly consistently, filtered on the room or the kind: a room has at most a handful of webhooks (the
 * core allows 10), an item is about 0.4 KB, so 10,000 webhooks are some 1,000 read units and 4 requests of 1 MB a
 * scan; {@code outgoing} is what every node runs now and then, and the one to watch as webhooks grow. A global index on
 * the room could not be read consistently (a webhook just made could be missing from its room's list for a moment).
 * {@link #delete} needs no scan: one {@code DeleteItem} on the id, on the condition that it is the room's, returns
 * what it removed, so of two racing deletions one returns the webhook.
 *
 * <p>The lease and the cursor are attributes of the webhook's item, changed by one conditional {@code UpdateItem}
 * each (the lease's end a number of epoch millis, so the condition compares it with {@code now}): of nodes racing for
 * a lease or a cursor position, one wins.
 *
 * <p>The log is a table of its own rather than a list on the webhook's item: every lease renewal, cursor move and scan
 * pays for the whole item, and 50 attempts would make it some 8 KB instead of 0.4. {@link #record} first counts the
 * attempt on the webhook's item ({@code ADD logSeq 1}, on the condition that the webhook exists, which makes it a
 * no-op for a deleted one) and puts the attempt under that number; then it deletes, in one batch, whatever is at
 * {@code number - 50} or below (normally the one attempt that just fell out, one query page), so the log stays at 50
 * items and a trim missed by a node that died between the two heals at the next attempt. {@link #log} reads the newest
 * 50 backwards, so a leftover is never shown. Not atomic: an attempt counted just before its webhook is deleted and
 * put just after the deletion cleared the log stays behind, alone, under an id that is never used again.
 */
final class DynamoWebhookStore implements WebhookStore {

    private final DynamoDbClient client;
    private final DynamoDbTable<WebhookItem> webhooks;
    private final DynamoDbTable<WebhookLogItem> log;
    private final Batches<WebhookLogItem> logBatches;

    DynamoWebhookStore(
            DynamoDbClient client,
            DynamoDbEnhancedClient enhanced,
            DynamoDbTable<WebhookItem> webhooks,
            DynamoDbTable<WebhookLogItem> log) {
        this.client = client;
        this.webhooks = webhooks;
        this.log = log;
        this.logBatches = new Batches<>(enhanced, log, WebhookLogItem.class);
    }

    /** A plain put: the id is new, and a put the SDK sends again after a lost answer writes the same item. */
    @Override
    public void save(Webhook webhook) {
        webhooks.putItem(WebhookItem.of(webhook));
    }

    @Override
    public Optional<Webhook> find(String id) {
        WebhookItem item = webhooks.getItem(GetItemEnhancedRequest.builder()
                .key(key(id))
                .consistentRead(true)
                .build());
        return Optional.ofNullable(item).map(WebhookItem::toWebhook);
    }

    @Override
    public List<Webhook> listOf(RoomName room) {
        return scan(inRoom(room)).stream().map(WebhookItem::toWebhook).toList();
    }

    @Override
    public List<Webhook> outgoing() {
        return scan(Expression.builder()
                        .expression("#kind = :kind")
                        .putExpressionName("#kind", WebhookItem.KIND)
                        .putExpressionValue(":kind", AttributeValue.fromS(Webhook.Kind.OUTGOING.wire()))
                        .build())
                .stream()
                .map(WebhookItem::toWebhook)
                .toList();
    }

    @Override
    public Optional<Webhook> delete(RoomName room, String id) {
        Optional<Webhook> deleted;
        try {
            deleted = Optional.ofNullable(webhooks.deleteItem(DeleteItemEnhancedRequest.builder()
                            .key(key(id))
                            .conditionExpression(inRoom(room))
                            .build()))
                    .map(WebhookItem::toWebhook);
        } catch (ConditionalCheckFailedException noneThere) {
            // Not a webhook of this room, or another deletion took it first (and reports it).
            return Optional.empty();
        }
        deleted.ifPresent(webhook -> clearLog(webhook.id()));
        return deleted;
    }

    @Override
    public void deleteRoom(RoomName room) {
        for (WebhookItem item : scan(inRoom(room))) {
            delete(room, item.getId());
        }
    }

    @Override
    public void moveRoom(RoomName from, RoomName to) {
        if (from.equals(to)) {
            return;
        }
        for (WebhookItem item : scan(inRoom(from))) {
            // On the condition that it is still in the old room: one deleted meanwhile is not brought back.
            update(
                    item.getId(),
                    "SET #room = :to",
                    "#room = :from",
                    Map.of("#room", WebhookItem.ROOM),
                    Map.of(":to", AttributeValue.fromS(to.value()), ":from", AttributeValue.fromS(from.value())));
        }
    }

    @Override
    public boolean lease(String id, String holder, Instant now, Instant until) {
        return update(
                id,
                "SET #holder = :holder, #until = :until",
                "attribute_exists(#id) AND (attribute_not_exists(#holder) OR #holder = :holder OR #until < :now)",
                Map.of("#id", WebhookItem.KEY, "#holder", WebhookItem.LEASE_HOLDER, "#until", WebhookItem.LEASE_UNTIL),
                Map.of(":holder", AttributeValue.fromS(holder), ":until", millis(until), ":now", millis(now)));
    }

    @Override
    public void release(String id, String holder) {
        update(
                id,
                "REMOVE #holder, #until",
                "#holder = :holder",
                Map.of("#holder", WebhookItem.LEASE_HOLDER, "#until", WebhookItem.LEASE_UNTIL),
                Map.of(":holder", AttributeValue.fromS(holder)));
    }

    @Override
    public boolean advance(String id, long from, long to) {
        return update(
                id,
                "SET #cursor = :to",
                "#cursor = :from",
                Map.of("#cursor", WebhookItem.CURSOR),
                Map.of(":to", number(to), ":from", number(from)));
    }

    @Override
    public void record(String id, WebhookAttempt attempt) {
        long seq;
        try {
            seq = Long.parseLong(client.updateItem(b -> b.tableName(webhooks.tableName())
                            .key(Map.of(WebhookItem.KEY, AttributeValue.fromS(id)))
                            .updateExpression("ADD #seq :one")
                            .conditionExpression("attribute_exists(#id)")
                            .expressionAttributeNames(Map.of("#seq", WebhookItem.LOG_SEQ, "#id", WebhookItem.KEY))
                            .expressionAttributeValues(Map.of(":one", number(1)))
                            .returnValues(ReturnValue.UPDATED_NEW))
                    .attributes()
                    .get(WebhookItem.LOG_SEQ)
                    .n());
        } catch (ConditionalCheckFailedException deleted) {
            return;
        }
        log.putItem(WebhookLogItem.of(id, seq, attempt));
        if (seq > LOG_SIZE) {
            List<Key> old = keys(QueryConditional.sortLessThanOrEqualTo(
                    Key.builder().partitionValue(id).sortValue(seq - LOG_SIZE).build()));
            logBatches.write(List.of(), old);
        }
    }

    @Override
    public List<WebhookAttempt> log(String id) {
        return log
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(
                                Key.builder().partitionValue(id).build()))
                        .scanIndexForward(false)
                        .consistentRead(true)
                        .limit(LOG_SIZE)
                        .build())
                .items()
                .stream()
                .limit(LOG_SIZE)
                .map(WebhookLogItem::toAttempt)
                .toList();
    }

    /** Deletes every logged attempt of the webhook, 25 to a batch. */
    private void clearLog(String id) {
        logBatches.write(
                List.of(),
                keys(QueryConditional.keyEqualTo(
                        Key.builder().partitionValue(id).build())));
    }

    /** The keys of the logged attempts the condition selects, all pages, read strongly consistently. */
    private List<Key> keys(QueryConditional condition) {
        return log
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(condition)
                        .consistentRead(true)
                        .attributesToProject(WebhookLogItem.WEBHOOK, WebhookLogItem.SEQ)
                        .build())
                .items()
                .stream()
                .map(WebhookLogItem::key)
                .toList();
    }

    /** Every webhook the filter keeps, read strongly consistently, all pages. */
    private List<WebhookItem> scan(Expression filter) {
        return webhooks
                .scan(ScanEnhancedRequest.builder()
                        .consistentRead(true)
                        .filterExpression(filter)
                        .build())
                .items()
                .stream()
                .toList();
    }

    /** One conditional update of the webhook's item; false when the condition did not hold (or there is no item). */
    private boolean update(
            String id,
            String expression,
            String condition,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        try {
            client.updateItem(b -> b.tableName(webhooks.tableName())
                    .key(Map.of(WebhookItem.KEY, AttributeValue.fromS(id)))
                    .updateExpression(expression)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException notSo) {
            return false;
        }
    }

    private static Expression inRoom(RoomName room) {
        return Expression.builder()
                .expression("#room = :room")
                .putExpressionName("#room", WebhookItem.ROOM)
                .putExpressionValue(":room", AttributeValue.fromS(room.value()))
                .build();
    }

    private static AttributeValue millis(Instant instant) {
        return number(instant.toEpochMilli());
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static Key key(String id) {
        return Key.builder().partitionValue(id).build();
    }
}
