package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Reactions;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.InMemoryMessageStore;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.MessageStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Edits, deletions, reactions and replies, and what a reader that was away gets of them when it comes back. */
class MessageChangesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final RoomName GENERAL = RoomName.of("general");
    private static final Emoji THUMBS_UP = new Emoji("👍");

    /**
     * A fan-out that can lose every change event (the hub then reads them from the store), or hold every event back,
     * as the fan-out between nodes delays them.
     */
    private static final class LossyFanout implements Fanout {
        final LocalFanout inner = new LocalFanout();
        volatile boolean loseChanges;
        final List<ChatEvent> held = new ArrayList<>();
        boolean hold;

        @Override
        public synchronized void publish(ChatEvent event) {
            if (hold) {
                held.add(event);
            } else if (!(loseChanges && event instanceof ChatEvent.MessageChanged)) {
                inner.publish(event);
            }
        }

        synchronized void release() {
            hold = false;
            held.forEach(inner::publish);
            held.clear();
        }

        /** Passes on the held events of the message at {@code position} only; the others stay held. */
        synchronized void releaseOnly(long position) {
            held.removeIf(event -> {
                boolean match = event instanceof ChatEvent.MessagePosted p
                        && p.message().id() == position;
                if (match) {
                    inner.publish(event);
                }
                return match;
            });
        }

        @Override
        public Subscription subscribe(String topic, Subscriber subscriber) {
            return inner.subscribe(topic, subscriber);
        }
    }

    private final LossyFanout fanout = new LossyFanout();
    private final ChatCore core = ChatCore.inMemory()
            .fanout(fanout)
            .passwordHasher(new Pbkdf2PasswordHasher(1))
            .settings(ChatSettings.defaults().withRateLimitPer10s(0))
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

    private long post(Principal who, String text) {
        return core.messages()
                .post(who, GENERAL, MessageText.of(text), new ClientId(text.replace(' ', '-')))
                .message()
                .id();
    }

    private static void refused(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ChatException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    /** The messages as a client is given them. */
    private static List<LiveEvent> delivered(List<Message> messages) {
        return messages.stream()
                .map(m -> (LiveEvent) new LiveEvent.Delivered(m))
                .toList();
    }

    private List<Message> storeView() {
        List<Message> newestFirst =
                core.messages().history(ana, GENERAL, null, new PageSize(100)).messages();
        List<Message> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    @Test
    void an_author_edits_their_message_which_keeps_its_id_and_readers_see_the_new_text() {
        RecordingListener reader = new RecordingListener();
        core.live().connect(bob, reader).join(GENERAL, null);
        long id = post(ana, "helo");

        Message edited = core.messages().edit(ana, GENERAL, id, MessageText.of("hello"));

        assertThat(edited.id()).isEqualTo(id);
        assertThat(edited.text().value()).isEqualTo("hello");
        assertThat(edited.edited()).isNotNull();
        assertThat(edited.seq()).isGreaterThan(id);
        Eventually.within(
                WAIT,
                () -> assertThat(reader.of(LiveEvent.Changed.class))
                        .singleElement()
                        .satisfies(c -> {
                            assertThat(c.change().kind()).isEqualTo(ChangeKind.EDITED);
                            assertThat(c.change().message()).isEqualTo(edited);
                        }));
        assertThat(storeView()).containsExactly(edited);
        assertThat(core.messages().edit(ana, GENERAL, id, MessageText.of("hello")))
                .as("the same text again changes nothing")
                .isEqualTo(edited);
    }

    @Test
    void only_the_author_edits_and_nobody_edits_what_is_gone() {
        long id = post(ana, "mine");

        refused(ErrorCode.FORBIDDEN, () -> core.messages().edit(bob, GENERAL, id, MessageText.of("yours now")));
        core.messages().delete(ana, GENERAL, id);
        refused(ErrorCode.NO_SUCH_MESSAGE, () -> core.messages().edit(ana, GENERAL, id, MessageText.of("back")));
        refused(ErrorCode.NO_SUCH_MESSAGE, () -> core.messages().edit(ana, GENERAL, 99, MessageText.of("never")));
    }

    @Test
    void an_author_deletes_their_own_message_but_not_someone_else_s_unless_they_moderate() {
        RoomName team = RoomName.of("team");
        core.rooms().create(ana, team, Topic.NONE, RoomKind.PRIVATE);
        core.members().add(ana, team, bob.user());
        long anas = core.messages()
                .post(ana, team, MessageText.of("from the owner"), new ClientId("a1"))
                .message()
                .id();
        long bobs = core.messages()
                .post(bob, team, MessageText.of("oops"), new ClientId("b1"))
                .message()
                .id();

        refused(ErrorCode.FORBIDDEN, () -> core.messages().delete(bob, team, anas));
        core.messages().delete(bob, team, bobs);
        refused(ErrorCode.NO_SUCH_MESSAGE, () -> core.messages().delete(bob, team, bobs));
        Principal carol = signUp("carol");
        refused(ErrorCode.NO_SUCH_ROOM, () -> core.messages().delete(carol, team, anas));
        refused(ErrorCode.NO_SUCH_ROOM, () -> core.messages().react(carol, team, anas, THUMBS_UP, false));
        refused(ErrorCode.NO_SUCH_ROOM, () -> core.messages().edit(carol, team, anas, MessageText.of("x")));
        refused(ErrorCode.NO_SUCH_ROOM, () -> core.messages().message(carol, team, anas));
    }

    @Test
    void reactions_count_one_per_person_and_emoji_and_at_most_twenty_kinds() {
        long id = post(ana, "react to me");

        core.messages().react(bob, GENERAL, id, THUMBS_UP, false);
        core.messages().react(bob, GENERAL, id, THUMBS_UP, false);
        Message reacted = core.messages().react(ana, GENERAL, id, THUMBS_UP, false);

        assertThat(reacted.reactions().byEmoji()).isEqualTo(Map.of(THUMBS_UP, List.of(bob.user(), ana.user())));
        Message removed = core.messages().react(bob, GENERAL, id, THUMBS_UP, true);
        assertThat(removed.reactions().byEmoji()).isEqualTo(Map.of(THUMBS_UP, List.of(ana.user())));
        String[] kinds = {
            "😀", "😁", "😂", "🤣", "😃", "😄", "😅", "😆", "😉", "😊", "😋", "😎", "😍", "😘", "🥰", "😗", "😙", "😚",
            "🙂"
        };
        for (String kind : kinds) {
            core.messages().react(bob, GENERAL, id, new Emoji(kind), false);
        }
        assertThat(core.messages().message(bob, GENERAL, id).reactions().byEmoji())
                .hasSize(Reactions.MAX_DISTINCT);
        refused(ErrorCode.TOO_MANY_REACTIONS, () -> core.messages().react(bob, GENERAL, id, new Emoji("🤔"), false));
        core.messages().react(ana, GENERAL, id, new Emoji("😀"), false);
    }

    @Test
    void changes_count_against_the_sender_s_rate_as_messages_do() {
        ChatCore limited = ChatCore.inMemory()
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .settings(ChatSettings.defaults().withRateLimitPer10s(3))
                .build();
        try (limited) {
            limited.accounts().register(Username.of("dan"), new Password("dan-password"));
            Principal dan = limited.accounts().login("dan", "dan-password").principal();
            long id = limited.messages()
                    .post(dan, GENERAL, MessageText.of("hi"), new ClientId("d1"))
                    .message()
                    .id();
            limited.messages().react(dan, GENERAL, id, THUMBS_UP, false);
            limited.messages().react(dan, GENERAL, id, THUMBS_UP, false); // nothing to change: not counted
            limited.messages().edit(dan, GENERAL, id, MessageText.of("hi!"));

            refused(ErrorCode.RATE_LIMITED, () -> limited.messages().react(dan, GENERAL, id, THUMBS_UP, true));
        }
    }

    @Test
    void a_reply_names_an_earlier_message_that_is_there() {
        long question = post(ana, "lunch?");

        Message answer = core.messages()
                .post(bob, GENERAL, MessageText.of("yes"), new ClientId("b1"), question)
                .message();

        assertThat(answer.replyTo()).isEqualTo(question);
        refused(
                ErrorCode.NO_SUCH_MESSAGE,
                () -> core.messages().post(bob, GENERAL, MessageText.of("to nothing"), new ClientId("b2"), 99L));
        core.messages().delete(ana, GENERAL, question);
        assertThat(core.messages()
                        .post(bob, GENERAL, MessageText.of("yes"), new ClientId("b1"), question)
                        .duplicate())
                .as("a resend is answered, whatever became of the message it replies to")
                .isTrue();
    }

    @Test
    void a_reader_that_was_away_comes_back_to_exactly_the_store_s_view() {
        long one = post(ana, "one");
        long two = post(ana, "two");
        long three = post(bob, "three");
        RecordingListener before = new RecordingListener();
        Live.Connection away = core.live().connect(bob, before);
        away.join(GENERAL, 0L);
        ClientView view = new ClientView();
        Eventually.within(WAIT, () -> assertThat(before.messageIds()).containsExactly(one, two, three));
        view.apply(before.events);
        away.close();

        core.messages().edit(ana, GENERAL, one, MessageText.of("one, edited"));
        core.messages().react(ana, GENERAL, one, THUMBS_UP, false);
        core.messages().edit(ana, GENERAL, one, MessageText.of("one, edited twice"));
        core.messages().delete(ana, GENERAL, two);
        long four = post(ana, "four");
        core.messages().edit(ana, GENERAL, four, MessageText.of("four, edited"));
        long five = post(bob, "five");
        core.messages().delete(bob, GENERAL, five);
        core.messages().react(ana, GENERAL, three, THUMBS_UP, false);
        core.messages().react(ana, GENERAL, three, THUMBS_UP, true);

        RecordingListener after = new RecordingListener();
        core.live().connect(bob, after).join(GENERAL, view.position());
        Eventually.within(
                WAIT, () -> assertThat(after.of(LiveEvent.Joined.class)).hasSize(1));
        view.apply(after.events);

        assertThat(view.messages()).isEqualTo(storeView());
        assertThat(after.of(LiveEvent.Changed.class))
                .as("each changed message once, in its latest state")
                .extracting(c -> c.change().message().id())
                .containsExactly(one, two, three);
        assertThat(after.of(LiveEvent.Joined.class).get(0).recovered()).isEqualTo(4);
    }

    /**
     * A client that saw a message on another node, and comes here ahead of this node's feed, is owed every change
     * to it after its position, even when this node's feed catches up by reading the message from the store in a
     * state that already holds the change (and so passes over the change's own position).
     */
    @Test
    void a_client_ahead_of_this_node_gets_a_change_the_feed_read_back_inside_a_message() {
        RecordingListener bob = new RecordingListener();
        core.live().connect(this.bob, bob).join(GENERAL, 0L);
        post(ana, "one");
        fanout.hold = true; // this node hears nothing more for now
        long two = post(ana, "two");
        ClientView carol = new ClientView();
        // What carol saw on the other node, before the reaction.
        carol.apply(delivered(storeView()));
        core.messages().react(this.bob, GENERAL, two, THUMBS_UP, false);

        RecordingListener carolHere = new RecordingListener();
        core.live().connect(signUp("carol"), carolHere).join(GENERAL, carol.position());
        // The join finds the store ahead of this node's feed, which reads "two" back with the reaction in it.
        Eventually.within(
                WAIT,
                () -> assertThat(bob.events)
                        .filteredOn(e -> e instanceof LiveEvent.Delivered d
                                && d.message().id() == two)
                        .singleElement()
                        .satisfies(e -> assertThat(
                                        ((LiveEvent.Delivered) e).message().reactions())
                                .isNotEqualTo(Reactions.NONE)));
        fanout.release();
        post(ana, "three");

        Eventually.within(WAIT, () -> {
            ClientView now = new ClientView();
            now.apply(delivered(carol.messages()));
            now.apply(carolHere.events);
            assertThat(now.messages()).as("carol's view").isEqualTo(storeView());
        });
        assertThat(carolHere.of(LiveEvent.Changed.class))
                .as("carol: the reaction, as a change of \"two\" at its position")
                .singleElement()
                .satisfies(c -> assertThat(c.change().seq()).isEqualTo(two + 1));
        assertThat(bob.events)
                .as("bob had \"two\" with the reaction in it: nothing more of it")
                .filteredOn(e -> e instanceof LiveEvent.Changed)
                .isEmpty();
    }

    /**
     * The same with a deletion: read from the store, a deleted message and its deletion are both left out, so a feed
     * that caught up past them from before the message had nothing to tell a client that has it.
     */
    @Test
    void a_client_ahead_of_this_node_gets_a_deletion_the_feed_read_past() throws Exception {
        RecordingListener bob = new RecordingListener();
        core.live().connect(this.bob, bob).join(GENERAL, 0L);
        post(ana, "one");
        fanout.hold = true; // this node hears nothing more for now
        long two = post(ana, "two");
        ClientView carol = new ClientView();
        // What carol saw on the other node, before the deletion.
        carol.apply(delivered(storeView()));
        core.messages().delete(ana, GENERAL, two);

        RecordingListener carolHere = new RecordingListener();
        core.live().connect(signUp("carol"), carolHere).join(GENERAL, carol.position());
        Eventually.within(
                WAIT, () -> assertThat(carolHere.of(LiveEvent.Joined.class)).hasSize(1));
        Thread.sleep(3 * RoomHub.FILL_DELAY_MS); // time for this node's feed to catch up from the store
        fanout.release();
        post(ana, "three");

        Eventually.within(WAIT, () -> {
            ClientView now = new ClientView();
            now.apply(delivered(carol.messages()));
            now.apply(carolHere.events);
            assertThat(now.messages()).as("carol's view").isEqualTo(storeView());
        });
        assertThat(bob.messageIds()).as("bob never had \"two\"").doesNotContain(two);
    }

    /**
     * A store read that the feed moved past while it was made is not used: it gave the messages after where the feed
     * stood as they are now, a deleted one left out with its deletion, and a member that meanwhile received that
     * message live would never learn it was deleted.
     */
    @Test
    void a_store_read_the_feed_moved_past_while_it_was_made_is_read_again() throws Exception {
        CountDownLatch readStarted = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        InMemoryMessageStore real = new InMemoryMessageStore();
        AtomicBoolean gated = new AtomicBoolean();
        MessageStore slow = (MessageStore) Proxy.newProxyInstance(
                MessageStore.class.getClassLoader(), new Class<?>[] {MessageStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("after") && gated.compareAndSet(true, false)) {
                        readStarted.countDown();
                        goOn.await();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        LossyFanout bus = new LossyFanout();
        try (ChatCore node = ChatCore.inMemory()
                .fanout(bus)
                .messageStore(slow)
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .settings(ChatSettings.defaults().withRateLimitPer10s(0))
                .build()) {
            node.accounts().register(Username.of("ana"), new Password("ana-password"));
            node.accounts().register(Username.of("bob"), new Password("bob-password"));
            Principal ana = node.accounts().login("ana", "ana-password").principal();
            Principal bob = node.accounts().login("bob", "bob-password").principal();
            RecordingListener reader = new RecordingListener();
            node.live().connect(bob, reader).join(GENERAL, 0L);
            node.messages().post(ana, GENERAL, MessageText.of("one"), new ClientId("one"));
            bus.hold = true;
            long two = node.messages()
                    .post(ana, GENERAL, MessageText.of("two"), new ClientId("two"))
                    .message()
                    .id();
            node.messages().delete(ana, GENERAL, two);
            long three = node.messages()
                    .post(ana, GENERAL, MessageText.of("three"), new ClientId("three"))
                    .message()
                    .id();

            gated.set(true);
            bus.releaseOnly(three); // the feed sees a hole before "three" and reads it from the store...
            assertThat(readStarted.await(5, TimeUnit.SECONDS)).isTrue();
            bus.releaseOnly(two); // ...while "two" reaches it live, before its deletion
            Eventually.within(WAIT, () -> assertThat(reader.messageIds()).contains(two));
            goOn.countDown();

            Eventually.within(WAIT, () -> {
                ClientView view = new ClientView();
                view.apply(reader.events);
                assertThat(view.messages())
                        .extracting(m -> m.text().value())
                        .as("bob's view: \"two\" was deleted")
                        .containsExactly("one", "three");
            });
        }
    }

    @Test
    void a_live_reader_gets_changes_the_fan_out_lost_from_the_store() {
        RecordingListener reader = new RecordingListener();
        core.live().connect(bob, reader).join(GENERAL, 0L);
        long one = post(ana, "one");
        ClientView view = new ClientView();

        fanout.loseChanges = true;
        core.messages().edit(ana, GENERAL, one, MessageText.of("one, edited"));
        core.messages().react(bob, GENERAL, one, THUMBS_UP, false);
        fanout.loseChanges = false;
        post(ana, "two");

        Eventually.within(WAIT, () -> {
            ClientView now = new ClientView();
            now.apply(reader.events);
            assertThat(now.messages()).isEqualTo(storeView());
        });
        view.apply(reader.events);
        assertThat(reader.of(LiveEvent.Changed.class))
                .as("the edit was superseded by the reaction before the hub read it")
                .hasSize(1);
    }
}
