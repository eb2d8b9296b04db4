package dev.chat.testkit;

import dev.chat.core.memory.InMemoryAccountStore;
import dev.chat.core.port.out.AccountStore;

class InMemoryAccountStoreTest extends AccountStoreContract {

    @Override
    protected AccountStore newStore() {
        return new InMemoryAccountStore();
    }
}
