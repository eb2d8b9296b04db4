package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Member;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.Members;
import dev.chat.core.port.in.Messages;
import dev.chat.core.port.in.Rooms;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Private and direct rooms through every path of the core: a caller who may not see a room learns nothing of it (the
 * answers are those for a room that does not exist), and a member removed hears nothing said after it.
 */
class RoomAccessTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final RoomName TEAM = RoomName.of("team");
    private static final RoomName NOWHERE = RoomName.of("nowhere");

    private ChatCore core;
    private Principal ana;
    private Principal bob;
    private Principal carol;

    @BeforeEach
    void start() {
        core = ChatCore.inMemory()
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .settings(ChatSettings.defaults().withGuestsAllowed(true))
                .build();
        ana = signUp("ana");
        bob = signUp("bob");
        carol = signUp("carol");
    }

    @AfterEach
    void close() {
        core.close();
    }

    private Principal signUp(String name) {
        core.accounts().register(Username.of(name), new Password(name + "-password"));
        return core.accounts().login(name, name + "-password").principal();
    }

    private Live.Connection joined(Principal who, RecordingListener listener, RoomName room) {
        Live.Connection connection = core.live().connect(who, listener);
        connection.join(room, null);
        return connection;
    }

    /** What the caller is told, as a code and a sentence: a room they may not see must read like one that is not. */
    private static String answer(ThrowingCallable call) {
        try {
            call.call();
        } catch (ChatException e) {
            return e.code().wire() + ": "
                    + e.getMessage().replace("'team'", "'X'").replace("'nowhere'", "'X'");
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("not refused");
    }

    private static void refused(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ChatException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    /** Runs the calls at once, released by one gate. */
    private static <T> List<T> race(int racers, java.util.function.IntFunction<T> call) {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<T>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < racers; i++) {
                int racer = i;
                futures.add(pool.submit(() -> {
                    gate.await();
                    return call.apply(racer);
                }));
            }
            gate.countDown();
            List<T> results = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<T> future : futures) {
                results.add(future.get(10, java.util.concurrent.TimeUnit.SECONDS));
            }
            return results;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every path a non-member could try, against one room; each answer, in order. */
    private List<String> probe(Principal who, RoomName room) {
        Live.Connection connection = core.live().connect(who, new RecordingListener());
        try {
            return List.of(
                    answer(() -> core.rooms().find(who, room)),
                    answer(() -> core.messages().history(who, room, null, Messages.DEFAULT_PAGE)),
                    answer(() -> core.messages().post(who, room, MessageText.of("hi"), new ClientId("p1"))),
                    answer(() -> core.messages().delete(who, room, 1)),
                    answer(() -> connection.join(room, null)),
                    answer(() -> connection.join(room, 0L)),
                    answer(() -> connection.history(room, null, Messages.DEFAULT_PAGE)),
                    answer(() -> core.members().list(who, room, null, Members.DEFAULT_PAGE)),
                    answer(() -> core.members().add(who, room, who.user())),
                    answer(() -> core.members().remove(who, room, who.user())),
                    answer(() -> core.members().setRole(who, room, who.user(), Role.MODERATOR)),
                    answer(() -> core.rooms().delete(who, room)));
        } finally {
            connection.close();
        }
    }

    @Test
    void a_private_room_is_to_a_non_member_exactly_a_room_that_does_not_exist() {
        core.rooms().create(ana, TEAM, Topic.of("secret plans"), RoomKind.PRIVATE);
        core.messages().post(ana, TEAM, MessageText.of("the plan"), new ClientId("a1"));

        List<String> answers = probe(carol, TEAM);

        assertThat(answers).isEqualTo(probe(carol, NOWHERE)).allMatch(a -> a.startsWith("no_such_room: "));
        assertThat(core.rooms().list(carol, null, Rooms.DEFAULT_PAGE).rooms())
                .extracting(r -> r.room().name())
                .doesNotContain(TEAM);
    }

    @Test
    void a_direct_room_is_its_peoples_only() {
        Rooms.Opened dm = core.rooms().openDirect(ana, Set.of(bob.user()));
        RoomName room = dm.room().room().name();
        core.messages().post(ana, room, MessageText.of("psst"), new ClientId("a1"));

        assertThat(probe(carol, room)).allMatch(a -> a.startsWith("no_such_room: "));
        assertThat(core.messages()
                        .history(bob, room, null, Messages.DEFAULT_PAGE)
                        .messages())
                .extracting(m -> m.text().value())
                .containsExactly("psst");
        assertThat(core.rooms().list(bob, null, Rooms.DEFAULT_PAGE).rooms())
                .filteredOn(r -> r.room().name().equals(room))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.room().kind()).isEqualTo(RoomKind.DIRECT);
                    assertThat(r.members()).containsExactly(ana.user(), bob.user());
                    assertThat(r.joined()).isTrue();
                });
    }

    @Test
    void one_direct_room_per_set_of_people_whoever_opens_it_and_however_often() {
        Rooms.Opened first = core.rooms().openDirect(ana, Set.of(bob.user()));
        Rooms.Opened again = core.rooms().openDirect(bob, Set.of(ana.user()));
        Rooms.Opened three = core.rooms().openDirect(ana, Set.of(bob.user(), carol.user()));

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.room().room().name()).isEqualTo(first.room().room().name());
        assertThat(three.room().room().name()).isNotEqualTo(first.room().room().name());

        List<Rooms.Opened> raced = race(
                6,
                racer -> core.rooms()
                        .openDirect(racer % 2 == 0 ? bob : carol, Set.of(racer % 2 == 0 ? carol.user() : bob.user())));
        assertThat(raced).filteredOn(Rooms.Opened::created).hasSize(1);
        assertThat(raced)
                .extracting(o -> o.room().room().name())
                .containsOnly(raced.get(0).room().room().name());
    }

    @Test
    void everyone_in_a_new_direct_room_is_told_of_it_with_all_its_people() {
        RecordingListener bobsTab = new RecordingListener();
        RecordingListener carolsTab = new RecordingListener();
        core.live().connect(bob, bobsTab);
        core.live().connect(carol, carolsTab);

        core.rooms().openDirect(ana, Set.of(bob.user(), carol.user()));

        for (RecordingListener tab : List.of(bobsTab, carolsTab)) {
            Eventually.within(
                    WAIT,
                    () -> assertThat(tab.of(LiveEvent.RoomAdded.class))
                            .singleElement()
                            .satisfies(added -> assertThat(added.summary().members())
                                    .containsExactly(ana.user(), bob.user(), carol.user())));
        }
    }

    @Test
    void direct_rooms_are_refused_to_guests_to_a_crowd_and_for_unknown_people() {
        Principal guest = core.accounts().continueAsGuest().principal();

        refused(ErrorCode.FORBIDDEN, () -> core.rooms().openDirect(guest, Set.of(bob.user())));
        refused(ErrorCode.BAD_REQUEST, () -> core.rooms().openDirect(ana, Set.of(ana.user())));
        refused(ErrorCode.NO_SUCH_USER, () -> core.rooms().openDirect(ana, Set.of(Username.of("nobody"))));
        Set<Username> crowd = new java.util.TreeSet<>();
        for (int i = 0; i < 9; i++) {
            crowd.add(signUp("user" + i).user());
        }
        refused(ErrorCode.BAD_REQUEST, () -> core.rooms().openDirect(ana, crowd));
        refused(ErrorCode.INVALID_ROOM, () -> core.rooms().create(ana, RoomName.of("dm-mine"), Topic.NONE));
    }

    @Test
    void public_rooms_are_announced_to_every_connection_as_they_come_and_go_and_a_private_one_never() {
        RecordingListener carolsTab = new RecordingListener();
        core.live().connect(carol, carolsTab); // in no room at all: a page showing its room list
        RoomName lobby = RoomName.of("lobby");

        core.rooms().create(ana, TEAM, Topic.NONE, RoomKind.PRIVATE);
        core.rooms().create(ana, lobby, new Topic("Say hello"), RoomKind.PUBLIC);
        Eventually.within(
                WAIT,
                () -> assertThat(carolsTab.of(LiveEvent.RoomListed.class))
                        .singleElement()
                        .isEqualTo(new LiveEvent.RoomListed(lobby, new Topic("Say hello"))));

        core.rooms().delete(ana, lobby);
        core.rooms().delete(ana, TEAM);
        Eventually.within(
                WAIT,
                () -> assertThat(carolsTab.of(LiveEvent.RoomUnlisted.class))
                        .singleElement()
                        .isEqualTo(new LiveEvent.RoomUnlisted(lobby)));
        assertThat(carolsTab.events)
                .as("nothing of the private room reaches a non-member")
                .noneMatch(e -> e.toString().contains("team"));
    }

    @Test
    void a_member_added_is_told_at_once_and_then_reads_and_joins() {
        core.rooms().create(ana, TEAM, Topic.NONE, RoomKind.PRIVATE);
        core.messages().post(ana, TEAM, MessageText.of("before carol"), new ClientId("a1"));
        RecordingListener carolsTab = new RecordingListener();
        Live.Connection carols = core.live().connect(carol, carolsTab);

        core.members().add(ana, TEAM, carol.user());

        Eventually.within(
                WAIT,
                () -> assertThat(carolsTab.of(LiveEvent.RoomAdded.class))
                        .singleElement()
                        .satisfies(added -> {
                            assertThat(added.room()).isEqualTo(TEAM);
                            assertThat(added.summary().role()).contains(Role.MEMBER);
                            assertThat(added.summary().room().kind()).isEqualTo(RoomKind.PRIVATE);
                        }));
        carols.join(TEAM, 0L);
        Eventually.within(WAIT, () -> assertThat(carolsTab.messageIds()).containsExactly(1L));
    }

    @Test
    void a_member_removed_mid_conversation_hears_nothing_said_after_it_live_or_recovered() {
        core.rooms().create(ana, TEAM, Topic.NONE, RoomKind.PRIVATE);
        core.members().add(ana, TEAM, carol.user());
        RecordingListener carolsTab = new RecordingListener();
        Live.Connection carols = joined(carol, carolsTab, TEAM);
        RecordingListener anasTab = new RecordingListener();
        Live.Connection anas = joined(ana, anasTab, TEAM);
        anas.send(TEAM, MessageText.of("while carol is here"), new ClientId("a1"));
        Eventually.within(WAIT, () -> assertThat(carolsTab.messageIds()).containsExactly(1L));

        core.members().remove(ana, TEAM, carol.user());
        anas.send(TEAM, MessageText.of("after carol left"), new ClientId("a2"));

        Eventually.within(WAIT, () -> assertThat(anasTab.messageIds()).containsExactly(1L, 2L));
        Eventually.within(
                WAIT,
                () -> assertThat(carolsTab.of(LiveEvent.RoomClosed.class))
                        .containsExactly(new LiveEvent.RoomClosed(TEAM, null)));
        assertThat(carolsTab.messageIds()).containsExactly(1L);
        Eventually.within(
                WAIT,
                () -> assertThat(anasTab.of(LiveEvent.PresenceUpdate.class))
                        .as("the others see carol leave")
                        .endsWith(new LiveEvent.PresenceUpdate(TEAM, carol.user(), false)));
        refused(ErrorCode.NOT_JOINED, () -> carols.send(TEAM, MessageText.of("still here?"), new ClientId("c1")));
        assertThat(answer(() -> carols.join(TEAM, 1L))).isEqualTo(answer(() -> carols.join(NOWHERE, 1L)));
        refused(ErrorCode.NO_SUCH_ROOM, () -> core.messages().history(carol, TEAM, null, Messages.DEFAULT_PAGE));
        assertThat(carolsTab.closedBecause).isNull();
    }

    @Test
    void roles_decide_who_manages_members_and_deletes_messages() {
        core.rooms().create(ana, TEAM, Topic.NONE, RoomKind.PRIVATE);
        core.members().add(ana, TEAM, bob.user());
        core.members().add(ana, TEAM, carol.user());
        long id = core.messages()
                .post(carol, TEAM, MessageText.of("oops"), new ClientId("c1"))
                .message()
                .id();

        refused(ErrorCode.FORBIDDEN, () -> core.members().add(carol, TEAM, Username.of("dave")));
        refused(ErrorCode.FORBIDDEN, () -> core.messages().delete(bob, TEAM, id));
        refused(ErrorCode.FORBIDDEN, () -> core.members().setRole(bob, TEAM, bob.user(), Role.MODERATOR));

        core.members().setRole(ana, TEAM, bob.user(), Role.MODERATOR);
        core.messages().delete(bob, TEAM, id);
        refused(ErrorCode.FORBIDDEN, () -> core.members().remove(bob, TEAM, ana.user()));
        refused(ErrorCode.FORBIDDEN, () -> core.members().setRole(bob, TEAM, bob.user(), Role.OWNER));
        refused(ErrorCode.FORBIDDEN, () -> core.rooms().delete(bob, TEAM));
        core.members().remove(bob, TEAM, carol.user());

        assertThat(core.members().list(ana, TEAM, null, Members.DEFAULT_PAGE).members())
                .extracting(Members.Listed::member)
                .extracting(Member::user, Member::role)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ana.user(), Role.OWNER),
                        org.assertj.core.groups.Tuple.tuple(bob.user(), Role.MODERATOR));
    }

    @Test
    void the_owner_leaving_hands_the_room_on_and_the_last_one_out_deletes_it() {
        core.rooms().create(ana, TEAM, Topic.NONE, RoomKind.PRIVATE);
        core.members().add(ana, TEAM, bob.user());
        core.members().add(ana, TEAM, carol.user());
        core.members().setRole(ana, TEAM, carol.user(), Role.MODERATOR);

        core.members().remove(ana, TEAM, ana.user());

        assertThat(core.rooms().find(carol, TEAM).role()).contains(Role.OWNER);
        core.members().setRole(carol, TEAM, bob.user(), Role.OWNER);
        assertThat(core.rooms().find(bob, TEAM).role()).contains(Role.OWNER);
        assertThat(core.rooms().find(carol, TEAM).role()).contains(Role.MODERATOR);
        core.members().remove(carol, TEAM, carol.user());
        core.members().remove(bob, TEAM, bob.user());

        refused(ErrorCode.NO_SUCH_ROOM, () -> core.rooms().find(bob, TEAM));
        core.rooms().create(bob, TEAM, Topic.NONE, RoomKind.PRIVATE);
        assertThat(core.messages()
                        .history(bob, TEAM, null, Messages.DEFAULT_PAGE)
                        .messages())
                .isEmpty();
    }

    @Test
    void joining_a_public_room_makes_a_signed_in_user_a_member_on_every_device_and_a_guest_nothing() {
        core.rooms().create(ana, TEAM, Topic.NONE);
        Principal guest = core.accounts().continueAsGuest().principal();
        joined(carol, new RecordingListener(), TEAM).close();
        joined(guest, new RecordingListener(), TEAM).close();

        Principal carolsPhone = core.accounts().login("carol", "carol-password").principal();
        assertThat(core.rooms().list(carolsPhone, null, Rooms.DEFAULT_PAGE).rooms())
                .filteredOn(r -> r.room().name().equals(TEAM))
                .singleElement()
                .satisfies(r -> assertThat(r.role()).contains(Role.MEMBER));
        assertThat(core.rooms().find(ana, TEAM).role()).contains(Role.OWNER);
        assertThat(core.rooms().find(guest, TEAM).joined()).isFalse();
        assertThat(core.rooms().find(bob, TEAM).joined()).isFalse();
    }

    @Test
    void the_room_list_pages_through_public_rooms_and_the_callers_own_private_ones_in_name_order() {
        for (String name : new String[] {"a-public", "c-public", "e-public", "g-public"}) {
            core.rooms().create(ana, RoomName.of(name), Topic.NONE);
        }
        for (String name : new String[] {"b-private", "d-private", "f-private"}) {
            core.rooms().create(ana, RoomName.of(name), Topic.NONE, RoomKind.PRIVATE);
        }
        core.rooms().create(bob, RoomName.of("bb-bobs"), Topic.NONE, RoomKind.PRIVATE);

        Rooms.RoomPage first = core.rooms().list(ana, null, new dev.chat.core.domain.PageSize(3));
        Rooms.RoomPage second = core.rooms().list(ana, RoomName.of("c-public"), new dev.chat.core.domain.PageSize(3));
        Rooms.RoomPage third = core.rooms().list(ana, RoomName.of("f-private"), new dev.chat.core.domain.PageSize(3));

        assertThat(first.rooms())
                .extracting(r -> r.room().name().value())
                .containsExactly("a-public", "b-private", "c-public");
        assertThat(second.rooms())
                .extracting(r -> r.room().name().value())
                .containsExactly("d-private", "e-public", "f-private");
        assertThat(third.rooms()).extracting(r -> r.room().name().value()).containsExactly("g-public", "general");
        assertThat(first.more()).isTrue();
        assertThat(third.more()).isFalse();
    }

    /** A fan-out that loses what it is told to, and then says so, as Redis does after an outage. */
    private static final class LossyFanout implements dev.chat.core.port.out.Fanout {
        private final dev.chat.core.memory.LocalFanout local = new dev.chat.core.memory.LocalFanout();
        private final List<Subscriber> subscribers = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile boolean losing;

        @Override
        public void publish(dev.chat.core.domain.ChatEvent event) {
            if (!losing) {
                local.publish(event);
            }
        }

        @Override
        public Subscription subscribe(String topic, Subscriber subscriber) {
            subscribers.add(subscriber);
            Subscription subscription = local.subscribe(topic, subscriber);
            return () -> {
                subscribers.remove(subscriber);
                subscription.close();
            };
        }

        void back() {
            losing = false;
            subscribers.forEach(Subscriber::onPossibleLoss);
        }
    }

    @Test
    void a_removal_the_fan_out_lost_is_caught_up_when_it_is_back() {
        LossyFanout fanout = new LossyFanout();
        core.close();
        core = ChatCore.inMemory()
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .fanout(fanout)
                .build();
        ana = signUp("ana");
        carol = signUp("carol");
        core.rooms().create(ana, TEAM, Topic.NONE, RoomKind.PRIVATE);
        core.members().add(ana, TEAM, carol.user());
        RecordingListener carolsTab = new RecordingListener();
        joined(carol, carolsTab, TEAM);

        fanout.losing = true;
        core.members().remove(ana, TEAM, carol.user());
        assertThat(carolsTab.of(LiveEvent.RoomClosed.class))
                .as("the removal was lost")
                .isEmpty();
        fanout.back();

        Eventually.within(
                WAIT,
                () -> assertThat(carolsTab.of(LiveEvent.RoomClosed.class))
                        .containsExactly(new LiveEvent.RoomClosed(TEAM, null)));
    }

    @Test
    void a_room_list_reads_each_direct_rooms_people_once_not_at_every_listing() {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        dev.chat.core.port.out.MemberStore store = new dev.chat.core.memory.InMemoryMemberStore();
        dev.chat.core.port.out.MemberStore counting =
                (dev.chat.core.port.out.MemberStore) java.lang.reflect.Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {dev.chat.core.port.out.MemberStore.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("members")) {
                                reads.incrementAndGet();
                            }
                            try {
                                return method.invoke(store, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
        core.close();
        core = ChatCore.inMemory()
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .memberStore(counting)
                .build();
        ana = signUp("ana");
        for (int i = 0; i < 5; i++) {
            core.rooms().openDirect(ana, Set.of(signUp("friend" + i).user()));
        }
        core.rooms().list(ana, null, Rooms.DEFAULT_PAGE);
        int first = reads.get();

        for (int i = 0; i < 10; i++) {
            assertThat(core.rooms().list(ana, null, Rooms.DEFAULT_PAGE).rooms())
                    .filteredOn(r -> r.room().kind() == RoomKind.DIRECT)
                    .hasSize(5)
                    .allSatisfy(r -> assertThat(r.members()).hasSize(2));
        }

        assertThat(reads.get()).as("members read by ten more listings").isEqualTo(first);
    }
}
