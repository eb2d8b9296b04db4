package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.InMemoryMessageStore;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.Rooms;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.MessageStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fan-out may lose or reorder messages; readers still get each one once, in order. */
class LiveDeliveryTest {

    private ChatCore core;

    @AfterEach
    void close() {
        core.close();
    }

    /** A fan-out that drops or holds back the messages a test picks. */
    private static final class UnreliableFanout implements Fanout {
        final LocalFanout inner = new LocalFanout();
        Predicate<Long> drop = id -> false;
        Predicate<Long> holdBack = id -> false;
        volatile boolean dropChanges;
        final List<ChatEvent> held = new ArrayList<>();

        @Override
        public synchronized void publish(ChatEvent event) {
            if (event instanceof ChatEvent.MessageChanged && dropChanges) {
                return;
            }
            if (event instanceof ChatEvent.MessagePosted p) {
                long id = p.message().id();
                if (drop.test(id)) {
                    return;
                }
                if (holdBack.test(id)) {
                    held.add(event);
                    return;
                }
            }
            inner.publish(event);
        }

        synchronized void release() {
            held.forEach(inner::publish);
            held.clear();
        }

        final List<Subscriber> subscribers = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Subscription subscribe(String topic, Subscriber handler) {
            subscribers.add(handler);
            Subscription inside = inner.subscribe(topic, handler);
            return () -> {
                subscribers.remove(handler);
                inside.close();
            };
        }

        /** What a network fan-out does when it reconnects after an outage. */
        void announcePossibleLoss() {
            subscribers.forEach(Subscriber::onPossibleLoss);
        }
    }

    private Principal signUp(String name) {
        core.accounts().register(Username.of(name), new Password(name + "-password"));
        return core.accounts().login(name, name + "-password").principal();
    }

    /** Bob reads {@code general} into {@code reader}; the returned connection is Ana's, joined to it. */
    private Live.Connection readerAndWriter(RecordingListener reader) {
        core.live().connect(signUp("bob"), reader).join(RoomName.of("general"), null);
        Live.Connection writer = core.live().connect(signUp("ana"), new RecordingListener());
        writer.join(RoomName.of("general"), null);
        return writer;
    }

    @Test
    void a_message_the_fanout_lost_is_read_back_from_the_store_in_order() {
        UnreliableFanout fanout = new UnreliableFanout();
        fanout.drop = id -> id == 2;
        core = ChatCore.inMemory()
                .fanout(fanout)
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .build();
        RecordingListener reader = new RecordingListener();
        Live.Connection writer = readerAndWriter(reader);
        for (int i = 1; i <= 3; i++) {
            writer.send(RoomName.of("general"), MessageText.of("m" + i), new ClientId("c" + i));
        }
        Eventually.within(
                Duration.ofSeconds(5), () -> assertThat(reader.messageIds()).containsExactly(1L, 2L, 3L));
    }

    @Test
    void the_last_messages_the_fanout_lost_are_read_back_once_it_reports_a_possible_loss() {
        UnreliableFanout fanout = new UnreliableFanout();
        fanout.drop = id -> id >= 2;
        core = ChatCore.inMemory()
                .fanout(fanout)
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .build();
        RecordingListener reader = new RecordingListener();
        Live.Connection writer = readerAndWriter(reader);
        for (int i = 1; i <= 3; i++) {
            writer.send(RoomName.of("general"), MessageText.of("m" + i), new ClientId("c" + i));
        }
        Eventually.within(
                Duration.ofSeconds(5), () -> assertThat(reader.messageIds()).containsExactly(1L));

        fanout.announcePossibleLoss();

        Eventually.within(
                Duration.ofSeconds(5), () -> assertThat(reader.messageIds()).containsExactly(1L, 2L, 3L));
    }

