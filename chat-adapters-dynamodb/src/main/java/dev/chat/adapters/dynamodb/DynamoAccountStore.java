package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.AccountStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Accounts in DynamoDB: a name is claimed by a put that only succeeds where no item exists. A ban is an
 * update of the {@code banned} attribute. Listing scans the whole table (every account, about 0.2 KB each:
 * some 250 read units per 10,000 accounts with strong consistency); only an admin lists. The password, a
 * pending reset and the count of rooms created are changed by conditional update expressions, so a reset
 * token works once and racing room creations cannot pass the limit together.
 */
final class DynamoAccountStore implements AccountStore {

    private final DynamoDbClient client;
    private final DynamoDbTable<AccountItem> table;

    DynamoAccountStore(DynamoDbClient client, DynamoDbTable<AccountItem> table) {
        this.client = client;
        this.table = table;
    }

    @Override
    public boolean create(Account account) {
        try {
            table.putItem(PutItemEnhancedRequest.builder(AccountItem.class)
                    .item(AccountItem.of(account))
                    .conditionExpression(Conditions.absent(AccountItem.KEY))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    @Override
    public Optional<Account> find(Username username) {
        AccountItem item = table.getItem(GetItemEnhancedRequest.builder()
                .key(Key.builder().partitionValue(username.value()).build())
                .consistentRead(true)
                .build());
        return Optional.ofNullable(item).map(AccountItem::toAccount);
    }

    @Override
    public List<Account> list() {
        return table.scan(ScanEnhancedRequest.builder().consistentRead(true).build()).items().stream()
                .map(AccountItem::toAccount)
                .sorted(Comparator.comparing(Account::username))
                .collect(Collectors.toList());
    }

    @Override
    public boolean setBanned(Username username, boolean banned) {
        try {
            table.updateItem(UpdateItemEnhancedRequest.builder(AccountItem.class)
                    .item(AccountItem.ban(username, banned))
                    .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
                    .conditionExpression(Conditions.present(AccountItem.KEY))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException noSuchAccount) {
            return false;
        }
    }

    @Override
    public boolean setByOperator(Username username) {
        return update(
                username,
                "SET #byOperator = :true",
                "attribute_exists(#name)",
                Map.of("#byOperator", AccountItem.BY_OPERATOR),
                Map.of(":true", AttributeValue.fromBool(true)));
    }

    @Override
    public boolean setPasswordHash(Username username, String passwordHash) {
        return update(
                username,
                "SET #hash = :hash REMOVE #resetHash, #resetExpires",
                "attribute_exists(#name)",
                Map.of(
                        "#hash",
                        AccountItem.PASSWORD_HASH,
                        "#resetHash",
                        AccountItem.RESET_HASH,
                        "#resetExpires",
                        AccountItem.RESET_EXPIRES),
                Map.of(":hash", AttributeValue.fromS(passwordHash)));
    }

    @Override
    public boolean setPasswordReset(Username username, String tokenHash, Instant expiresAt) {
        return update(
                username,
                "SET #resetHash = :token, #resetExpires = :expires",
                "attribute_exists(#name)",
                Map.of("#resetHash", AccountItem.RESET_HASH, "#resetExpires", AccountItem.RESET_EXPIRES),
                Map.of(
                        ":token",
                        AttributeValue.fromS(tokenHash),
                        ":expires",
                        AttributeValue.fromN(Long.toString(expiresAt.toEpochMilli()))));
    }

    @Override
    public boolean resetPassword(Username username, String tokenHash, Instant now, String passwordHash) {
        return update(
                username,
                "SET #hash = :hash REMOVE #resetHash, #resetExpires",
                "#resetHash = :token AND #resetExpires > :now",
                Map.of(
                        "#hash",
                        AccountItem.PASSWORD_HASH,
                        "#resetHash",
                        AccountItem.RESET_HASH,
                        "#resetExpires",
                        AccountItem.RESET_EXPIRES),
                Map.of(
                        ":hash",
                        AttributeValue.fromS(passwordHash),
                        ":token",
                        AttributeValue.fromS(tokenHash),
                        ":now",
                        AttributeValue.fromN(Long.toString(now.toEpochMilli()))));
    }

    @Override
    public boolean addRoomCreated(Username username, int max) {
        return update(
                username,
                "ADD #rooms :one",
                "attribute_exists(#name) AND (attribute_not_exists(#rooms) OR #rooms < :max)",
                Map.of("#rooms", AccountItem.ROOMS_CREATED),
                Map.of(":one", AttributeValue.fromN("1"), ":max", AttributeValue.fromN(Integer.toString(max))));
    }

    @Override
    public void removeRoomCreated(Username username) {
        update(
                username,
                "ADD #rooms :minusOne",
                "#rooms > :zero",
                Map.of("#rooms", AccountItem.ROOMS_CREATED),
                Map.of(":minusOne", AttributeValue.fromN("-1"), ":zero", AttributeValue.fromN("0")));
    }

    /** One conditional update of the account; false when the condition did not hold. */
    private boolean update(
            Username username,
            String expression,
            String condition,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        Map<String, String> allNames = new HashMap<>(names);
        if (condition.contains("#name")) {
            allNames.put("#name", AccountItem.KEY);
        }
        try {
            client.updateItem(b -> b.tableName(table.tableName())
                    .key(Map.of(AccountItem.KEY, AttributeValue.fromS(username.value())))
                    .updateExpression(expression)
                    .conditionExpression(condition)
                    .expressionAttributeNames(allNames)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException notSo) {
            return false;
        }
    }
}
