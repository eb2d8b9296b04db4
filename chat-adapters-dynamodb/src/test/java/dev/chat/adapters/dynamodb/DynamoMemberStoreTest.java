package dev.chat.adapters.dynamodb;

import dev.chat.core.port.out.MemberStore;
import dev.chat.testkit.MemberStoreContract;
import org.junit.jupiter.api.AfterEach;

class DynamoMemberStoreTest extends MemberStoreContract {

    private final OpenedStores stores = new OpenedStores();

    @Override
    protected MemberStore newStore() {
        return stores.fresh().members();
    }

    @Override
    protected MemberStore anotherNode(MemberStore store) {
        return stores.anotherNode().members();
    }

    @AfterEach
    void closeClients() {
        stores.close();
    }
}
