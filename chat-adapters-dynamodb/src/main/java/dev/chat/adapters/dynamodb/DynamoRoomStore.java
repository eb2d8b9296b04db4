package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.port.out.RoomStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Rooms of every kind in DynamoDB. Listing queries the {@code public} partition of the global index
 * {@value RoomItem#BY_KIND} (the rooms of a kind in name order), a page at a time, never the whole table: private
 * and direct rooms are under their own kinds' keys there, so the directory never reads them, and a page holds as
 * many public rooms as asked whatever lies between them. A global index is eventually consistent: a room created
 * a moment ago may be missing from a listing for that moment (DynamoDB says "usually within a second").
 * {@link #backfillKinds} gives the index the rooms stored before it existed. A room's kind is written once, by
 * {@link #create}: a new topic updates the topic alone, and a rename copies the item, kind included.
 *
 * <p>A rename is a put of the new name that only succeeds where none exists, then a delete of the old one.
 * DynamoDB's {@code TransactWriteItems} would make the pair atomic, but the test server (dynalite) lacks
 * it. If the delete fails, the room exists under both names for a moment and the rename fails; nothing is
 * lost, and calling it again finishes it (the new item records the old name, see {@link RoomItem}).
 */
final class DynamoRoomStore implements RoomStore {

    private final DynamoDbClient client;
    private final DynamoDbTable<RoomItem> table;

    DynamoRoomStore(DynamoDbClient client, DynamoDbTable<RoomItem> table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public boolean create(Room room) {
        try {
            table.putItem(PutItemEnhancedRequest.builder(RoomItem.class)
                    .item(RoomItem.of(room))
                    .conditionExpression(Conditions.absent(RoomItem.KEY))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public Optional<Room> find(RoomName name) {
        return Optional.ofNullable(item(name)).map(RoomItem::toRoom);
    }

    private RoomItem item(RoomName name) {
        return table.getItem(GetItemEnhancedRequest.builder()
                .key(key(name))
                .consistentRead(true)
                .build());
    }

    private static Key key(RoomName name) {
        return Key.builder().partitionValue(name.value()).build();
    }

    @Override
    public List<Room> page(RoomKind kind, RoomName after, int limit) {
        String partition = kind.wire();
        QueryConditional from = after == null
                ? QueryConditional.keyEqualTo(k -> k.partitionValue(partition))
                : QueryConditional.sortGreaterThan(
                        k -> k.partitionValue(partition).sortValue(after.value()));
        List<Room> rooms = new ArrayList<>(limit);
        for (Page<RoomItem> page : table.index(RoomItem.BY_KIND)
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(from)
                        .limit(limit)
                        .build())) {
            for (RoomItem item : page.items()) {
                if (rooms.size() < limit) {
                    rooms.add(item.toRoom());
                }
            }
            if (rooms.size() >= limit) {
                break;
            }
        }
        return List.copyOf(rooms);
    }

    /**
     * Gives every room stored before the index existed its kind, so the index lists it. Reads the whole table
     * (a scan with a filter), once per start; rooms already listed are not written.
     */
    int backfillKinds() {
        int updated = 0;
        for (Page<RoomItem> page : table.scan(ScanEnhancedRequest.builder()
                .filterExpression(Expression.builder()
                        .expression("attribute_not_exists(#kind)")
                        .putExpressionName("#kind", RoomItem.KIND)
                        .build())
                .build())) {
            for (RoomItem item : page.items()) {
                try {
                    client.updateItem(b -> b.tableName(table.tableName())
                            .key(Map.of(RoomItem.KEY, AttributeValue.fromS(item.getName())))
                            .updateExpression("SET #kind = :kind")
                            .conditionExpression("attribute_exists(#name)")
                            .expressionAttributeNames(Map.of("#kind", RoomItem.KIND, "#name", RoomItem.KEY))
                            .expressionAttributeValues(Map.of(":kind", AttributeValue.fromS(RoomItem.PUBLIC))));
                    updated++;
                } catch (ConditionalCheckFailedException deletedMeanwhile) {
                    // Nothing to list.
                }
            }
        }
        return updated;
    }

    /** An empty topic is not stored, so setting one removes the attribute: hence a plain update expression. */
    @Override
    public boolean setTopic(RoomName name, Topic topic) {
        try {
            client.updateItem(b -> {
                b.tableName(table.tableName())
                        .key(Map.of(RoomItem.KEY, AttributeValue.fromS(name.value())))
                        .conditionExpression("attribute_exists(#name)");
                if (topic.isEmpty()) {
                    b.updateExpression("REMOVE #topic")
                            .expressionAttributeNames(Map.of("#name", RoomItem.KEY, "#topic", RoomItem.TOPIC));
                } else {
                    b.updateExpression("SET #topic = :topic")
                            .expressionAttributeNames(Map.of("#name", RoomItem.KEY, "#topic", RoomItem.TOPIC))
                            .expressionAttributeValues(Map.of(":topic", AttributeValue.fromS(topic.value())));
                }
            });
            return true;
        } catch (ConditionalCheckFailedException noSuchRoom) {
            return false;
        }
    }

    @Override
    public boolean rename(RoomName from, RoomName to) {
        RoomItem original = item(from);
        if (original == null) {
            return false;
        }
        RoomItem renamed = original.renamedTo(to);
        try {
            table.putItem(PutItemEnhancedRequest.builder(RoomItem.class)
                    .item(renamed)
                    .conditionExpression(Conditions.absent(RoomItem.KEY))
                    .build());
        } catch (ConditionalCheckFailedException exists) {
            RoomItem there = item(to);
            if (there == null || !there.isRenameOf(original)) {
                return false;
            }
            // This very rename got as far as the put before, and no further: finish it.
        }
        table.deleteItem(key(from));
        return true;
    }

    @Override
    public boolean delete(RoomName name) {
        try {
            table.deleteItem(DeleteItemEnhancedRequest.builder()
                    .key(key(name))
                    .conditionExpression(Conditions.present(RoomItem.KEY))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException noSuchRoom) {
            return false;
        }
    }
}
