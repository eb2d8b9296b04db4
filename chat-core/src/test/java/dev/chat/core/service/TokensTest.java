package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.AccessToken;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.TokenId;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.MutableClock;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.in.Admin;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.Rooms;
import dev.chat.core.port.in.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Access tokens and bots, as the programs that use them and the people who make them notice. */
class TokensTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final RoomName GENERAL = RoomName.of("general");
    private static final RoomName OPS = RoomName.of("ops");
    private static final RoomName SECRET = RoomName.of("secret");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private ChatCore core;
    private Tokens tokens;
    private Principal ana;
    private Principal bob;

    @BeforeEach
    void start() {
        core = ChatCore.inMemory()
                .clock(clock)
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .settings(ChatSettings.defaults().withAdmins(Set.of(new Username("ana"))))
                .build();
        tokens = core.tokens();
        core.operators().createAccount(Username.of("ana"), new Password("ana-password"));
        ana = core.accounts().login("ana", "ana-password").principal();
        core.accounts().register(Username.of("bob"), new Password("bob-password"));
        bob = core.accounts().login("bob", "bob-password").principal();
        core.rooms().create(bob, OPS, Topic.NONE);
        core.rooms().create(bob, SECRET, Topic.NONE, RoomKind.PRIVATE);
        core.messages().post(bob, OPS, MessageText.of("deploy at noon"), new ClientId("b1"));
        core.messages().post(bob, SECRET, MessageText.of("the plan"), new ClientId("b2"));
        core.messages().post(bob, GENERAL, MessageText.of("hello"), new ClientId("b3"));
    }

    @AfterEach
    void close() {
        core.close();
    }

    private Principal signedIn(Tokens.Created created) {
        return core.accounts().authenticate(created.token()).orElseThrow();
    }

    private static Tokens.Request request(Set<RoomName> rooms, boolean write) {
        return new Tokens.Request("ci", rooms, write, null);
    }

    private static void refused(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ChatException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private int history(Principal who, RoomName room) {
        return core.messages()
                .history(who, room, null, new PageSize(10))
                .messages()
                .size();
    }

    /**
     * The stores keep times to the millisecond: a token's times as its creation answers them are the ones every list
     * gives later, on a clock finer than that too.
     */
    @Test
    void a_token_s_times_are_given_to_the_millisecond_as_the_stores_keep_them() {
        clock.advance(Duration.ofNanos(123_456_789));
        Instant expiry = Instant.parse("2027-01-01T00:00:00.123456789Z");

        Tokens.Created created = tokens.create(bob, new Tokens.Request("ci", Set.of(), true, expiry));

        assertThat(created.about().createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
        assertThat(created.about().expiresAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00.123Z"));
        assertThat(tokens.list(bob)).singleElement().isEqualTo(created.about());
    }

    @Test
    void a_token_limited_to_one_room_reads_and_writes_it_and_finds_no_other() {
        Principal token = signedIn(tokens.create(bob, request(Set.of(OPS), true)));

        assertThat(history(token, OPS)).isEqualTo(1);
        core.messages().post(token, OPS, MessageText.of("deployed"), new ClientId("t1"));
        assertThat(history(bob, OPS)).isEqualTo(2);
        // Rooms its owner may see, answered as rooms that do not exist.
        refused(ErrorCode.NO_SUCH_ROOM, () -> history(token, GENERAL));
        refused(ErrorCode.NO_SUCH_ROOM, () -> history(token, SECRET));
        refused(ErrorCode.NO_SUCH_ROOM, () -> core.rooms().find(token, SECRET));
        refused(
                ErrorCode.NO_SUCH_ROOM,
                () -> core.messages().post(token, GENERAL, MessageText.of("hi"), new ClientId("t2")));
        refused(
                ErrorCode.NO_SUCH_ROOM,
                () -> core.live().connect(token, new RecordingListener()).join(SECRET, null));
        assertThat(core.rooms().list(token, null, Rooms.DEFAULT_PAGE).rooms())
                .extracting(r -> r.room().name())
                .containsExactly(OPS);
        refused(ErrorCode.FORBIDDEN, () -> core.rooms().create(token, RoomName.of("more"), Topic.NONE));
    }

    @Test
    void a_token_for_every_room_reaches_what_its_owner_reaches_and_no_more() {
        Principal token = signedIn(tokens.create(bob, request(Set.of(), true)));

        assertThat(history(token, SECRET)).isEqualTo(1);
        assertThat(core.rooms().list(token, null, Rooms.DEFAULT_PAGE).rooms())
                .extracting(r -> r.room().name())
                .containsExactly(GENERAL, OPS, SECRET);
        // Cy's token does not see bob's private room: a token never reaches more than its owner.
        Principal cys = signedIn(tokens.create(signUpCy(), request(Set.of(), true)));
        refused(ErrorCode.NO_SUCH_ROOM, () -> history(cys, SECRET));
    }

    private Principal signUpCy() {
        core.accounts().register(Username.of("cyd"), new Password("cyd-password"));
        return core.accounts().login("cyd", "cyd-password").principal();
    }

    @Test
    void a_read_only_token_reads_and_changes_nothing() {
        Principal reader = signedIn(tokens.create(bob, request(Set.of(), false)));

        assertThat(history(reader, OPS)).isEqualTo(1);
        refused(ErrorCode.FORBIDDEN, () -> core.messages().post(reader, OPS, MessageText.of("x"), new ClientId("r1")));
        refused(ErrorCode.FORBIDDEN, () -> core.messages().delete(reader, OPS, 1));
        refused(ErrorCode.FORBIDDEN, () -> core.members().add(reader, SECRET, Username.of("ana")));
        refused(ErrorCode.FORBIDDEN, () -> core.rooms().delete(reader, OPS));
        refused(ErrorCode.FORBIDDEN, () -> core.rooms().create(reader, RoomName.of("more"), Topic.NONE));
        // Over a live connection too, in a room it joined.
        Live.Connection live = core.live().connect(reader, new RecordingListener());
        live.join(OPS, null);
        refused(ErrorCode.FORBIDDEN, () -> live.send(OPS, MessageText.of("x"), new ClientId("r2"), null));
        refused(ErrorCode.FORBIDDEN, () -> live.typing(OPS, false));
        assertThat(history(bob, OPS)).isEqualTo(1);
    }

    @Test
    void a_room_a_person_cannot_see_cannot_be_put_in_their_token() {
        Principal cy = signUpCy();
        refused(ErrorCode.NO_SUCH_ROOM, () -> tokens.create(cy, request(Set.of(SECRET), true)));
        refused(ErrorCode.NO_SUCH_ROOM, () -> tokens.create(bob, request(Set.of(RoomName.of("nowhere")), true)));
    }

    @Test
    void what_only_the_person_may_do_needs_their_session_not_a_token() {
        Principal token = signedIn(tokens.create(ana, request(Set.of(), true)));

        refused(ErrorCode.FORBIDDEN, () -> tokens.create(token, request(Set.of(), true)));
        refused(ErrorCode.FORBIDDEN, () -> tokens.list(token));
        refused(
                ErrorCode.FORBIDDEN,
                () -> core.accounts()
                        .changePassword(token, "ana-password", new Password("new-password-1"), ClientAddress.UNKNOWN));
        // The admin's own token is not an admin's.
        refused(ErrorCode.FORBIDDEN, () -> core.admin().users(token));
        refused(ErrorCode.FORBIDDEN, () -> tokens.createBot(token, Username.of("robo")));
    }

    @Test
    void tokens_are_listed_newest_first_without_secrets_and_revoked_one_by_one() {
        Tokens.Created first = tokens.create(bob, new Tokens.Request("first", Set.of(OPS), false, null));
        clock.advance(Duration.ofSeconds(1));
        Tokens.Created second = tokens.create(bob, new Tokens.Request("second", Set.of(), true, null));

        assertThat(tokens.list(bob)).extracting(AccessToken::name).containsExactly("second", "first");
        assertThat(tokens.list(ana)).isEmpty();
        refused(
                ErrorCode.NO_SUCH_TOKEN,
                () -> tokens.revoke(ana, new TokenId(first.about().id())));

        tokens.revoke(bob, new TokenId(first.about().id()));

        assertThat(core.accounts().authenticate(first.token())).isEmpty();
        assertThat(core.accounts().authenticate(second.token())).isPresent();
        assertThat(tokens.list(bob)).extracting(AccessToken::name).containsExactly("second");
        refused(
                ErrorCode.NO_SUCH_TOKEN,
                () -> tokens.revoke(bob, new TokenId(first.about().id())));
    }

    @Test
    void last_use_is_recorded() {
        Tokens.Created created = tokens.create(bob, request(Set.of(), true));
        assertThat(tokens.list(bob).get(0).lastUsed()).isNull();

        clock.advance(Duration.ofMinutes(5));
        core.accounts().authenticate(created.token());

        assertThat(tokens.list(bob).get(0).lastUsed()).isEqualTo(clock.instant());
    }

    @Test
    void revoking_a_token_closes_its_connections() {
        Tokens.Created created = tokens.create(bob, request(Set.of(OPS), true));
        RecordingListener listener = new RecordingListener();
        Live.Connection connection = core.live().connect(signedIn(created), listener);
        connection.join(OPS, null);

        tokens.revoke(bob, new TokenId(created.about().id()));

        Eventually.within(WAIT, () -> assertThat(listener.closedBecause).isEqualTo(Live.Ending.SIGNED_OUT));
    }

    @Test
    void an_expired_token_stops_working_and_its_connections_close() {
        Tokens.Created created = tokens.create(
                bob,
                new Tokens.Request("for a day", Set.of(), true, clock.instant().plus(Duration.ofDays(1))));
        RecordingListener listener = new RecordingListener();
        core.live().connect(signedIn(created), listener).join(OPS, null);

        clock.advance(Duration.ofDays(1));
        ((LiveService) core.live()).checkSessions();

        assertThat(core.accounts().authenticate(created.token())).isEmpty();
        Eventually.within(WAIT, () -> assertThat(listener.closedBecause).isEqualTo(Live.Ending.EXPIRED));
        refused(
                ErrorCode.BAD_REQUEST,
                () -> tokens.create(
                        bob,
                        new Tokens.Request(
                                "past", Set.of(), true, clock.instant().minusSeconds(1))));
    }

    @Test
    void a_banned_owner_s_tokens_stop_working() {
        Tokens.Created created = tokens.create(bob, request(Set.of(), true));

        core.admin().ban(ana, Username.of("bob"));

        assertThat(core.accounts().authenticate(created.token())).isEmpty();
        core.admin().unban(ana, Username.of("bob"));
        assertThat(core.accounts().authenticate(created.token())).isPresent();
    }

    @Test
    void an_admin_makes_a_bot_that_has_no_password_and_posts_with_its_token() {
        Username robo = tokens.createBot(ana, Username.of("robo"));
        refused(ErrorCode.FORBIDDEN, () -> tokens.createBot(bob, Username.of("robo2")));
        refused(ErrorCode.NAME_TAKEN, () -> tokens.createBot(ana, Username.of("bob")));
        refused(ErrorCode.NO_SUCH_USER, () -> tokens.createFor(ana, Username.of("bob"), request(Set.of(), true)));

        Tokens.Created created = tokens.createFor(ana, robo, request(Set.of(OPS), true));
        Principal bot = signedIn(created);
        core.messages().post(bot, OPS, MessageText.of("build green"), new ClientId("r1"));

        assertThat(core.messages().history(bob, OPS, null, new PageSize(10)).messages())
                .extracting(m -> m.author().value())
                .contains("robo");
        assertThat(core.admin().users(ana))
                .filteredOn(u -> u.user().equals(robo))
                .extracting(Admin.UserSummary::bot)
                .containsExactly(true);
        refused(ErrorCode.INVALID_CREDENTIALS, () -> core.accounts().login("robo", "!bot"));
        refused(ErrorCode.BAD_REQUEST, () -> core.admin().issueReset(ana, robo));
        assertThat(tokens.listOf(ana, robo))
                .extracting(AccessToken::id)
                .containsExactly(created.about().id());
        tokens.revokeOf(ana, robo, new TokenId(created.about().id()));
        assertThat(core.accounts().authenticate(created.token())).isEmpty();
    }
}
