package dev.chat.adapters.dynamodb;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.AccountStore;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Accounts in DynamoDB: a name is claimed by a put that only succeeds where no item exists. */
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
}
