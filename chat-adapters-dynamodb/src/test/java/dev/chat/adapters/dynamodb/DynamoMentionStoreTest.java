package dev.chat.adapters.dynamodb;

import dev.chat.core.port.out.MentionStore;
import dev.chat.testkit.MentionStoreContract;
import org.junit.jupiter.api.AfterEach;

class DynamoMentionStoreTest extends MentionStoreContract {

    private final OpenedStores stores = new OpenedStores();

    @Override
    protected MentionStore newStore() {
        return stores.fresh().mentions();
    }

    @Override
    protected MentionStore anotherNode(MentionStore store) {
        return stores.anotherNode().mentions();
    }

    @AfterEach
    void closeClients() {
        stores.close();
    }
}
