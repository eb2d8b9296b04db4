package dev.chat.adapters.dynamodb;

import dev.chat.core.port.out.RoomStore;
import dev.chat.core.port.out.RoomStoreContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

class DynamoRoomStoreTest extends RoomStoreContract {

    private final List<DynamoStores> opened = new ArrayList<>();
    private DynamoSettings settings;

    @Override
    protected RoomStore newStore() {
        settings = TestStores.freshSettings();
        return keep(DynamoStores.open(settings)).rooms();
    }

    /** Another client on the same tables, as a second node of the deployment would hold. */
    @Override
    protected RoomStore anotherNode(RoomStore store) {
        return keep(TestStores.anotherNode(settings)).rooms();
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
