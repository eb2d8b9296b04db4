package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.Session;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Sessions in DynamoDB. Every write also sets the TTL attribute to the end of the idle timeout, so real
 * DynamoDB purges abandoned sessions; expiry itself is still decided on read by the core.
 *
 * <p>The table is keyed by token hash only, so {@link #deleteAllOf} (a ban) finds a user's sessions with a
 * strongly consistent {@code Scan} filtered on the user: it reads every session in the table, about 0.3 KB
 * each, so some 75 read units (a few hundredths of a cent on demand) and one request per MB per 10,000
 * sessions. Bans are rare and admin-only; an index on the user would instead add to every sign-in, and,
 * being global, could not be read consistently. A session saved while the scan runs may be missed: the
 * core also refuses a banned user's session on read.
 */
final class DynamoSessionStore implements SessionStore {

    private final DynamoDbTable<SessionItem> table;
    private final Batches<SessionItem> batches;
    private final Duration idleTimeout;

    DynamoSessionStore(DynamoDbEnhancedClient client, DynamoDbTable<SessionItem> table, Duration idleTimeout) {
        this.table = table;
        this.batches = new Batches<>(client, table, SessionItem.class);
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
                    .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
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

    @Override
    public List<String> deleteAllOf(Username user, String keep) {
        List<String> hashes = table
                .scan(ScanEnhancedRequest.builder()
                        .consistentRead(true)
                        .filterExpression(Expression.builder()
                                .expression("#user = :user")
                                .putExpressionName("#user", SessionItem.USER)
                                .putExpressionValue(":user", AttributeValue.fromS(user.value()))
                                .build())
                        .addAttributeToProject(SessionItem.KEY)
                        .build())
                .items()
                .stream()
                .map(SessionItem::getTokenHash)
                .filter(hash -> !hash.equals(keep))
                .toList();
        batches.write(List.of(), hashes.stream().map(DynamoSessionStore::key).toList());
        return hashes;
    }

    /**
     * Scans for sessions whose TTL has passed the cut-off: in AWS the TTL purges them anyway (this then finds
     * few), on servers without TTL (dynalite) this is what deletes them. The scan reads the whole table, a
     * page at a time, and stops once {@code max} are deleted.
     */
    @Override
    public int purgeIdle(Instant lastSeenBefore, int max) {
        long cutoff = lastSeenBefore.plus(idleTimeout).getEpochSecond();
        List<Key> idle = new java.util.ArrayList<>();
        for (var page : table.scan(ScanEnhancedRequest.builder()
                .filterExpression(Expression.builder()
                        .expression("#expires <= :cutoff")
                        .putExpressionName("#expires", SessionItem.TTL_ATTRIBUTE)
                        .putExpressionValue(":cutoff", AttributeValue.fromN(Long.toString(cutoff)))
                        .build())
                .addAttributeToProject(SessionItem.KEY)
                .build())) {
            for (SessionItem item : page.items()) {
                if (idle.size() < max) {
                    idle.add(key(item.getTokenHash()));
                }
            }
            if (idle.size() >= max) {
                break;
            }
        }
        batches.write(List.of(), idle);
        return idle.size();
    }

    private static Key key(String tokenHash) {
        return Key.builder().partitionValue(tokenHash).build();
    }
}
