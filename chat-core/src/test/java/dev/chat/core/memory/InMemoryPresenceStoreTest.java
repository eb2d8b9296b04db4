package dev.chat.core.memory;

import dev.chat.core.port.out.PresenceStore;
import dev.chat.core.port.out.PresenceStoreContract;

class InMemoryPresenceStoreTest extends PresenceStoreContract {

    /** Both nodes share one in-process store. */
    private final InMemoryPresenceStore shared = new InMemoryPresenceStore();

    @Override
    protected PresenceStore node(int i) {
        return shared;
    }
}
