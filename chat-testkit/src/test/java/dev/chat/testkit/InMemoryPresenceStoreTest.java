package dev.chat.testkit;

import dev.chat.core.memory.InMemoryPresenceStore;
import dev.chat.core.port.out.PresenceStore;

class InMemoryPresenceStoreTest extends PresenceStoreContract {

    /** Both nodes share one in-process store. */
    private final InMemoryPresenceStore shared = new InMemoryPresenceStore();

    @Override
    protected PresenceStore node(int i) {
        return shared;
    }
}
