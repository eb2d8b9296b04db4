package dev.chat.core.memory;

import dev.chat.core.port.out.RoomStore;
import dev.chat.core.port.out.RoomStoreContract;

class InMemoryRoomStoreTest extends RoomStoreContract {

    @Override
    protected RoomStore newStore() {
        return new InMemoryRoomStore();
    }
}
