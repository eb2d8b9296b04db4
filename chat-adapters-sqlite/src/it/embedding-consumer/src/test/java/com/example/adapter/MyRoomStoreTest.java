package com.example.adapter;

import dev.chat.core.port.out.RoomStore;
import dev.chat.testkit.RoomStoreContract;

/** Every test of the room store contract, run against your store. */
class MyRoomStoreTest extends RoomStoreContract {

    @Override
    protected RoomStore newStore() {
        // A fresh, empty store for each test (for a database: a new schema or table prefix).
        return new MyRoomStore();
    }
}
