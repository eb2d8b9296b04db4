package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.RoomName;
import dev.chat.core.memory.InMemoryMessageStore;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.port.out.MessageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A node holds one hub per room somebody here is in, subscribed while held, and a new one after the room closed. */
class HubRegistryTest {

    private static final RoomName GENERAL = new RoomName("general");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final LocalFanout fanout = new LocalFanout();
    private final Outage outage = new Outage();
    private final MessageStore store = outage.of(MessageStore.class, new InMemoryMessageStore());
    private final List<RoomName> gone = new ArrayList<>();
    private final HubRegistry hubs = new HubRegistry(store, fanout, Runnable::run, scheduler, gone::add, hub -> {});

    @AfterEach
    void stop() {
        hubs.stopAll();
        scheduler.shutdownNow();
    }

    @Test
    void the_members_of_a_room_share_one_hub_that_is_subscribed_until_the_last_lets_go() {
        RoomHub first = hubs.acquire(GENERAL);
        RoomHub second = hubs.acquire(GENERAL);

        assertThat(second).isSameAs(first);
        assertThat(fanout.topics()).contains(ChatEvent.roomTopic(GENERAL));
        hubs.release(first);
        assertThat(fanout.topics()).as("one still holds it").contains(ChatEvent.roomTopic(GENERAL));
        assertThat(hubs.rooms()).containsExactly(GENERAL);

        hubs.release(second);
        assertThat(fanout.topics()).doesNotContain(ChatEvent.roomTopic(GENERAL));
        assertThat(hubs.size()).isZero();
    }

    @Test
    void a_room_made_again_after_it_closed_gets_a_new_hub_that_the_old_holders_cannot_stop() {
        RoomHub old = hubs.acquire(GENERAL);
        fanout.publish(new ChatEvent.RoomClosed(GENERAL, null));
        assertThat(gone).containsExactly(GENERAL);
        assertThat(hubs.size()).isZero();

        RoomHub fresh = hubs.acquire(GENERAL);
        assertThat(fresh).isNotSameAs(old);
        hubs.release(old);

        assertThat(hubs.active()).containsExactly(fresh);
        assertThat(fanout.topics()).contains(ChatEvent.roomTopic(GENERAL));
    }

    @Test
    void a_hub_that_cannot_learn_where_its_room_stands_is_not_kept() {
        outage.on = true;

        assertThatThrownBy(() -> hubs.acquire(GENERAL)).hasMessage("store down");

        assertThat(hubs.size()).isZero();
        assertThat(fanout.topics()).doesNotContain(ChatEvent.roomTopic(GENERAL));
    }
}
