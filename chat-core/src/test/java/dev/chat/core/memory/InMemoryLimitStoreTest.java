package dev.chat.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.port.out.LimitStore;
import dev.chat.core.port.out.LimitStoreContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryLimitStoreTest extends LimitStoreContract {

    private InMemoryLimitStore store;

    @Override
    protected LimitStore node(int i, Clock clock) {
        if (store == null) {
            store = new InMemoryLimitStore(clock);
        }
        return store;
    }

    @Test
    void it_forgets_the_least_recently_used_key_rather_than_grow_without_bound() {
        LimitStore.Rate rate = new LimitStore.Rate(1, Duration.ofHours(1));
        store.take("first", rate);
        for (int i = 0; i < InMemoryLimitStore.MAX_ENTRIES + 10; i++) {
            store.take("key-" + i, rate);
        }
        assertThat(store.size()).isEqualTo(InMemoryLimitStore.MAX_ENTRIES);
        assertThat(store.take("first", rate)).as("forgotten: a fresh bucket").isEmpty();
    }
}
