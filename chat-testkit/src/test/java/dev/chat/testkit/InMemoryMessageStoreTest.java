package dev.chat.testkit;

import dev.chat.core.memory.InMemoryMessageStore;
import dev.chat.core.port.out.MessageStore;

class InMemoryMessageStoreTest extends MessageStoreContract {

    @Override
    protected MessageStore newStore() {
        return new InMemoryMessageStore();
    }
}
