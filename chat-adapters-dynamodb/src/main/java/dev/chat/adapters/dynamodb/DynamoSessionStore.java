package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.Session;
import dev.chat.core.port.out.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Sessions in DynamoDB. Every write also sets the TTL attribute to the end of the idle timeout, so real
 * DynamoDB purges abandoned sessions; expiry itself is still decided on read by the core.
 */
final class DynamoSessionStore implements SessionStore {

    private final DynamoDbTable<SessionItem> table;
    private final Duration idleTimeout;

    DynamoSessionStore(DynamoDbTable<SessionItem> table, Duration idleTimeout) {
        this.table = table;
        this.idleTimeout = idleTimeout;
    }

    @Override
    public void save(Session session) {
        table.putItem(SessionItem.of(session, idleTimeout));
    }

    @Override
    public Optional<Session> find(String tokenHash) {
        SessionItem item = table.getItem(GetItemEnhancedRequest.builder()
                .key(key(tokenHash))
                .consistentRead(true)
                .build());
        return Optional.ofNullable(item).map(SessionItem::toSession);
    }

    @Override
    public void touch(String tokenHash, Instant lastSeen) {
        try {
            table.updateItem(UpdateItemEnhancedRequest.builder(SessionItem.class)
                    .item(SessionItem.seen(tokenHash, lastSeen, idleTimeout))
                    .ignoreNulls(true)
                    .conditionExpression(Conditions.present(SessionItem.KEY))
                    .build());
        } catch (ConditionalCheckFailedException signedOut) {
            // The session was deleted meanwhile: touching must not bring it back.
        }
    }

    @Override
    public void delete(String tokenHash) {
        table.deleteItem(key(tokenHash));
    }

    private static Key key(String tokenHash) {
        return Key.builder().partitionValue(tokenHash).build();
    }
}
