package dev.chat.adapters.dynamodb;

import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.MessageStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

class DynamoMessageStoreTest extends MessageStoreContract {

    private final List<DynamoStores> opened = new ArrayList<>();
    private DynamoSettings settings;

    @Override
    protected MessageStore newStore() {
        settings = TestStores.freshSettings();
        return keep(DynamoStores.open(settings)).messages();
    }

    /** Another client on the same tables, as a second node of the deployment would hold. */
    @Override
    protected MessageStore anotherNode(MessageStore store) {
        return keep(TestStores.anotherNode(settings)).messages();
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
