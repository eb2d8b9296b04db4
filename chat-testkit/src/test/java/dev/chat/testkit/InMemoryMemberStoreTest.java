package dev.chat.testkit;

import dev.chat.core.memory.InMemoryMemberStore;
import dev.chat.core.port.out.MemberStore;

class InMemoryMemberStoreTest extends MemberStoreContract {

    @Override
    protected MemberStore newStore() {
        return new InMemoryMemberStore();
    }
}
