package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.Mention;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MentionStore;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;

/**
 * Mentions in DynamoDB (see {@link MentionItem}): an add is one put that writes the same item again for the same
 * mention (nothing changes), a removal one delete, a user's newest one query of the local index read backwards,
 * strongly consistent. Old mentions are forgotten by the table's time to live, {@value MentionStore#KEPT_DAYS} days
 * after them (DynamoDB deletes expired items within a few days; until then they are still listed, which the port
 * allows).
 */
final class DynamoMentionStore implements MentionStore {

    private final DynamoDbTable<MentionItem> table;
    private final DynamoDbIndex<MentionItem> byTime;

    DynamoMentionStore(DynamoDbTable<MentionItem> table) {
        this.table = table;
        this.byTime = table.index(MentionItem.BY_TIME);
    }

    @Override
    public void add(Mention mention) {
        table.putItem(PutItemEnhancedRequest.builder(MentionItem.class)
                .item(MentionItem.of(mention))
                .build());
    }

    @Override
    public void remove(Username user, RoomName room, long messageId) {
        table.deleteItem(Key.builder()
                .partitionValue(user.value())
                .sortValue(MentionItem.key(room, messageId))
                .build());
    }

    @Override
    public List<Mention> recent(Username user, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return byTime
                .query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(user.value())))
                        .scanIndexForward(false)
                        .consistentRead(true)
                        .limit(Math.min(limit, 1000))
                        .build())
                .stream()
                .flatMap(page -> page.items().stream())
                .limit(limit)
                .map(MentionItem::toMention)
                .collect(Collectors.toList());
    }
}
