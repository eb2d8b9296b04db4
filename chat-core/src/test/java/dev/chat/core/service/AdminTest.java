package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.NodeFigures;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.InMemoryAccountStore;
import dev.chat.core.memory.InMemoryMessageStore;
import dev.chat.core.memory.InMemoryPresenceStore;
import dev.chat.core.memory.InMemoryRoomStore;
import dev.chat.core.memory.InMemorySessionStore;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.memory.MutableClock;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.in.Accounts;
import dev.chat.core.port.in.Admin;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.RoomChange;
import dev.chat.core.port.in.Rooms;
import dev.chat.core.port.out.AccountStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What an admin can do, and what the people in the rooms notice of it. */
class AdminTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private ChatCore core;
    private Admin admin;
    private Principal ana;

    @BeforeEach
    void start() {
        core = build(ChatCore.inMemory());
        admin = core.admin();
        ana = admin(core, "ana");
    }

    @AfterEach
    void close() {
        core.close();
    }

    private ChatCore build(ChatCore.Builder builder) {
        return builder.clock(clock)
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .settings(ChatSettings.defaults().withAdmins(Set.of(new Username("ana"))))
                .build();
    }

    private static Principal signUp(ChatCore core, String name) {
        core.accounts().register(Username.of(name), new Password(name + "-password"));
        return core.accounts().login(name, name + "-password").principal();
    }

    /** An admin: an account the operator made, of a name the admin list holds. */
    private static Principal admin(ChatCore core, String name) {
        core.operators().createAccount(Username.of(name), new Password(name + "-password"));
        return core.accounts().login(name, name + "-password").principal();
    }

    private Live.Connection reader(Principal who, RecordingListener listener, String room) {
        Live.Connection connection = core.live().connect(who, listener);
        connection.join(RoomName.of(room), null);
        return connection;
    }

    private static void refused(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ChatException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void only_an_admin_may_do_any_of_it() {
        Principal bob = signUp(core, "bob");
        core.messages().post(bob, RoomName.of("general"), MessageText.of("hello"), new ClientId("b1"));

        refused(ErrorCode.FORBIDDEN, () -> admin.users(bob));
        refused(ErrorCode.FORBIDDEN, () -> admin.ban(bob, Username.of("ana")));
        refused(ErrorCode.FORBIDDEN, () -> admin.unban(bob, Username.of("ana")));
        refused(ErrorCode.FORBIDDEN, () -> admin.deleteMessage(bob, RoomName.of("general"), 1));
        refused(ErrorCode.FORBIDDEN, () -> admin.deleteRoom(bob, RoomName.of("general")));
        refused(ErrorCode.FORBIDDEN, () -> admin.changeRoom(bob, RoomName.of("general"), RoomChange.rename("lobby")));
        refused(ErrorCode.FORBIDDEN, () -> admin.changeRoom(bob, RoomName.of("general"), RoomChange.topic("mine now")));
        refused(ErrorCode.FORBIDDEN, () -> admin.stats(bob));

        assertThat(core.accounts().login("ana", "ana-password")).isNotNull();
        assertThat(core.messages()
                        .history(bob, RoomName.of("general"), null, new PageSize(10))
                        .messages())
                .hasSize(1);
        assertThat(core.rooms().list(ana, null, Rooms.DEFAULT_PAGE).rooms())
                .extracting(r -> r.room().name().value())
                .containsExactly("general");
        assertThat(core.rooms()
                        .list(ana, null, Rooms.DEFAULT_PAGE)
                        .rooms()
                        .get(0)
                        .room()
                        .topic())
                .isEqualTo(Topic.NONE);
    }

    @Test
    void users_are_listed_with_their_ban_and_their_role() {
        signUp(core, "bob");
        admin.ban(ana, Username.of("bob"));

        assertThat(admin.users(ana))
                .containsExactly(
                        new Admin.UserSummary(new Username("ana"), clock.instant(), false, true, false),
                        new Admin.UserSummary(new Username("bob"), clock.instant(), true, false, false));
    }

    @Test
    void a_ban_closes_every_connection_of_the_user_and_refuses_their_sign_in() {
        Principal bobAtHome = signUp(core, "bob");
        Principal bobAtWork = core.accounts().login("bob", "bob-password").principal();
        RecordingListener home = new RecordingListener();
        RecordingListener work = new RecordingListener();
        RecordingListener cat = new RecordingListener();
        reader(bobAtHome, home, "general");
        core.live().connect(bobAtWork, work);
        Live.Connection catConnection = reader(signUp(core, "cat"), cat, "general");

        admin.ban(ana, Username.of("bob"));

        Eventually.within(WAIT, () -> {
            assertThat(home.closedBecause).isEqualTo(Live.Ending.BANNED);
            assertThat(work.closedBecause).isEqualTo(Live.Ending.BANNED);
        });
        refused(ErrorCode.BANNED, () -> core.accounts().login("bob", "bob-password"));
        Eventually.within(
                WAIT,
                () -> assertThat(cat.of(LiveEvent.PresenceUpdate.class))
                        .contains(new LiveEvent.PresenceUpdate(new RoomName("general"), new Username("bob"), false)));
        assertThat(cat.closedBecause).isNull();
        assertThat(catConnection
                        .send(RoomName.of("general"), MessageText.of("still here"), new ClientId("c1"))
                        .duplicate())
                .isFalse();
    }

    @Test
    void a_banned_user_s_sessions_end() {
        core.accounts().register(Username.of("bob"), new Password("bob-password"));
        Accounts.SignedIn bob = core.accounts().login("bob", "bob-password");

        admin.ban(ana, Username.of("bob"));

        assertThat(core.accounts().authenticate(bob.token())).isEmpty();
    }

    @Test
    void a_wrong_password_for_a_banned_account_does_not_tell_that_it_is_banned() {
        signUp(core, "bob");
        admin.ban(ana, Username.of("bob"));

        refused(ErrorCode.INVALID_CREDENTIALS, () -> core.accounts().login("bob", "not-bob-s-password"));
    }

    @Test
    void a_lifted_ban_lets_the_user_back_in() {
        signUp(core, "bob");
        admin.ban(ana, Username.of("bob"));

        admin.unban(ana, Username.of("Bob"));

        Accounts.SignedIn bob = core.accounts().login("bob", "bob-password");
        assertThat(core.accounts().authenticate(bob.token())).isPresent();
        RecordingListener listener = new RecordingListener();
        reader(bob.principal(), listener, "general");
        assertThat(listener.of(LiveEvent.Joined.class)).hasSize(1);
        assertThat(listener.closedBecause).isNull();
    }

    @Test
    void a_connection_whose_handshake_raced_the_ban_is_closed_as_banned() {
        Principal bob = signUp(core, "bob");
        admin.ban(ana, Username.of("bob"));

        RecordingListener late = new RecordingListener();
        core.live().connect(bob, late);

        Eventually.within(WAIT, () -> assertThat(late.closedBecause).isEqualTo(Live.Ending.BANNED));
    }

    @Test
    void a_sign_in_that_read_the_account_just_before_the_ban_is_refused_and_leaves_no_session() {
        InMemoryAccountStore inner = new InMemoryAccountStore();
        AtomicBoolean staleOnce = new AtomicBoolean();
        AccountStore racing = new AccountStore() {
            @Override
            public boolean create(Account account) {
                return inner.create(account);
            }

            @Override
            public Optional<Account> find(Username username) {
                // The sign-in's first read happened before the ban landed.
                return inner.find(username).map(a -> staleOnce.getAndSet(false) ? a.withBanned(false) : a);
            }

            @Override
            public List<Account> list() {
                return inner.list();
            }

            @Override
            public boolean setBanned(Username username, boolean banned) {
                return inner.setBanned(username, banned);
            }

            @Override
            public boolean setByOperator(Username username) {
                return inner.setByOperator(username);
            }

            @Override
            public boolean setPasswordHash(Username username, String passwordHash) {
                return inner.setPasswordHash(username, passwordHash);
            }

            @Override
            public boolean setPasswordReset(Username username, String tokenHash, Instant expiresAt) {
                return inner.setPasswordReset(username, tokenHash, expiresAt);
            }

            @Override
            public boolean resetPassword(Username username, String tokenHash, Instant now, String passwordHash) {
                return inner.resetPassword(username, tokenHash, now, passwordHash);
            }

            @Override
            public boolean addRoomCreated(Username username, int max) {
                return inner.addRoomCreated(username, max);
            }

            @Override
            public void removeRoomCreated(Username username) {
                inner.removeRoomCreated(username);
            }
        };
        try (ChatCore raced = build(ChatCore.inMemory().accountStore(racing))) {
            admin(raced, "ana");
            Principal admin = raced.accounts().login("ana", "ana-password").principal();
            raced.accounts().register(Username.of("bob"), new Password("bob-password"));
            raced.admin().ban(admin, Username.of("bob"));
            staleOnce.set(true);

            refused(ErrorCode.BANNED, () -> raced.accounts().login("bob", "bob-password"));
        }
    }

    @Test
    void bans_name_someone_else_who_exists() {
        refused(ErrorCode.BAD_REQUEST, () -> admin.ban(ana, Username.of("ana")));
        refused(ErrorCode.NO_SUCH_USER, () -> admin.ban(ana, Username.of("nobody")));
        refused(ErrorCode.NO_SUCH_USER, () -> admin.unban(ana, Username.of("nobody")));
        refused(ErrorCode.INVALID_USERNAME, () -> admin.ban(ana, Username.of("no body")));
        assertThat(admin.users(ana)).extracting(Admin.UserSummary::banned).containsExactly(false);
    }

    @Test
    void a_deleted_message_leaves_the_readers_screens_and_the_history() {
        RecordingListener bob = new RecordingListener();
        reader(signUp(core, "bob"), bob, "general");
        Live.Connection writer = reader(ana, new RecordingListener(), "general");
        writer.send(RoomName.of("general"), MessageText.of("keep me"), new ClientId("a1"));
        writer.send(RoomName.of("general"), MessageText.of("regret me"), new ClientId("a2"));
        writer.send(RoomName.of("general"), MessageText.of("keep me too"), new ClientId("a3"));
        Eventually.within(WAIT, () -> assertThat(bob.messageIds()).containsExactly(1L, 2L, 3L));

        admin.deleteMessage(ana, RoomName.of("general"), 2);

        Eventually.within(
                WAIT,
                () -> assertThat(bob.of(LiveEvent.Changed.class))
                        .singleElement()
                        .satisfies(c -> {
                            assertThat(c.change().kind()).isEqualTo(ChangeKind.DELETED);
                            assertThat(c.change().message().id()).isEqualTo(2);
                            assertThat(c.change().message().isDeleted()).isTrue();
                        }));
        assertThat(core.messages()
                        .history(ana, RoomName.of("general"), null, new PageSize(10))
                        .messages())
                .extracting(Message::id)
                .containsExactly(3L, 1L);
        refused(ErrorCode.NO_SUCH_MESSAGE, () -> admin.deleteMessage(ana, RoomName.of("general"), 2));
        refused(ErrorCode.NO_SUCH_MESSAGE, () -> admin.deleteMessage(ana, RoomName.of("general"), 99));
        refused(ErrorCode.NO_SUCH_ROOM, () -> admin.deleteMessage(ana, RoomName.of("nowhere"), 1));
    }

    @Test
    void a_resend_of_a_deleted_message_is_acknowledged_but_not_shown_again() {
        RecordingListener bob = new RecordingListener();
        reader(signUp(core, "bob"), bob, "general");
        Live.Connection writer = reader(ana, new RecordingListener(), "general");
        long id = writer.send(RoomName.of("general"), MessageText.of("oops"), new ClientId("a1"))
                .message()
                .id();
        admin.deleteMessage(ana, RoomName.of("general"), id);

        assertThat(writer.send(RoomName.of("general"), MessageText.of("oops"), new ClientId("a1")))
                .satisfies(resent -> {
                    assertThat(resent.duplicate()).isTrue();
                    assertThat(resent.message().id()).isEqualTo(id);
                });
        writer.send(RoomName.of("general"), MessageText.of("next"), new ClientId("a2"));

        // The deletion took position 2.
        Eventually.within(WAIT, () -> assertThat(bob.messageIds()).containsExactly(1L, 3L));
        assertThat(core.messages()
                        .history(ana, RoomName.of("general"), null, new PageSize(10))
                        .messages())
                .extracting(Message::id)
                .containsExactly(3L);
    }

    @Test
    void a_joiner_recovering_across_a_deleted_message_gets_the_others_once() {
        Live.Connection writer = reader(ana, new RecordingListener(), "general");
        for (int i = 1; i <= 4; i++) {
            writer.send(RoomName.of("general"), MessageText.of("m" + i), new ClientId("a" + i));
        }
        admin.deleteMessage(ana, RoomName.of("general"), 2);
        RecordingListener bob = new RecordingListener();
        core.live().connect(signUp(core, "bob"), bob).join(RoomName.of("general"), 0L);
        writer.send(RoomName.of("general"), MessageText.of("m5"), new ClientId("a5"));

        // The deletion took position 5; bob never had message 2, so he is not told of its deletion.
        Eventually.within(WAIT, () -> assertThat(bob.messageIds()).containsExactly(1L, 3L, 4L, 6L));
        assertThat(bob.of(LiveEvent.Joined.class).get(0).recovered()).isEqualTo(3);
        assertThat(bob.of(LiveEvent.Changed.class)).isEmpty();
    }

    @Test
    void a_deleted_room_is_closed_for_its_readers_and_gone() {
        core.rooms().create(ana, RoomName.of("random"), Topic.of("off topic"));
        RecordingListener bob = new RecordingListener();
        Live.Connection bobs = reader(signUp(core, "bob"), bob, "random");
        bobs.join(RoomName.of("general"), null);
        Live.Connection writer = reader(ana, new RecordingListener(), "random");
        writer.send(RoomName.of("random"), MessageText.of("soon gone"), new ClientId("a1"));

        admin.deleteRoom(ana, RoomName.of("random"));

        Eventually.within(
                WAIT,
                () -> assertThat(bob.of(LiveEvent.RoomClosed.class))
                        .containsExactly(new LiveEvent.RoomClosed(new RoomName("random"), null)));
        Eventually.within(
                WAIT,
                () -> refused(
                        ErrorCode.NOT_JOINED,
                        () -> bobs.send(RoomName.of("random"), MessageText.of("anyone?"), new ClientId("b1"))));
        assertThat(bobs.send(RoomName.of("general"), MessageText.of("still in general"), new ClientId("b2"))
                        .duplicate())
                .isFalse();
        refused(ErrorCode.NO_SUCH_ROOM, () -> bobs.join(RoomName.of("random"), null));
        refused(
                ErrorCode.NO_SUCH_ROOM,
                () -> core.messages().history(ana, RoomName.of("random"), null, new PageSize(10)));
        refused(ErrorCode.NO_SUCH_ROOM, () -> admin.deleteRoom(ana, RoomName.of("random")));
        assertThat(core.rooms().list(ana, null, Rooms.DEFAULT_PAGE).rooms())
                .extracting(r -> r.room().name().value())
                .containsExactly("general");
        assertThat(bob.closedBecause).isNull();
    }

    @Test
    void a_room_made_again_under_a_deleted_name_starts_empty_and_live() {
        core.rooms().create(ana, RoomName.of("random"), Topic.of(""));
        RecordingListener bob = new RecordingListener();
        Live.Connection bobs = reader(signUp(core, "bob"), bob, "random");
        reader(ana, new RecordingListener(), "random")
                .send(RoomName.of("random"), MessageText.of("old"), new ClientId("a1"));
        admin.deleteRoom(ana, RoomName.of("random"));
        Eventually.within(
                WAIT, () -> assertThat(bob.of(LiveEvent.RoomClosed.class)).hasSize(1));

        core.rooms().create(ana, RoomName.of("random"), Topic.of(""));
        bobs.join(RoomName.of("random"), 0L);
        Live.Connection writer = reader(ana, new RecordingListener(), "random");
        writer.send(RoomName.of("random"), MessageText.of("new"), new ClientId("a2"));

        Eventually.within(
                WAIT,
                () -> assertThat(bob.of(LiveEvent.Delivered.class))
                        .extracting(d -> d.message().text().value())
                        .containsExactly("old", "new"));
        assertThat(core.messages()
                        .history(ana, RoomName.of("random"), null, new PageSize(10))
                        .messages())
                .extracting(m -> m.text().value())
                .containsExactly("new");
    }

    @Test
    void a_renamed_room_sends_its_readers_to_the_new_name_with_its_history() {
        RecordingListener bob = new RecordingListener();
        Live.Connection bobs = reader(signUp(core, "bob"), bob, "general");
        Live.Connection writer = reader(ana, new RecordingListener(), "general");
        writer.send(RoomName.of("general"), MessageText.of("one"), new ClientId("a1"));
        writer.send(RoomName.of("general"), MessageText.of("two"), new ClientId("a2"));
        admin.changeRoom(ana, RoomName.of("general"), RoomChange.topic("Say hello"));

        assertThat(admin.changeRoom(ana, RoomName.of("general"), RoomChange.rename("Lobby"))
                        .name())
                .isEqualTo(new RoomName("lobby"));

        Eventually.within(
                WAIT,
                () -> assertThat(bob.of(LiveEvent.RoomClosed.class))
                        .containsExactly(new LiveEvent.RoomClosed(new RoomName("general"), new RoomName("lobby"))));
        assertThat(core.messages()
                        .history(ana, RoomName.of("lobby"), null, new PageSize(10))
                        .messages())
                .extracting(m -> m.id() + " " + m.text().value())
                .containsExactly("2 two", "1 one");
        assertThat(core.rooms().list(ana, null, Rooms.DEFAULT_PAGE).rooms())
                .extracting(r -> r.room().name().value() + " " + r.room().topic())
                .containsExactly("lobby Say hello");
        refused(
                ErrorCode.NO_SUCH_ROOM,
                () -> core.messages().history(ana, RoomName.of("general"), null, new PageSize(10)));

        bobs.join(RoomName.of("lobby"), 2L);
        writer.join(RoomName.of("lobby"), null);
        assertThat(writer.send(RoomName.of("lobby"), MessageText.of("three"), new ClientId("a3"))
                        .message()
                        .id())
                .isEqualTo(3);
        Eventually.within(WAIT, () -> assertThat(bob.messageIds()).containsExactly(1L, 2L, 3L));
    }

    @Test
    void a_room_is_renamed_only_from_a_room_and_onto_a_free_name() {
        core.rooms().create(ana, RoomName.of("random"), Topic.of(""));

        refused(
                ErrorCode.ROOM_EXISTS,
                () -> admin.changeRoom(ana, RoomName.of("general"), RoomChange.rename("random")));
        refused(
                ErrorCode.NO_SUCH_ROOM,
                () -> admin.changeRoom(ana, RoomName.of("nowhere"), RoomChange.rename("lobby")));
        refused(
                ErrorCode.INVALID_ROOM,
                () -> admin.changeRoom(ana, RoomName.of("general"), RoomChange.rename("not a name")));
        assertThat(core.rooms().list(ana, null, Rooms.DEFAULT_PAGE).rooms())
                .extracting(r -> r.room().name().value())
                .containsExactly("general", "random");
    }

    @Test
    void a_topic_is_set_and_cleared() {
        // Seen first with no topic: what is shown after the change must not be that.
        assertThat(core.rooms().find(ana, RoomName.of("general")).room().topic())
                .isEqualTo(Topic.NONE);
        assertThat(admin.changeRoom(ana, RoomName.of("general"), RoomChange.topic("  Say hello "))
                        .topic())
                .isEqualTo(Topic.of("Say hello"));
        assertThat(core.rooms()
                        .list(ana, null, Rooms.DEFAULT_PAGE)
                        .rooms()
                        .get(0)
                        .room()
                        .topic())
                .isEqualTo(Topic.of("Say hello"));
        assertThat(core.rooms().find(ana, RoomName.of("general")).room().topic())
                .isEqualTo(Topic.of("Say hello"));

        assertThat(admin.changeRoom(ana, RoomName.of("general"), RoomChange.topic(""))
                        .topic())
                .isEqualTo(Topic.NONE);
        refused(ErrorCode.NO_SUCH_ROOM, () -> admin.changeRoom(ana, RoomName.of("nowhere"), RoomChange.topic("x")));
        refused(
                ErrorCode.INVALID_TOPIC,
                () -> admin.changeRoom(ana, RoomName.of("general"), RoomChange.topic("two\nlines")));
    }

    @Test
    void a_name_and_a_topic_change_together_or_not_at_all() {
        core.rooms().create(ana, RoomName.of("random"), Topic.of(""));

        assertThat(admin.changeRoom(ana, RoomName.of("general"), RoomChange.of("Lobby", "Say hello")))
                .extracting(r -> r.name().value() + " " + r.topic())
                .isEqualTo("lobby Say hello");
        refused(
                ErrorCode.INVALID_TOPIC,
                () -> admin.changeRoom(ana, RoomName.of("lobby"), RoomChange.of("hall", "two\nlines")));
        refused(
                ErrorCode.ROOM_EXISTS,
                () -> admin.changeRoom(ana, RoomName.of("lobby"), RoomChange.of("random", "Mine now")));

        assertThat(core.rooms().list(ana, null, Rooms.DEFAULT_PAGE).rooms())
                .extracting(r -> r.room().name().value() + " " + r.room().topic())
                .containsExactly("lobby Say hello", "random ");
    }

    @Test
    void a_user_only_in_a_private_or_direct_room_counts_as_online() {
        Principal bob = signUp(core, "bob");
        Principal carol = signUp(core, "carol");
        core.rooms().create(bob, RoomName.of("hideout"), Topic.NONE, RoomKind.PRIVATE);
        RoomName dm =
                core.rooms().openDirect(carol, Set.of(bob.user())).room().room().name();

        reader(bob, new RecordingListener(), "hideout");
        reader(carol, new RecordingListener(), dm.value());

        assertThat(admin.stats(ana).onlineUsers()).isEqualTo(2);
    }

    @Test
    void stats_add_up_what_every_node_reports() {
        core.close();
        InMemoryPresenceStore presence = new InMemoryPresenceStore();
        LocalFanout fanout = new LocalFanout();
        InMemoryAccountStore accounts = new InMemoryAccountStore();
        InMemorySessionStore sessions = new InMemorySessionStore();
        InMemoryRoomStore rooms = new InMemoryRoomStore();
        InMemoryMessageStore messages = new InMemoryMessageStore();
        core = build(ChatCore.inMemory()
                .nodeName("node-a")
                .presenceStore(presence)
                .fanout(fanout)
                .accountStore(accounts)
                .sessionStore(sessions)
                .roomStore(rooms)
                .messageStore(messages));
        ana = admin(core, "ana");
        try (ChatCore nodeB = build(ChatCore.inMemory()
                .nodeName("node-b")
                .presenceStore(presence)
                .fanout(fanout)
                .accountStore(accounts)
                .sessionStore(sessions)
                .roomStore(rooms)
                .messageStore(messages))) {
            Live.Connection anaTab1 = reader(ana, new RecordingListener(), "general");
            reader(ana, new RecordingListener(), "general");
            reader(signUp(core, "bob"), new RecordingListener(), "general");
            core.live().connect(signUp(core, "dan"), new RecordingListener());
            Principal cat = signUp(nodeB, "cat");
            Live.Connection catTab = nodeB.live().connect(cat, new RecordingListener());
            catTab.join(RoomName.of("general"), null);
            for (int i = 1; i <= 3; i++) {
                anaTab1.send(RoomName.of("general"), MessageText.of("from a " + i), new ClientId("a" + i));
            }
            catTab.send(RoomName.of("general"), MessageText.of("from b"), new ClientId("c1"));

            // Node b reports every 5 s; node a's own line is always fresh.
            Eventually.within(
                    Duration.ofSeconds(8),
                    () -> assertThat(core.admin().stats(ana))
                            .isEqualTo(new Admin.Stats(
                                    3,
                                    Map.of(
                                            "node-a", new NodeFigures(4, 2, 3),
                                            "node-b", new NodeFigures(1, 1, 1)),
                                    4)));

            clock.advance(Duration.ofSeconds(61));
            assertThat(core.admin().stats(ana).nodes().get("node-a").messagesLastMinute())
                    .isZero();
        }
    }
}
