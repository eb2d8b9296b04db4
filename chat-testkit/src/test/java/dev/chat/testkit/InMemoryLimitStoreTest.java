package dev.chat.testkit;

import dev.chat.core.memory.InMemoryLimitStore;
import dev.chat.core.port.out.LimitStore;
import java.time.Clock;

class InMemoryLimitStoreTest extends LimitStoreContract {

    private InMemoryLimitStore store;

    @Override
    protected LimitStore node(int i, Clock clock) {
        if (store == null) {
            store = new InMemoryLimitStore(clock);
        }
        return store;
    }
}
