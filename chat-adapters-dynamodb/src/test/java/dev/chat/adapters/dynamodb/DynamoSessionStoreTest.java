package dev.chat.adapters.dynamodb;

import dev.chat.core.port.out.SessionStore;
import dev.chat.testkit.SessionStoreContract;
import org.junit.jupiter.api.AfterEach;

class DynamoSessionStoreTest extends SessionStoreContract {

    private final OpenedStores stores = new OpenedStores();

    @Override
    protected SessionStore newStore() {
        return stores.fresh().sessions();
    }

    @AfterEach
    void closeClients() {
        stores.close();
    }
}
