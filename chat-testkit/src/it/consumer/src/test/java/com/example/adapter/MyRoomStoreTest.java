package com.example.adapter;

import dev.chat.core.memory.InMemoryRoomStore;
import dev.chat.core.port.out.RoomStore;
import dev.chat.testkit.RoomStoreContract;

/** Every test of the room store contract, run against your store. */
class MyRoomStoreTest extends RoomStoreContract {

    @Override
    protected RoomStore newStore() {
        // Your adapter here, opened on a fresh, empty database for each test.
        return new InMemoryRoomStore();
    }
}
