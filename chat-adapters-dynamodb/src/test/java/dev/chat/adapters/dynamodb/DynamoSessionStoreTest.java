package dev.chat.adapters.dynamodb;

import dev.chat.core.port.out.SessionStore;
import dev.chat.core.port.out.SessionStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

class DynamoSessionStoreTest extends SessionStoreContract {

    private final List<DynamoStores> opened = new ArrayList<>();
    private DynamoSettings settings;

    @Override
    protected SessionStore newStore() {
        settings = TestStores.freshSettings();
        return keep(DynamoStores.open(settings)).sessions();
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
