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
import dev.chat.core.domain.ReadState;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.Reads;
import dev.chat.core.port.in.Rooms;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Read markers kept by the server for every device of a user, and mentions. */
class ReadsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final RoomName GENERAL = RoomName.of("general");

    private final ChatCore core = ChatCore.inMemory()
            .passwordHasher(new Pbkdf2PasswordHasher(1))
            .settings(ChatSettings.defaults().withRateLimitPer10s(0).withGuestsAllowed(true))
            .build();
    private final Principal ana = signUp("ana");
    private final Principal bob = signUp("bob");

    @AfterEach
    void close() {
        core.close();
    }

    private Principal signUp(String name) {
        core.accounts().register(Username.of(name), new Password(name + "-password"));
        return core.accounts().login(name, name + "-password").principal();
    }

    private Message post(Principal who, RoomName room, String text) {
        return core.messages()
                .post(who, room, MessageText.of(text), new ClientId(Integer.toHexString(text.hashCode())))
                .message();
    }

    private ReadState readStateOf(Principal who, RoomName room) {
        return core.rooms().find(who, room).read().orElseThrow();
    }

    @Test
    void unread_counts_the_others_messages_after_the_marker_and_reading_on_one_connection_tells_the_others() {
        Live.Connection phone = core.live().connect(bob, new RecordingListener());
        phone.join(GENERAL, null); // bob is a member of general now
        RecordingListener laptop = new RecordingListener();
        core.live().connect(bob, laptop);
        Message one = post(ana, GENERAL, "one");
        post(bob, GENERAL, "mine does not count");
        Message three = post(ana, GENERAL, "three");

        assertThat(readStateOf(bob, GENERAL)).isEqualTo(new ReadState(GENERAL, 0, 2, 0));
        ReadState state = phone.read(GENERAL, one.id());

        assertThat(state).isEqualTo(new ReadState(GENERAL, one.id(), 1, 0));
        Eventually.within(
                WAIT,
                () -> assertThat(laptop.of(LiveEvent.ReadStateChanged.class))
                        .extracting(LiveEvent.ReadStateChanged::state)
                        .containsExactly(state));
        assertThat(readStateOf(bob, GENERAL)).isEqualTo(state);
        phone.read(GENERAL, 0);
        assertThat(readStateOf(bob, GENERAL).readUpTo()).as("never back").isEqualTo(one.id());
        assertThat(phone.read(GENERAL, 1_000_000).readUpTo())
                .as("not past the newest")
                .isEqualTo(three.id());
    }

    @Test
    void a_newcomer_to_a_room_with_history_starts_with_nothing_unread() {
        post(ana, GENERAL, "said before bob came");
        post(ana, GENERAL, "and this too");

        core.live().connect(bob, new RecordingListener()).join(GENERAL, null);

        assertThat(readStateOf(bob, GENERAL).unread()).isZero();
        post(ana, GENERAL, "after");
        assertThat(readStateOf(bob, GENERAL).unread()).isEqualTo(1);
    }

    @Test
    void a_guest_has_no_read_state_and_a_stranger_no_room() {
        Principal guest = core.accounts().continueAsGuest().principal();
        assertThatThrownBy(() -> core.reads().markRead(guest, GENERAL, 1))
                .isInstanceOfSatisfying(
                        ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        RoomName team = RoomName.of("team");
        core.rooms().create(ana, team, Topic.NONE, RoomKind.PRIVATE);
        assertThatThrownBy(() -> core.reads().markRead(bob, team, 1))
                .isInstanceOfSatisfying(
                        ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_ROOM));
    }

    @Test
    void a_named_reader_is_mentioned_on_every_connection_whatever_room_it_has_open() {
        RoomName random = RoomName.of("random");
        core.rooms().create(ana, random, Topic.NONE);
        RecordingListener elsewhere = new RecordingListener();
        core.live().connect(bob, elsewhere).join(random, null);
        RecordingListener idle = new RecordingListener();
        core.live().connect(bob, idle);
        core.live().connect(bob, new RecordingListener()).join(GENERAL, null);

        Message called = post(ana, GENERAL, "@bob can you look? @nobody-here too, and @ana myself");

        Eventually.within(WAIT, () -> {
            assertThat(elsewhere.of(LiveEvent.Mentioned.class))
                    .extracting(LiveEvent.Mentioned::message)
                    .containsExactly(called);
            assertThat(idle.of(LiveEvent.Mentioned.class)).hasSize(1);
        });
        List<Reads.MentionItem> mine = core.reads().mentions(bob, new PageSize(10));
        assertThat(mine).containsExactly(new Reads.MentionItem(called, true));
        assertThat(core.reads().mentions(ana, new PageSize(10)))
                .as("never oneself")
                .isEmpty();
        assertThat(readStateOf(bob, GENERAL).mentions()).isEqualTo(1);
        core.reads().markRead(bob, GENERAL, called.id());
        assertThat(core.reads().mentions(bob, new PageSize(10))).containsExactly(new Reads.MentionItem(called, false));
        assertThat(readStateOf(bob, GENERAL).mentions()).isZero();
    }

    @Test
    void a_private_room_mentions_only_its_members_and_at_room_only_from_a_moderator() {
        RoomName team = RoomName.of("team");
        core.rooms().create(ana, team, Topic.NONE, RoomKind.PRIVATE);
        core.members().add(ana, team, bob.user());
        Principal carol = signUp("carol");
        core.members().add(ana, team, carol.user());
        Principal dave = signUp("dave");
        RecordingListener daves = new RecordingListener();
        core.live().connect(dave, daves);

        post(bob, team, "@room from a member, @dave is not in here");
        Message fromOwner = post(ana, team, "@room from the owner");

        Eventually.within(
                WAIT,
                () -> assertThat(core.reads().mentions(carol, new PageSize(10)))
                        .extracting(Reads.MentionItem::message)
                        .containsExactly(fromOwner));
        assertThat(core.reads().mentions(dave, new PageSize(10))).isEmpty();
        assertThat(daves.events).as("a stranger learns nothing of the room").isEmpty();
        core.members().setRole(ana, team, bob.user(), Role.MODERATOR);
        Message fromModerator = post(bob, team, "@room from a moderator");
        Eventually.within(
                WAIT,
                () -> assertThat(core.reads().mentions(carol, new PageSize(10)))
                        .extracting(Reads.MentionItem::message)
                        .containsExactly(fromModerator, fromOwner));
    }

    @Test
    void editing_a_name_in_mentions_them_and_editing_it_out_or_deleting_takes_it_back() {
        Message plain = post(ana, GENERAL, "who can help?");
        RecordingListener bobs = new RecordingListener();
        core.live().connect(bob, bobs);

        Message named = core.messages().edit(ana, GENERAL, plain.id(), MessageText.of("who can help? @bob"));

        Eventually.within(
                WAIT,
                () -> assertThat(bobs.of(LiveEvent.Mentioned.class))
                        .extracting(m -> m.message().id())
                        .containsExactly(named.id()));
        Eventually.within(
                WAIT,
                () -> assertThat(core.reads().mentions(bob, new PageSize(10))).hasSize(1));
        core.messages().edit(ana, GENERAL, plain.id(), MessageText.of("never mind"));
        Eventually.within(
                WAIT,
                () -> assertThat(core.reads().mentions(bob, new PageSize(10))).isEmpty());
        Message again = post(ana, GENERAL, "@bob now really");
        Eventually.within(
                WAIT,
                () -> assertThat(core.reads().mentions(bob, new PageSize(10))).hasSize(1));
        core.messages().delete(ana, GENERAL, again.id());
        Eventually.within(
                WAIT,
                () -> assertThat(core.reads().mentions(bob, new PageSize(10))).isEmpty());
    }

    @Test
    void the_room_list_carries_each_member_room_s_read_state() {
        core.live().connect(bob, new RecordingListener()).join(GENERAL, null);
        post(ana, GENERAL, "hi @bob");

        Eventually.within(WAIT, () -> {
            Rooms.RoomSummary general = core.rooms().list(bob, null, new PageSize(10)).rooms().stream()
                    .filter(r -> r.room().name().equals(GENERAL))
                    .findFirst()
                    .orElseThrow();
            assertThat(general.read()).contains(new ReadState(GENERAL, 0, 1, 1));
        });
    }
}
