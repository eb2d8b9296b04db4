package dev.chat.adapters.dynamodb;

import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.AccountStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

class DynamoAccountStoreTest extends AccountStoreContract {

    private final List<DynamoStores> opened = new ArrayList<>();
    private DynamoSettings settings;

    @Override
    protected AccountStore newStore() {
        settings = TestStores.freshSettings();
        return keep(DynamoStores.open(settings)).accounts();
    }

    /** Another client on the same tables, as a second node of the deployment would hold. */
    @Override
    protected AccountStore anotherNode(AccountStore store) {
        return keep(TestStores.anotherNode(settings)).accounts();
    }

    private DynamoStores keep(DynamoStores stores) {
        opened.add(stores);
        return stores;
    }

    @AfterEach
    void closeClients() {
        opened.forEach(DynamoStores::close);
    }
}
