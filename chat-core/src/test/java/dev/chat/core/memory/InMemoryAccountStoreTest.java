package dev.chat.core.memory;

import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.AccountStoreContract;

class InMemoryAccountStoreTest extends AccountStoreContract {

    @Override
    protected AccountStore newStore() {
        return new InMemoryAccountStore();
    }
}