    @Test
    void joining_again_brings_the_newest_messages_whose_publish_was_lost_though_nothing_else_is_said() {
        UnreliableFanout fanout = new UnreliableFanout();
        fanout.drop = id -> id >= 2;
        core = ChatCore.inMemory()
                .fanout(fanout)
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .build();
        RecordingListener reader = new RecordingListener();
        Live.Connection bob = core.live().connect(signUp("bob"), reader);
        bob.join(RoomName.of("general"), null);
        Live.Connection writer = core.live().connect(signUp("ana"), new RecordingListener());
        writer.join(RoomName.of("general"), null);
        for (int i = 1; i <= 3; i++) {
            writer.send(RoomName.of("general"), MessageText.of("m" + i), new ClientId("c" + i));
        }
        Eventually.within(
                Duration.ofSeconds(5), () -> assertThat(reader.messageIds()).containsExactly(1L));

        bob.join(RoomName.of("general"), 1L);

        Eventually.within(
                Duration.ofSeconds(5), () -> assertThat(reader.messageIds()).containsExactly(1L, 2L, 3L));
    }

    @Test
    void a_newcomer_replaying_from_the_start_gets_the_newest_messages_whose_publish_was_lost() {
        UnreliableFanout fanout = new UnreliableFanout();
        fanout.drop = id -> id >= 2;
        core = ChatCore.inMemory()
                .fanout(fanout)
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .build();
        RecordingListener bob = new RecordingListener();
        Live.Connection writer = readerAndWriter(bob);
        for (int i = 1; i <= 3; i++) {
            writer.send(RoomName.of("general"), MessageText.of("m" + i), new ClientId("c" + i));
        }
        Eventually.within(
                Duration.ofSeconds(5), () -> assertThat(bob.messageIds()).containsExactly(1L));
        RecordingListener cid = new RecordingListener();

        core.live().connect(signUp("cid"), cid).join(RoomName.of("general"), 0L);

        Eventually.within(
                Duration.ofSeconds(5), () -> assertThat(cid.messageIds()).containsExactly(1L, 2L, 3L));
        Eventually.within(
                Duration.ofSeconds(5), () -> assertThat(bob.messageIds()).containsExactly(1L, 2L, 3L));
    }

    @Test
    void a_resend_brings_a_stored_message_whose_publish_was_lost_to_live_readers() {
        UnreliableFanout fanout = new UnreliableFanout();
        java.util.concurrent.atomic.AtomicBoolean lostOnce = new java.util.concurrent.atomic.AtomicBoolean();
        fanout.drop = id -> id == 1 && lostOnce.compareAndSet(false, true);
        core = ChatCore.inMemory()
                .fanout(fanout)
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .build();
        RecordingListener reader = new RecordingListener();
        Live.Connection writer = readerAndWriter(reader);
        writer.send(
                RoomName.of("general"),
                MessageText.of("stored, but its answer and publish were lost"),
                new ClientId("c1"));

        assertThat(writer.send(
                                RoomName.of("general"),
                                MessageText.of("stored, but its answer and publish were lost"),
                                new ClientId("c1"))
                        .duplicate())
                .isTrue();

        Eventually.within(
                Duration.ofSeconds(5), () -> assertThat(reader.messageIds()).containsExactly(1L));
    }

    private Principal admin() {
        core.operators().createAccount(Username.of("root"), new Password("root-password"));
        return core.accounts().login("root", "root-password").principal();
    }

    private ChatCore withAdmin(Fanout fanout) {
        return ChatCore.inMemory()
                .fanout(fanout)
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .settings(
                        ChatSettings.defaults().withAdmins(java.util.Set.of(new dev.chat.core.domain.Username("root"))))
                .build();
    }

    @Test
    void a_message_the_fanout_lost_and_an_admin_then_deleted_is_passed_over() {
        UnreliableFanout fanout = new UnreliableFanout();
        fanout.drop = id -> id == 2;
        core = withAdmin(fanout);
        RecordingListener reader = new RecordingListener();
        Live.Connection writer = readerAndWriter(reader);
        writer.send(RoomName.of("general"), MessageText.of("m1"), new ClientId("c1"));
        writer.send(RoomName.of("general"), MessageText.of("m2"), new ClientId("c2"));
        core.admin().deleteMessage(admin(), RoomName.of("general"), 2);
        writer.send(RoomName.of("general"), MessageText.of("m3"), new ClientId("c3"));

        // The deletion took position 3.
        Eventually.within(
                Duration.ofSeconds(5), () -> assertThat(reader.messageIds()).containsExactly(1L, 4L));
    }

