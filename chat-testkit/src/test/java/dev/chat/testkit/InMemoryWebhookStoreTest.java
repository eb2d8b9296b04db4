package dev.chat.testkit;

import dev.chat.core.memory.InMemoryWebhookStore;
import dev.chat.core.port.out.WebhookStore;

class InMemoryWebhookStoreTest extends WebhookStoreContract {

    @Override
    protected WebhookStore newStore() {
        return new InMemoryWebhookStore();
    }
}
