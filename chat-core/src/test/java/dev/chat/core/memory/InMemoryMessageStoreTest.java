package dev.chat.core.memory;

import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.MessageStoreContract;

class InMemoryMessageStoreTest extends MessageStoreContract {

    @Override
    protected MessageStore newStore() {
        return new InMemoryMessageStore();
    }
}
