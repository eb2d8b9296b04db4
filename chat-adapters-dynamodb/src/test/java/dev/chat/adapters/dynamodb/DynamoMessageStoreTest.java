package dev.chat.adapters.dynamodb;

import dev.chat.core.port.out.MessageStore;
import dev.chat.testkit.MessageStoreContract;
import org.junit.jupiter.api.AfterEach;

class DynamoMessageStoreTest extends MessageStoreContract {

    private final OpenedStores stores = new OpenedStores();

    @Override
    protected MessageStore newStore() {
        return stores.fresh().messages();
    }

    @Override
    protected MessageStore anotherNode(MessageStore store) {
        return stores.anotherNode().messages();
    }

    @AfterEach
    void closeClients() {
        stores.close();
    }
}
