package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.MutableClock;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.Members;
import dev.chat.core.port.in.Messages;
import dev.chat.core.port.in.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a bot writes is marked as a bot's wherever it shows, and a webhook's message carries the name it gave. */
class BotMessagesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final RoomName OPS = RoomName.of("ops");
    private static final RoomName TEAM = RoomName.of("team");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private ChatCore core;
    private Principal ana;
    private Principal bob;
    private Principal robo;

    @BeforeEach
    void start() {
        core = ChatCore.inMemory()
                .clock(clock)
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .settings(ChatSettings.defaults().withAdmins(Set.of(new Username("ana"))))
                .build();
        core.operators().createAccount(Username.of("ana"), new Password("ana-password"));
        ana = core.accounts().login("ana", "ana-password").principal();
        core.accounts().register(Username.of("bob"), new Password("bob-password"));
        bob = core.accounts().login("bob", "bob-password").principal();
        core.rooms().create(bob, OPS, Topic.NONE);
        Username bot = core.tokens().createBot(ana, Username.of("robo"));
        robo = tokenOf(core.tokens().createFor(ana, bot, new Tokens.Request("ci", Set.of(), true, null)));
    }

    @AfterEach
    void close() {
        core.close();
    }

    private Principal tokenOf(Tokens.Created created) {
        return core.accounts().authenticate(created.token()).orElseThrow();
    }

    private MessageService messages() {
        return (MessageService) core.messages();
    }

    private List<Message> history(RoomName room) {
        return core.messages().history(bob, room, null, new PageSize(10)).messages();
    }

    @Test
    void a_bot_s_message_is_a_bot_s_in_the_answer_in_history_and_live() {
        RecordingListener reader = new RecordingListener();
        core.live().connect(bob, reader).join(OPS, null);

        Messages.Posted posted = core.messages().post(robo, OPS, MessageText.of("build green"), new ClientId("r1"));

        assertThat(posted.message().bot()).isTrue();
        assertThat(history(OPS))
                .singleElement()
                .satisfies(m -> assertThat(m.bot()).isTrue());
        Eventually.within(
                WAIT,
                () -> assertThat(reader.of(LiveEvent.Delivered.class))
                        .extracting(d -> d.message().bot())
                        .containsExactly(true));
    }

    @Test
    void a_bot_s_message_sent_on_its_connection_is_a_bot_s_too() {
        var connection = core.live().connect(robo, new RecordingListener());
        connection.join(OPS, null);

        Messages.Posted posted = connection.send(OPS, MessageText.of("up"), new ClientId("r2"));

        assertThat(posted.message().bot()).isTrue();
        assertThat(history(OPS)).extracting(Message::bot).containsExactly(true);
    }

    @Test
    void a_person_s_message_is_not_a_bot_s_signed_in_or_through_their_token() {
        Principal bobsToken = tokenOf(core.tokens().create(bob, new Tokens.Request("phone", Set.of(), true, null)));

        Messages.Posted signedIn = core.messages().post(bob, OPS, MessageText.of("hi"), new ClientId("b1"));
        Messages.Posted byToken = core.messages().post(bobsToken, OPS, MessageText.of("hi again"), new ClientId("b2"));

        assertThat(List.of(signedIn, byToken))
                .extracting(p -> p.message().bot())
                .containsExactly(false, false);
        assertThat(history(OPS)).extracting(Message::bot).containsExactly(false, false);
        assertThat(history(OPS)).extracting(Message::via).containsOnlyNulls();
    }

    @Test
    void a_webhook_s_message_keeps_the_name_it_gave_and_a_resend_answers_the_original() {
        Messages.Posted posted = messages().postVia(robo, OPS, MessageText.of("deploy done"), new ClientId("h1"), "ci");
        Messages.Posted again = messages().postVia(robo, OPS, MessageText.of("deploy done"), new ClientId("h1"), "ci");

        assertThat(posted.message().via()).isEqualTo("ci");
        assertThat(posted.message().bot()).isTrue();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.message()).isEqualTo(posted.message());
        assertThat(history(OPS)).singleElement().satisfies(m -> {
            assertThat(m.via()).isEqualTo("ci");
            assertThat(m.bot()).isTrue();
        });
    }

    @Test
    void what_a_message_was_written_as_outlives_its_edits_and_reactions() {
        long id = messages()
                .postVia(robo, OPS, MessageText.of("deploy dne"), new ClientId("h1"), "ci")
                .message()
                .id();

        core.messages().edit(robo, OPS, id, MessageText.of("deploy done"));
        core.messages().react(bob, OPS, id, new dev.chat.core.domain.Emoji("👍"), false);

        assertThat(core.messages().message(bob, OPS, id)).satisfies(m -> {
            assertThat(m.text().value()).isEqualTo("deploy done");
            assertThat(m.bot()).isTrue();
            assertThat(m.via()).isEqualTo("ci");
        });
    }

    @Test
    void a_webhook_name_is_one_short_line() {
        for (String bad : List.of("", " ", "two\nlines", "tab\there", "x".repeat(Message.VIA_MAX_LENGTH + 1))) {
            assertThatThrownBy(() -> messages().postVia(robo, OPS, MessageText.of("hi"), new ClientId("h2"), bad))
                    .as("'%s'", bad)
                    .isInstanceOfSatisfying(
                            ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
        assertThat(history(OPS)).isEmpty();
        assertThat(messages()
                        .postVia(
                                robo, OPS, MessageText.of("hi"), new ClientId("h3"), "x".repeat(Message.VIA_MAX_LENGTH))
                        .message()
                        .via())
                .hasSize(Message.VIA_MAX_LENGTH);
    }

    @Test
    void the_member_list_says_which_members_are_bots() {
        core.rooms().create(bob, TEAM, Topic.NONE, RoomKind.PRIVATE);

        Members.Listed added = core.members().add(bob, TEAM, Username.of("robo"));

        assertThat(added.bot()).isTrue();
        assertThat(core.members().list(bob, TEAM, null, Members.DEFAULT_PAGE).members())
                .extracting(l -> l.member().user().value(), Members.Listed::bot)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("bob", false),
                        org.assertj.core.groups.Tuple.tuple("robo", true));
    }
}