    @Test
    void a_hole_left_by_a_deletion_the_reader_never_heard_of_is_found_in_the_store() {
        UnreliableFanout fanout = new UnreliableFanout();
        fanout.drop = id -> id == 2 || id == 3;
        fanout.dropChanges = true;
        core = withAdmin(fanout);
        RecordingListener reader = new RecordingListener();
        Live.Connection writer = readerAndWriter(reader);
        for (int i = 1; i <= 4; i++) {
            writer.send(RoomName.of("general"), MessageText.of("m" + i), new ClientId("c" + i));
        }
        core.admin().deleteMessage(admin(), RoomName.of("general"), 2);
        writer.send(RoomName.of("general"), MessageText.of("m5"), new ClientId("c5"));

        Eventually.within(
                Duration.ofSeconds(5), () -> assertThat(reader.messageIds()).containsExactly(1L, 3L, 4L, 6L));
    }

    @Test
    void the_resend_of_a_message_deleted_before_anyone_saw_it_shows_nothing() {
        UnreliableFanout fanout = new UnreliableFanout();
        java.util.concurrent.atomic.AtomicBoolean lostOnce = new java.util.concurrent.atomic.AtomicBoolean();
        fanout.drop = id -> id == 1 && lostOnce.compareAndSet(false, true);
        fanout.dropChanges = true;
        core = withAdmin(fanout);
        RecordingListener reader = new RecordingListener();
        Live.Connection writer = readerAndWriter(reader);
        writer.send(RoomName.of("general"), MessageText.of("stored, answer lost"), new ClientId("c1"));
        core.admin().deleteMessage(admin(), RoomName.of("general"), 1);

        assertThat(writer.send(RoomName.of("general"), MessageText.of("stored, answer lost"), new ClientId("c1"))
                        .duplicate())
                .isTrue();
        writer.send(RoomName.of("general"), MessageText.of("m2"), new ClientId("c2"));

        Eventually.within(
                Duration.ofSeconds(5), () -> assertThat(reader.messageIds()).containsExactly(3L));
        assertThat(reader.of(LiveEvent.Delivered.class))
                .extracting(d -> d.message().text().value())
                .containsExactly("m2");
    }

    @Test
    void messages_that_arrive_out_of_order_are_passed_on_in_id_order() {
        UnreliableFanout fanout = new UnreliableFanout();
        fanout.holdBack = id -> id == 1;
        core = ChatCore.inMemory()
                .fanout(fanout)
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .build();
        RecordingListener reader = new RecordingListener();
        Live.Connection writer = readerAndWriter(reader);
        writer.send(RoomName.of("general"), MessageText.of("first"), new ClientId("c1"));
        writer.send(RoomName.of("general"), MessageText.of("second"), new ClientId("c2"));
        fanout.release();
        Eventually.within(
                Duration.ofSeconds(5), () -> assertThat(reader.messageIds()).containsExactly(1L, 2L));
    }

    @Test
    void joining_with_a_made_up_future_id_does_not_mute_the_room() {
        core = ChatCore.inMemory().passwordHasher(new Pbkdf2PasswordHasher(1)).build();
        Principal ana = signUp("ana");
        Live.Connection writer = core.live().connect(ana, new RecordingListener());
        writer.join(RoomName.of("general"), null);
        writer.send(RoomName.of("general"), MessageText.of("one"), new ClientId("c1"));
        RecordingListener reader = new RecordingListener();
        core.live().connect(signUp("bob"), reader).join(RoomName.of("general"), 1_000_000L);
        writer.send(RoomName.of("general"), MessageText.of("two"), new ClientId("c2"));
        Eventually.within(
                Duration.ofSeconds(5), () -> assertThat(reader.messageIds()).containsExactly(2L));
    }

    @Test
    void an_idle_room_costs_no_subscription() {
        LocalFanout fanout = new LocalFanout();
        core = ChatCore.inMemory()
                .fanout(fanout)
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .build();
        int before = fanout.topicCount();
        Live.Connection connection = core.live().connect(signUp("ana"), new RecordingListener());
        connection.join(RoomName.of("general"), null);
        assertThat(fanout.topicCount()).isEqualTo(before + 1);
        connection.leave(RoomName.of("general"));
        assertThat(fanout.topicCount()).isEqualTo(before);
    }

