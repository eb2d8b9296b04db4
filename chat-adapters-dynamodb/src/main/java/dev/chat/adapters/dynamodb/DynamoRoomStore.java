package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.port.out.RoomStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Rooms in DynamoDB. Listing scans the table: rooms are few (they are created by people, not traffic) and
 * the list is what a client shows, so it is read whole and sorted by name here.
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
        return table.getItem(GetItemEnhancedRequest.builder().key(key(name)).consistentRead(true).build());
    }

    private static Key key(RoomName name) {
        return Key.builder().partitionValue(name.value()).build();
    }

    @Override
    public List<Room> list() {
        return table.scan(ScanEnhancedRequest.builder().consistentRead(true).build())
                .items().stream()
                .map(RoomItem::toRoom)
                .sorted(Comparator.comparing(r -> r.name().value()))
                .collect(Collectors.toList());
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
