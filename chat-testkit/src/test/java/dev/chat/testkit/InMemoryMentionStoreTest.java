package dev.chat.testkit;

import dev.chat.core.memory.InMemoryMentionStore;
import dev.chat.core.port.out.MentionStore;

class InMemoryMentionStoreTest extends MentionStoreContract {

    @Override
    protected MentionStore newStore() {
        return new InMemoryMentionStore();
    }
}
