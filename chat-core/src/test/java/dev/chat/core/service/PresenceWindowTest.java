package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.InMemoryMessageStore;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.port.in.LiveEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A room's presence reaches its members once per short window: the first change after a quiet spell at once, the
 * changes that follow together when the window ends, as their net effect, and never a member's own comings and
 * goings; a member that takes changes one by one gets the same net changes, one event each. Time moves only when
 * the test moves it.
 */
class PresenceWindowTest {

    private static final RoomName GENERAL = new RoomName("general");
    private static final Duration WINDOW = PresenceWindow.WINDOW;

    private final ManualScheduler time = new ManualScheduler();
    private final LocalFanout fanout = new LocalFanout();
    private final RoomHub hub =
            new RoomHub(GENERAL, new InMemoryMessageStore(), Runnable::run, time, closed -> {}, lost -> {});
    /** Who the presence store holds online, as the joins and leaves of the test leave it. */
    private final Set<Username> store = new TreeSet<>();
    /** How many events each client had been given when the test's part began. */
    private final Map<RecordingListener, Integer> before = new IdentityHashMap<>();

    private final List<RecordingListener> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        hub.start(fanout);
    }

    @AfterEach
    void stop() {
        hub.stop();
    }

    @Test
    void the_first_change_after_a_quiet_spell_is_told_at_once() {
        RecordingListener ana = joins("ana", RecordingListener.batchingPresence());
        RecordingListener bob = joins("bob", new RecordingListener());
        quiet();
        fromNow();

        arrives("cat");

        assertThat(told(ana, LiveEvent.PresenceBatch.class)).containsExactly(batch(List.of("cat"), List.of()));
        assertThat(told(bob, LiveEvent.PresenceUpdate.class)).containsExactly(update("cat", true));
    }

    @Test
    void a_hundred_joins_within_a_window_reach_a_member_as_one_batch_and_a_one_by_one_member_as_net_changes() {
        RecordingListener ana = joins("ana", RecordingListener.batchingPresence());
        RecordingListener bob = joins("bob", new RecordingListener());
        quiet();
        fromNow();

        arrives("cat");
        List<String> storm = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            storm.add("user-%03d".formatted(i));
            arrives(storm.get(i));
        }
        assertThat(told(ana, LiveEvent.PresenceBatch.class))
                .as("the rest waits for the window's end")
                .containsExactly(batch(List.of("cat"), List.of()));
        time.advance(WINDOW);

        assertThat(told(ana, LiveEvent.PresenceBatch.class))
                .containsExactly(batch(List.of("cat"), List.of()), batch(storm, List.of()));
        List<String> oneByOne = new ArrayList<>(List.of("cat"));
        oneByOne.addAll(storm);
        assertThat(told(bob, LiveEvent.PresenceUpdate.class))
                .extracting(p -> p.user().value())
                .containsExactlyElementsOf(oneByOne);
        int given = bob.events.size();
        quiet();
        assertThat(bob.events).as("nothing more once it is quiet").hasSize(given);
        assertThat(shown(ana)).isEqualTo(shown(bob)).isEqualTo(names(store));
    }

    @Test
    void those_who_join_during_a_storm_end_up_showing_everyone_and_never_hear_of_themselves() {
        RecordingListener ana = joins("ana", RecordingListener.batchingPresence());
        quiet();
        fromNow();

        List<RecordingListener> joiners = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            RecordingListener listener = i % 2 == 0 ? RecordingListener.batchingPresence() : new RecordingListener();
            joiners.add(joins("user-%03d".formatted(i), listener));
            if (i % 20 == 19) {
                time.advance(WINDOW.dividedBy(2));
            }
        }
        leaves("user-007");
        quiet();

        assertThat(shown(ana)).isEqualTo(names(store)).hasSize(60);
        for (int i = 0; i < joiners.size(); i++) {
            String self = "user-%03d".formatted(i);
            if (!self.equals("user-007")) {
                assertThat(shown(joiners.get(i))).as(self).isEqualTo(names(store));
            }
            assertThat(mentions(joiners.get(i), self)).as(self).isFalse();
        }
        assertThat(told(ana, LiveEvent.PresenceBatch.class))
                .as("one batch per window, not one per join")
                .hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void a_user_who_came_and_went_within_a_window_is_not_announced() {
        RecordingListener ana = joins("ana", RecordingListener.batchingPresence());
        RecordingListener bob = joins("bob", new RecordingListener());
        quiet();
        fromNow();

        arrives("cat");
        arrives("dan");
        leaves("dan");
        leaves("cat");
        arrives("cat");
        quiet();

        assertThat(told(ana, LiveEvent.PresenceBatch.class)).containsExactly(batch(List.of("cat"), List.of()));
        assertThat(told(bob, LiveEvent.PresenceUpdate.class)).containsExactly(update("cat", true));
    }

    @Test
    void a_member_is_never_told_about_itself() {
        RecordingListener ana = joins("ana", RecordingListener.batchingPresence());
        RecordingListener bob = joins("bob", new RecordingListener());
        quiet();
        fromNow();

        arrives("cat");
        // A late goodbye of an older connection of ana's, in the same window as dan's arrival.
        fanout.publish(new ChatEvent.PresenceChanged(GENERAL, new Username("ana"), false));
        arrives("dan");
        time.advance(WINDOW);
        fanout.publish(new ChatEvent.PresenceChanged(GENERAL, new Username("ana"), true));
        quiet();

        assertThat(told(ana, LiveEvent.PresenceBatch.class))
                .containsExactly(batch(List.of("cat"), List.of()), batch(List.of("dan"), List.of()));
        assertThat(mentions(ana, "ana")).isFalse();
        assertThat(told(bob, LiveEvent.PresenceUpdate.class))
                .containsExactly(update("cat", true), update("ana", false), update("dan", true), update("ana", true));
        assertThat(mentions(bob, "bob")).isFalse();
    }

    @Test
    void after_a_possible_loss_the_truth_replaces_what_waits_and_the_differences_go_out_with_the_window() {
        RecordingListener ana = joins("ana", RecordingListener.batchingPresence());
        quiet();
        fromNow();

        arrives("cat");
        arrives("dan");
        // Lost in the fan-out: dan's goodbye and eve's arrival; the presence store has both.
        store.remove(new Username("dan"));
        store.add(new Username("eve"));
        hub.reconcile(List.copyOf(store));
        assertThat(told(ana, LiveEvent.PresenceBatch.class)).hasSize(1);
        quiet();

        assertThat(told(ana, LiveEvent.PresenceBatch.class))
                .containsExactly(batch(List.of("cat"), List.of()), batch(List.of("eve"), List.of()));
        assertThat(shown(ana)).isEqualTo(names(store));
    }

    /** A connection of {@code name} joins the room on this node, in the steps {@code LiveConnection.join} takes. */
    private RecordingListener joins(String name, RecordingListener listener) {
        Username user = new Username(name);
        Membership member = new Membership(hub, user, listener, m -> {}, m -> {});
        long at = hub.attach(member);
        arrives(name);
        List<Username> online = hub.onlineForJoin(List.copyOf(store), user);
        member.goLive(new LiveEvent.Joined(GENERAL, online, 0), at, List.of());
        clients.add(listener);
        return listener;
    }

    /** What the clients are given from now on is what the test looks at (their joins are behind them). */
    private void fromNow() {
        clients.forEach(c -> before.put(c, c.events.size()));
    }

    /** The events of one type a client was given since {@link #fromNow}. */
    private <T extends LiveEvent> List<T> told(RecordingListener client, Class<T> type) {
        return client.events.subList(before.getOrDefault(client, 0), client.events.size()).stream()
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    /** The user's first connection anywhere came into the room: the store has them, the fan-out says so. */
    private void arrives(String name) {
        Username user = new Username(name);
        store.add(user);
        fanout.publish(new ChatEvent.PresenceChanged(GENERAL, user, true));
    }

    private void leaves(String name) {
        Username user = new Username(name);
        store.remove(user);
        fanout.publish(new ChatEvent.PresenceChanged(GENERAL, user, false));
    }

    /** Lets every open window end, until nothing waits. */
    private void quiet() {
        while (time.waiting() > 0) {
            time.advance(WINDOW);
        }
    }

    /** Who a client shows online after what it was given: its joined list, then each change. */
    private static Set<String> shown(RecordingListener client) {
        Set<String> shown = new TreeSet<>();
        for (LiveEvent event : client.events) {
            if (event instanceof LiveEvent.Joined joined) {
                shown.clear();
                shown.addAll(names(joined.online()));
            } else if (event instanceof LiveEvent.PresenceBatch batch) {
                shown.removeAll(names(batch.offline()));
                shown.addAll(names(batch.online()));
            } else if (event instanceof LiveEvent.PresenceUpdate update) {
                if (update.online()) {
                    shown.add(update.user().value());
                } else {
                    shown.remove(update.user().value());
                }
            }
        }
        return shown;
    }

    /** Whether the client was ever given a presence change about {@code name}. */
    private static boolean mentions(RecordingListener client, String name) {
        Username user = new Username(name);
        return client.of(LiveEvent.PresenceBatch.class).stream().anyMatch(b -> b.mentions(user))
                || client.of(LiveEvent.PresenceUpdate.class).stream()
                        .anyMatch(p -> p.user().equals(user));
    }

    private static Set<String> names(java.util.Collection<Username> users) {
        Set<String> names = new TreeSet<>();
        users.forEach(u -> names.add(u.value()));
        return names;
    }

    private static LiveEvent.PresenceBatch batch(List<String> online, List<String> offline) {
        return new LiveEvent.PresenceBatch(
                GENERAL,
                online.stream().map(Username::new).toList(),
                offline.stream().map(Username::new).toList());
    }

    private static LiveEvent.PresenceUpdate update(String user, boolean online) {
        return new LiveEvent.PresenceUpdate(GENERAL, new Username(user), online);
    }
}
