package dev.chat.adapters.dynamodb;

import dev.chat.core.port.out.RoomStore;
import dev.chat.testkit.RoomStoreContract;
import org.junit.jupiter.api.AfterEach;

class DynamoRoomStoreTest extends RoomStoreContract {

    private final OpenedStores stores = new OpenedStores();

    @Override
    protected RoomStore newStore() {
        return stores.fresh().rooms();
    }

    @Override
    protected RoomStore anotherNode(RoomStore store) {
        return stores.anotherNode().rooms();
    }

    @AfterEach
    void closeClients() {
        stores.close();
    }
}
