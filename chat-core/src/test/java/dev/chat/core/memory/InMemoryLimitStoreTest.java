package dev.chat.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.port.out.LimitStore;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-memory limit store's own bound (its contract runs in chat-testkit). */
class InMemoryLimitStoreTest {

    @Test
    void it_forgets_the_least_recently_used_key_rather_than_grow_without_bound() {
        InMemoryLimitStore store = new InMemoryLimitStore(Clock.systemUTC());
        LimitStore.Rate rate = new LimitStore.Rate(1, Duration.ofHours(1));
        store.take("first", rate);
        for (int i = 0; i < InMemoryLimitStore.MAX_ENTRIES + 10; i++) {
            store.take("key-" + i, rate);
        }
        assertThat(store.size()).isEqualTo(InMemoryLimitStore.MAX_ENTRIES);
        assertThat(store.take("first", rate)).as("forgotten: a fresh bucket").isEmpty();
    }
}
