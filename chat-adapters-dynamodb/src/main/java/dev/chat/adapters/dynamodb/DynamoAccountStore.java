package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.AccountStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Accounts in DynamoDB: a name is claimed by a put that only succeeds where no item exists. A ban is an
 * update of the {@code banned} attribute. Listing scans the whole table (every account, about 0.2 KB each:
 * some 250 read units per 10,000 accounts with strong consistency); only an admin lists.
 */
final class DynamoAccountStore implements AccountStore {

    private final DynamoDbTable<AccountItem> table;

    DynamoAccountStore(DynamoDbTable<AccountItem> table) {
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
        return table.scan(ScanEnhancedRequest.builder().consistentRead(true).build())
                .items().stream()
                .map(AccountItem::toAccount)
                .sorted(Comparator.comparing(Account::username))
                .collect(Collectors.toList());
    }

    @Override
    public boolean setBanned(Username username, boolean banned) {
        try {
            table.updateItem(UpdateItemEnhancedRequest.builder(AccountItem.class)
                    .item(AccountItem.ban(username, banned))
                    .ignoreNulls(true)
                    .conditionExpression(Conditions.present(AccountItem.KEY))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException noSuchAccount) {
            return false;
        }
    }
}
