package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.port.out.RoomStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Rooms in DynamoDB. Listing scans the table: rooms are few (they are created by people, not traffic) and
 * the list is what a client shows, so it is read whole and sorted by name here.
 */
final class DynamoRoomStore implements RoomStore {

    private final DynamoDbTable<RoomItem> table;

    DynamoRoomStore(DynamoDbTable<RoomItem> table) {
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
        RoomItem item = table.getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder().partitionValue(name.value()).build())
                .consistentRead(true)
                .build());
        return Optional.ofNullable(item).map(RoomItem::toRoom);
    }

    @Override
    public List<Room> list() {
        return table.scan(ScanEnhancedRequest.builder().consistentRead(true).build())
                .items().stream()
                .map(RoomItem::toRoom)
                .sorted(Comparator.comparing(r -> r.name().value()))
                .collect(Collectors.toList());
    }
}
