package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.AccessToken;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Access tokens in DynamoDB, keyed by the hash of their secret: every use of a token is one strongly consistent
 * {@code GetItem}, so a token revoked on one node stops working on every node at once.
 *
 * <p>The table has no index on the owner. Listing ({@link #listOf}, which the core also calls to count an owner's
 * tokens before making one) and revoking ({@link #delete}) find the owner's tokens with a strongly consistent {@code
 * Scan} filtered on the owner: it reads the whole table, about 0.3 KB a token, so some 750 read units (one or two
 * hundredths of a cent on demand) and 3 requests of 1 MB per 10,000 tokens of all users (2,000 tokens on dynalite: a
 * listing 16-53 ms, a revocation 22-65 ms). Tokens are few (at most 50 an account, and only accounts that run programs make
 * any) and making, listing and revoking them are rare. A global index on the owner would make these a {@code Query} of
 * the owner's tokens alone, but it cannot be read consistently: a token just made could be missing from the list, or
 * answered "no such token" when revoked, for a moment. The cost to watch: any signed-in user may list their tokens as
 * often as they like, and each listing reads the whole table; past some 100,000 tokens (30 pages and 7,500 read units
 * a listing) the index, or a rate limit on listing, becomes worth it.
 *
 * <p>A revocation's {@code DeleteItem} returns the item it removed, and none when another revocation removed it first,
 * so of two racing revocations exactly one returns the token; its condition (still the owner's token, with that id)
 * keeps it from removing anything the scan did not find. {@link #touch} updates {@code lastUsed} on the condition that
 * the token exists, so a use racing a revocation does not bring the token back.
 */
final class DynamoTokenStore implements TokenStore {

    private final DynamoDbTable<TokenItem> table;

    DynamoTokenStore(DynamoDbTable<TokenItem> table) {
        this.table = table;
    }

    /** A plain put: the hash is new, and a put the SDK sends again after a lost answer writes the same item. */
    @Override
    public void save(AccessToken token) {
        table.putItem(TokenItem.of(token));
    }

    @Override
    public Optional<AccessToken> find(String tokenHash) {
        TokenItem item = table.getItem(GetItemEnhancedRequest.builder()
                .key(key(tokenHash))
                .consistentRead(true)
                .build());
        return Optional.ofNullable(item).map(TokenItem::toToken);
    }

    @Override
    public List<AccessToken> listOf(Username owner) {
        return scan(ownedBy(owner, null)).stream().map(TokenItem::toToken).toList();
    }

    @Override
    public Optional<AccessToken> delete(Username owner, String id) {
        for (TokenItem found : scan(ownedBy(owner, id))) {
            try {
                TokenItem deleted = table.deleteItem(DeleteItemEnhancedRequest.builder()
                        .key(key(found.getTokenHash()))
                        .conditionExpression(ownedBy(owner, id))
                        .build());
                return Optional.ofNullable(deleted).map(TokenItem::toToken);
            } catch (ConditionalCheckFailedException revokedMeanwhile) {
                // Another revocation took it first: it is gone, and that one reports it.
            }
        }
        return Optional.empty();
    }

    @Override
    public void touch(String tokenHash, Instant lastUsed) {
        try {
            table.updateItem(UpdateItemEnhancedRequest.builder(TokenItem.class)
                    .item(TokenItem.used(tokenHash, lastUsed))
                    .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
                    .conditionExpression(Conditions.present(TokenItem.KEY))
                    .build());
        } catch (ConditionalCheckFailedException revoked) {
            // The token was revoked meanwhile: recording its use must not bring it back.
        }
    }

    /** Every token the expression keeps, read strongly consistently, all pages. */
    private List<TokenItem> scan(Expression filter) {
        return table
                .scan(ScanEnhancedRequest.builder()
                        .consistentRead(true)
                        .filterExpression(filter)
                        .build())
                .items()
                .stream()
                .toList();
    }

    /** The owner's tokens, or the one with this id when {@code id} is not null; as a filter or a condition. */
    private static Expression ownedBy(Username owner, String id) {
        Expression.Builder expression = Expression.builder()
                .putExpressionName("#owner", TokenItem.OWNER)
                .putExpressionValue(":owner", AttributeValue.fromS(owner.value()));
        if (id == null) {
            return expression.expression("#owner = :owner").build();
        }
        return expression
                .expression("#owner = :owner AND #id = :id")
                .putExpressionName("#id", TokenItem.ID)
                .putExpressionValue(":id", AttributeValue.fromS(id))
                .build();
    }

    private static Key key(String tokenHash) {
        return Key.builder().partitionValue(tokenHash).build();
    }
}
