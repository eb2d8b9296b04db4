package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.InMemoryPresenceStore;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.PresenceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A user is announced online with their first connection in a room and offline with their last, and a failing store costs only the event. */
class LivePresenceTest {

    private static final RoomName GENERAL = new RoomName("general");
    private static final Username ANA = new Username("ana");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final LocalFanout fanout = new LocalFanout();
    private final Outage outage = new Outage();
    private final PresenceStore store = outage.of(PresenceStore.class, new InMemoryPresenceStore());
    private final TypingTracker typing =
            new TypingTracker(fanout, Clock.systemUTC(), scheduler, Duration.ofSeconds(5), Duration.ofSeconds(1));
    private final LivePresence presence = new LivePresence(store, typing, fanout, Runnable::run, scheduler);
    private final List<ChatEvent> published = new CopyOnWriteArrayList<>();

    LivePresenceTest() {
        fanout.subscribe(ChatEvent.roomTopic(GENERAL), new Fanout.Subscriber() {
            @Override
            public void onEvent(ChatEvent event) {
                published.add(event);
            }

            @Override
            public void onPossibleLoss() {}
        });
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void a_user_is_announced_online_with_their_first_connection_and_offline_with_their_last() {
        presence.online(GENERAL, ANA);
        presence.online(GENERAL, ANA);
        presence.offline(GENERAL, ANA);
        assertThat(published).containsExactly(new ChatEvent.PresenceChanged(GENERAL, ANA, true));
        assertThat(presence.users(GENERAL)).containsExactly(ANA);

        presence.offline(GENERAL, ANA);

        assertThat(published)
                .containsExactly(
                        new ChatEvent.PresenceChanged(GENERAL, ANA, true),
                        new ChatEvent.PresenceChanged(GENERAL, ANA, false));
        assertThat(presence.users(GENERAL)).isEmpty();
    }

    @Test
    void a_closed_room_forgets_the_user_without_telling_anyone() {
        presence.online(GENERAL, ANA);
        published.clear();

        presence.forget(GENERAL, ANA);

        assertThat(presence.users(GENERAL)).isEmpty();
        assertThat(published).isEmpty();
    }

    @Test
    void a_store_that_fails_costs_the_change_its_event_and_never_the_callers_call() {
        outage.on = true;

        presence.online(GENERAL, ANA);
        presence.offline(GENERAL, ANA);
        presence.forget(GENERAL, ANA);

        assertThat(presence.users(GENERAL)).isEmpty();
        assertThat(published).isEmpty();
    }
}
