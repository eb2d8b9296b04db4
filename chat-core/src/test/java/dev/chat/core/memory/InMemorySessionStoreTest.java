package dev.chat.core.memory;

import dev.chat.core.port.out.SessionStore;
import dev.chat.core.port.out.SessionStoreContract;

class InMemorySessionStoreTest extends SessionStoreContract {

    @Override
    protected SessionStore newStore() {
        return new InMemorySessionStore();
    }
}
