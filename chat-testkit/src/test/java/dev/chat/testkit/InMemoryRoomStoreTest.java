package dev.chat.testkit;

import dev.chat.core.memory.InMemoryRoomStore;
import dev.chat.core.port.out.RoomStore;

class InMemoryRoomStoreTest extends RoomStoreContract {

    @Override
    protected RoomStore newStore() {
        return new InMemoryRoomStore();
    }
}
