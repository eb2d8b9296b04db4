package dev.chat.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.Fanout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Fanout} must do, seen from two nodes on one bus; an implementation's test extends this
 * and supplies the nodes.
 */
public abstract class FanoutContract {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);
    private static final RoomName GENERAL = new RoomName("general");
    private static final RoomName RANDOM = new RoomName("random");
    private static final Username ANA = new Username("ana");

    private final Queue<Fanout.Subscription> opened = new ConcurrentLinkedQueue<>();
    private Fanout a;
    private Fanout b;

    /**
     * Node {@code i} (0 or 1) of one shared bus, the same handle for the same {@code i} within a test: what
     * one node publishes, the other receives. An in-process fan-out returns one instance for both.
     */
    protected abstract Fanout node(int i);

    /** How long to wait before concluding that an event will not arrive. */
    protected Duration quietPeriod() {
        return Duration.ofMillis(300);
    }

    /**
     * How many subscribe-while-close races to run; the window is a few instructions wide, so an in-process
     * fan-out needs thousands of rounds to hit it, while a networked one pays a round trip for each.
     */
    protected int subscriptionRaces() {
        return 1_000;
    }

    @BeforeEach
    void connectNodes() {
        a = node(0);
        b = node(1);
    }

    @AfterEach
    void closeSubscriptions() {
        opened.forEach(Fanout.Subscription::close);
    }

    private Fanout.Subscription subscribe(Fanout node, String topic, Fanout.Subscriber handler) {
        Fanout.Subscription subscription = node.subscribe(topic, handler);
        opened.add(subscription);
        return subscription;
    }

    private static ChatEvent.MessagePosted posted(RoomName room, long id, String text) {
        return new ChatEvent.MessagePosted(new Message(
                room,
                id,
                ANA,
                MessageText.of(text),
                Instant.parse("2030-01-02T03:04:05.678Z"),
                new ClientId("c" + id)));
    }

    private static ChatEvent.Typing typing(RoomName room) {
        return new ChatEvent.Typing(room, ANA, false);
    }

    /** Records what a handler receives, for a test to wait on. */
    private final class Inbox implements Fanout.Subscriber {
        private final BlockingQueue<ChatEvent> received = new LinkedBlockingQueue<>();

        @Override
        public void onEvent(ChatEvent event) {
            received.add(event);
        }

        ChatEvent next() {
            try {
                ChatEvent event = received.poll(DELIVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (event == null) {
                    fail("No event arrived within " + DELIVERY_TIMEOUT);
                }
                return event;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        List<ChatEvent> next(int count) {
            List<ChatEvent> events = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                events.add(next());
            }
            return events;
        }

        /** Whatever arrives until {@code count} events are in or the delivery timeout passes. */
        List<ChatEvent> upTo(int count) {
            List<ChatEvent> events = new ArrayList<>();
            long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
            try {
                while (events.size() < count) {
                    ChatEvent event = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (event == null) {
                        break;
                    }
                    events.add(event);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            return events;
        }

        void assertNothingMore() {
            try {
                ChatEvent extra = received.poll(quietPeriod().toMillis(), TimeUnit.MILLISECONDS);
                assertThat(extra).as("an event that should not have arrived").isNull();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void subscriber_on_another_node_receives_a_published_event() {
        Inbox onB = new Inbox();
        subscribe(b, ChatEvent.roomTopic(GENERAL), onB);
        ChatEvent event = posted(GENERAL, 1, "hello");

        a.publish(event);

        assertThat(onB.next()).isEqualTo(event);
        onB.assertNothingMore();
    }

    @Test
    void the_publishing_node_receives_its_own_event() {
        Inbox onA = new Inbox();
        subscribe(a, ChatEvent.roomTopic(GENERAL), onA);
        ChatEvent event = posted(GENERAL, 1, "hello");

        a.publish(event);

        assertThat(onA.next()).isEqualTo(event);
        onA.assertNothingMore();
    }

    @Test
    void every_subscriber_of_a_topic_receives_the_event_once() {
        Inbox first = new Inbox();
        Inbox second = new Inbox();
        Inbox remote = new Inbox();
        String topic = ChatEvent.roomTopic(GENERAL);
        subscribe(a, topic, first);
        subscribe(a, topic, second);
        subscribe(b, topic, remote);
        ChatEvent event = typing(GENERAL);

        a.publish(event);

        for (Inbox inbox : List.of(first, second, remote)) {
            assertThat(inbox.next()).isEqualTo(event);
        }
        for (Inbox inbox : List.of(first, second, remote)) {
            inbox.assertNothingMore();
        }
    }

    @Test
    void subscriber_receives_only_its_topics() {
        Inbox general = new Inbox();
        subscribe(b, ChatEvent.roomTopic(GENERAL), general);
        ChatEvent wanted = posted(GENERAL, 1, "for general");

        a.publish(posted(RANDOM, 1, "for random"));
        a.publish(new ChatEvent.SessionRevoked("some-session"));
        a.publish(wanted);

        assertThat(general.next()).isEqualTo(wanted);
        general.assertNothingMore();
    }

    @Test
    void closed_subscription_receives_nothing() {
        Inbox closed = new Inbox();
        Inbox open = new Inbox();
        String topic = ChatEvent.roomTopic(GENERAL);
        Fanout.Subscription subscription = subscribe(b, topic, closed);
        subscribe(b, topic, open);
        ChatEvent event = posted(GENERAL, 1, "after close");

        subscription.close();
        a.publish(event);

        assertThat(open.next()).isEqualTo(event);
        closed.assertNothingMore();
    }

    @Test
    void a_handler_subscribed_twice_keeps_one_subscription_when_the_other_closes() {
        Inbox inbox = new Inbox();
        String topic = ChatEvent.roomTopic(GENERAL);
        Fanout.Subscription first = subscribe(b, topic, inbox);
        subscribe(b, topic, inbox);
        ChatEvent event = typing(GENERAL);

        first.close();
        a.publish(event);

        assertThat(inbox.next()).isEqualTo(event);
        inbox.assertNothingMore();
    }

    @Test
    void closing_a_subscription_twice_leaves_other_subscriptions_alone() {
        Inbox inbox = new Inbox();
        String topic = ChatEvent.roomTopic(GENERAL);
        Fanout.Subscription first = subscribe(b, topic, inbox);
        subscribe(b, topic, inbox);
        ChatEvent event = typing(GENERAL);

        first.close();
        first.close();
        a.publish(event);

        assertThat(inbox.next()).isEqualTo(event);
        inbox.assertNothingMore();
    }

    @Test
    void every_kind_of_event_arrives_equal_to_what_was_published() {
        Inbox room = new Inbox();
        Inbox sessions = new Inbox();
        subscribe(b, ChatEvent.roomTopic(GENERAL), room);
        subscribe(b, ChatEvent.SESSIONS_TOPIC, sessions);
        List<ChatEvent> roomEvents = List.of(
                posted(GENERAL, 7, "Zeilen\nmit\tTabs, ünïcödé and 🎉"),
                new ChatEvent.PresenceChanged(GENERAL, ANA, true),
                new ChatEvent.PresenceChanged(GENERAL, ANA, false),
                new ChatEvent.Typing(GENERAL, ANA, false),
                new ChatEvent.Typing(GENERAL, ANA, true));
        ChatEvent revoked = new ChatEvent.SessionRevoked("4f9a0c-session-hash");

        roomEvents.forEach(a::publish);
        a.publish(revoked);

        // Delivery may reorder, so compare as sets.
        assertThat(room.next(roomEvents.size())).containsExactlyInAnyOrderElementsOf(roomEvents);
        assertThat(sessions.next()).isEqualTo(revoked);
        room.assertNothingMore();
        sessions.assertNothingMore();
    }

    @Test
    void a_failing_subscriber_does_not_stop_delivery_to_the_others() {
        Inbox local = new Inbox();
        Inbox remote = new Inbox();
        String topic = ChatEvent.roomTopic(GENERAL);
        subscribe(a, topic, event -> {
            throw new IllegalStateException("planted failure in a subscriber");
        });
        subscribe(a, topic, local);
        subscribe(b, topic, remote);
        ChatEvent first = posted(GENERAL, 1, "first");
        ChatEvent second = posted(GENERAL, 2, "second");

        a.publish(first);
        a.publish(second);

        assertThat(local.next(2)).containsExactlyInAnyOrder(first, second);
        assertThat(remote.next(2)).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void subscribing_while_another_subscription_of_the_topic_closes_never_loses_the_new_one() {
        int topics = subscriptionRaces();
        List<Fanout.Subscription> leaving = new ArrayList<>();
        for (int i = 0; i < topics; i++) {
            leaving.add(subscribe(a, raceTopic(i), event -> {}));
        }
        Inbox joining = new Inbox();
        AtomicIntegerArray arrived = new AtomicIntegerArray(2);

        Race.run(2, racer -> {
            for (int i = 0; i < topics; i++) {
                // Spin rather than park: the racers must meet within nanoseconds for the window to be hit.
                int round = i;
                arrived.set(racer, round + 1);
                spinUntil(() -> arrived.get(1 - racer) > round);
                if (racer == 0) {
                    leaving.get(i).close();
                } else {
                    subscribe(a, raceTopic(i), joining);
                }
            }
            return null;
        });
        for (int i = 0; i < topics; i++) {
            b.publish(typing(new RoomName("race-" + i)));
        }

        Set<String> reached = new HashSet<>();
        joining.upTo(topics).forEach(event -> reached.add(event.topic()));
        assertThat(reached).as("topics whose new subscription still receives").hasSize(topics);
    }

    private static String raceTopic(int i) {
        return ChatEvent.roomTopic(new RoomName("race-" + i));
    }

    private static void spinUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The racers fell out of step");
            }
            Thread.onSpinWait();
        }
    }
}
