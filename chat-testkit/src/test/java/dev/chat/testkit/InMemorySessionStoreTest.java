package dev.chat.testkit;

import dev.chat.core.memory.InMemorySessionStore;
import dev.chat.core.port.out.SessionStore;

class InMemorySessionStoreTest extends SessionStoreContract {

    @Override
    protected SessionStore newStore() {
        return new InMemorySessionStore();
    }
}