    @Test
    void typing_starts_are_absorbed_while_one_is_showing() {
        core = ChatCore.inMemory().passwordHasher(new Pbkdf2PasswordHasher(1)).build();
        RecordingListener reader = new RecordingListener();
        core.live().connect(signUp("bob"), reader).join(RoomName.of("general"), null);
        Live.Connection typist = core.live().connect(signUp("ana"), new RecordingListener());
        typist.join(RoomName.of("general"), null);
        for (int i = 0; i < 20; i++) {
            typist.typing(RoomName.of("general"), false);
        }
        typist.typing(RoomName.of("general"), true);
        for (int i = 0; i < 20; i++) {
            typist.typing(RoomName.of("general"), false);
            typist.typing(RoomName.of("general"), true);
        }
        List<LiveEvent> typing = reader.events.stream()
                .filter(e -> e instanceof LiveEvent.TypingUpdate)
                .toList();
        assertThat(typing).extracting(e -> ((LiveEvent.TypingUpdate) e).stop()).containsExactly(false, true);
    }

    @Test
    void a_connection_opened_after_its_session_was_signed_out_is_closed() {
        core = ChatCore.inMemory().passwordHasher(new Pbkdf2PasswordHasher(1)).build();
        core.accounts().register(Username.of("ana"), new Password("ana-password"));
        dev.chat.core.port.in.Accounts.SignedIn ana = core.accounts().login("ana", "ana-password");
        core.accounts().logout(ana.token());
        RecordingListener listener = new RecordingListener();
        core.live().connect(ana.principal(), listener);
        Eventually.within(
                Duration.ofSeconds(5), () -> assertThat(listener.closedBecause).isEqualTo(Live.Ending.SIGNED_OUT));
    }

    @Test
    void a_rejoin_that_fails_does_not_leave_the_user_online() {
        Outage outage = new Outage();
        core = ChatCore.inMemory()
                .messageStore(outage.of(MessageStore.class, new InMemoryMessageStore()))
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .build();
        Principal ana = signUp("ana");
        Live.Connection connection = core.live().connect(ana, new RecordingListener());
        connection.join(RoomName.of("general"), null);
        assertThat(core.rooms()
                        .list(ana, null, Rooms.DEFAULT_PAGE)
                        .rooms()
                        .get(0)
                        .online())
                .isEqualTo(1);
        outage.on = true;
        assertThatThrownBy(() -> connection.join(RoomName.of("general"), 0L)).isInstanceOf(ChatException.class);
        assertThat(core.rooms()
                        .list(ana, null, Rooms.DEFAULT_PAGE)
                        .rooms()
                        .get(0)
                        .online())
                .isZero();
        connection.close();
        assertThat(core.rooms()
                        .list(ana, null, Rooms.DEFAULT_PAGE)
                        .rooms()
                        .get(0)
                        .online())
                .isZero();
    }

    @Test
    void a_listener_that_throws_does_not_stop_the_room_for_others() {
        core = ChatCore.inMemory().passwordHasher(new Pbkdf2PasswordHasher(1)).build();
        Live.Listener broken = new Live.Listener() {
            @Override
            public void onEvent(LiveEvent event) {
                throw new IllegalStateException("broken listener");
            }

            @Override
            public void onClosed(Live.Ending ending) {}
        };
        core.live().connect(signUp("bad"), broken).join(RoomName.of("general"), null);
        RecordingListener reader = new RecordingListener();
        core.live().connect(signUp("bob"), reader).join(RoomName.of("general"), null);
        Live.Connection writer = core.live().connect(signUp("ana"), new RecordingListener());
        writer.join(RoomName.of("general"), null);
        writer.send(RoomName.of("general"), MessageText.of("one"), new ClientId("c1"));
        writer.send(RoomName.of("general"), MessageText.of("two"), new ClientId("c2"));
        Eventually.within(
                Duration.ofSeconds(5), () -> assertThat(reader.messageIds()).containsExactly(1L, 2L));
    }
}
