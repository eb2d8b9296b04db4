package dev.chat.testkit;

import dev.chat.core.memory.InMemoryTokenStore;
import dev.chat.core.port.out.TokenStore;

class InMemoryTokenStoreTest extends TokenStoreContract {

    @Override
    protected TokenStore newStore() {
        return new InMemoryTokenStore();
    }
}
