package dev.chat.adapters.dynamodb;

import dev.chat.core.port.out.AccountStore;
import dev.chat.testkit.AccountStoreContract;
import org.junit.jupiter.api.AfterEach;

class DynamoAccountStoreTest extends AccountStoreContract {

    private final OpenedStores stores = new OpenedStores();

    @Override
    protected AccountStore newStore() {
        return stores.fresh().accounts();
    }

    @Override
    protected AccountStore anotherNode(AccountStore store) {
        return stores.anotherNode().accounts();
    }

    @AfterEach
    void closeClients() {
        stores.close();
    }
}
