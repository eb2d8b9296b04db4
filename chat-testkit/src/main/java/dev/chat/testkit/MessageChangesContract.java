package dev.chat.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.Change;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.Entry;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Reactions;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.MessageStore.Changed;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * How a {@link MessageStore} keeps changes to messages (edits, deletions, reactions) at positions of their own, part
 * of {@link MessageStoreContract}: extend that one, which runs these tests too.
 */
public abstract class MessageChangesContract extends MessageCountContract {

    protected static final Emoji THUMBS_UP = new Emoji("👍");
    protected static final Emoji HEART = new Emoji("❤️");
    protected static final Emoji TECHNOLOGIST = new Emoji("👩🏽‍💻");
    private static final Instant EDITED_AT = T0.plusSeconds(600);

    private Optional<Changed> edit(long id, String text) {
        return store.change(GENERAL, id, ChangeKind.EDITED, m -> m.withText(MessageText.of(text), EDITED_AT));
    }

    private Optional<Changed> react(MessageStore on, long id, Emoji emoji, Username who) {
        return on.change(GENERAL, id, ChangeKind.REACTED, m -> {
            Reactions next = m.reactions().add(emoji, who);
            return next == m.reactions() ? m : m.withReactions(next);
        });
    }

    private Optional<Changed> unreact(long id, Emoji emoji, Username who) {
        return store.change(GENERAL, id, ChangeKind.REACTED, m -> {
            Reactions next = m.reactions().remove(emoji, who);
            return next == m.reactions() ? m : m.withReactions(next);
        });
    }

    @Test
    void an_edit_takes_the_room_s_next_position_and_the_message_keeps_its_id_and_place() {
        fill(GENERAL, 3);

        Change change = edit(2, "message 2, fixed").orElseThrow().change().orElseThrow();

        assertThat(change.seq()).isEqualTo(4);
        assertThat(change.kind()).isEqualTo(ChangeKind.EDITED);
        Message edited = change.message();
        assertThat(edited.id()).isEqualTo(2);
        assertThat(edited.seq()).isEqualTo(4);
        assertThat(edited.text().value()).isEqualTo("message 2, fixed");
        assertThat(edited.edited()).isEqualTo(EDITED_AT);
        assertThat(edited.ts()).isEqualTo(T0.plusSeconds(2));
        assertThat(store.message(GENERAL, 2)).contains(edited);
        assertThat(store.before(GENERAL, 10, 10)).extracting(Message::id).containsExactly(3L, 2L, 1L);
        assertThat(store.before(GENERAL, 10, 10).get(1)).isEqualTo(edited);
        assertThat(store.latestPosition(GENERAL)).isEqualTo(4);
        assertThat(store.append(post(GENERAL, BOB, "b1", "next", T0.plusSeconds(9)))
                        .message()
                        .id())
                .isEqualTo(5);
    }

    @Test
    void a_change_that_changes_nothing_writes_nothing() {
        fill(GENERAL, 1);

        Changed nothing = store.change(GENERAL, 1, ChangeKind.EDITED, m -> m).orElseThrow();

        assertThat(nothing.change()).isEmpty();
        assertThat(nothing.message().seq()).isEqualTo(1);
        assertThat(store.latestPosition(GENERAL)).isEqualTo(1);
    }

    @Test
    void a_refused_change_writes_nothing() {
        fill(GENERAL, 1);

        assertThatThrownBy(() -> store.change(GENERAL, 1, ChangeKind.EDITED, m -> {
                    throw new ChatException(ErrorCode.FORBIDDEN, "not yours");
                }))
                .isInstanceOf(ChatException.class);

        assertThat(store.latestPosition(GENERAL)).isEqualTo(1);
        assertThat(store.message(GENERAL, 1).orElseThrow().seq()).isEqualTo(1);
    }

    @Test
    void there_is_nothing_to_change_in_a_message_that_does_not_exist_or_was_deleted() {
        fill(GENERAL, 2);
        store.delete(GENERAL, 1);

        assertThat(edit(1, "too late")).isEmpty();
        assertThat(edit(99, "never was")).isEmpty();
        assertThat(store.change(new RoomName("nowhere"), 1, ChangeKind.EDITED, m -> m))
                .isEmpty();
        assertThat(store.message(GENERAL, 1)).isEmpty();
        assertThat(store.latestPosition(GENERAL)).isEqualTo(3);
    }

    @Test
    void after_a_position_come_new_messages_as_they_are_now_and_each_older_message_s_latest_change_once() {
        fill(GENERAL, 3);
        edit(1, "one, edited"); // 4
        react(store, 1, THUMBS_UP, BOB); // 5, supersedes 4
        edit(2, "two, edited"); // 6
        Message seven = store.append(post(GENERAL, BOB, "b1", "seven", T0.plusSeconds(7)))
                .message();
        react(store, 7, HEART, ANA); // 8: a message after the position carries it

        Message one = store.message(GENERAL, 1).orElseThrow();
        Message two = store.message(GENERAL, 2).orElseThrow();
        Message three = store.message(GENERAL, 3).orElseThrow();
        Message sevenNow = store.message(GENERAL, 7).orElseThrow();
        assertThat(one.seq()).isEqualTo(5);
        assertThat(one.text().value()).isEqualTo("one, edited");
        assertThat(one.reactions().byEmoji()).isEqualTo(Map.of(THUMBS_UP, List.of(BOB)));
        assertThat(sevenNow.seq()).isEqualTo(8);

        assertThat(store.after(GENERAL, 0, 10)).containsExactly(one, two, three, sevenNow);
        assertThat(store.after(GENERAL, 3, 10))
                .containsExactly(
                        new Change(5, ChangeKind.REACTED, one), new Change(6, ChangeKind.EDITED, two), sevenNow);
        assertThat(store.after(GENERAL, 5, 10)).containsExactly(new Change(6, ChangeKind.EDITED, two), sevenNow);
        assertThat(store.after(GENERAL, 7, 10))
                .as("a change to a message after the position")
                .containsExactly(new Change(8, ChangeKind.REACTED, sevenNow));
        assertThat(store.after(GENERAL, 3, 1))
                .as("a page of one")
                .containsExactly(new Change(5, ChangeKind.REACTED, one));
        assertThat(seven.id()).isEqualTo(7);
    }

    @Test
    void a_deleted_message_is_left_out_and_its_deletion_is_its_latest_change() {
        fill(GENERAL, 2);
        edit(1, "one, edited"); // 3
        Message before = store.delete(GENERAL, 1).orElseThrow(); // 4

        assertThat(before.text().value()).isEqualTo("one, edited");
        List<Entry> afterTwo = store.after(GENERAL, 2, 10);
        assertThat(afterTwo).hasSize(1);
        Change deletion = (Change) afterTwo.get(0);
        assertThat(deletion.seq()).isEqualTo(4);
        assertThat(deletion.kind()).isEqualTo(ChangeKind.DELETED);
        assertThat(deletion.message().id()).isEqualTo(1);
        assertThat(deletion.message().isDeleted()).isTrue();
        assertThat(deletion.message().text()).as("the text is gone").isEqualTo(MessageText.DELETED);
        assertThat(store.after(GENERAL, 0, 10)).extracting(Entry::position).containsExactly(2L);
        assertThat(store.before(GENERAL, 10, 10)).extracting(Message::id).containsExactly(2L);
    }

    @Test
    void a_message_that_says_deleted_is_a_message_like_any_other() {
        Message says = store.append(post(GENERAL, ANA, "c1", "[deleted]", T0)).message();

        assertThat(says.isDeleted()).isFalse();
        assertThat(store.message(GENERAL, 1).orElseThrow().isDeleted()).isFalse();
        assertThat(messagesAfter(GENERAL, 0, 10)).extracting(Message::isDeleted).containsExactly(false);
        assertThat(store.before(GENERAL, 10, 10)).extracting(Message::isDeleted).containsExactly(false);
        assertThat(store.find(GENERAL, ANA, new dev.chat.core.domain.ClientId("c1")))
                .isPresent();
        assertThat(edit(1, "[deleted] no more")).isPresent();
    }

    @Test
    void reactions_are_kept_per_emoji_in_the_order_people_reacted() {
        fill(GENERAL, 1);
        Username carol = new Username("carol");

        react(store, 1, TECHNOLOGIST, BOB);
        react(store, 1, THUMBS_UP, ANA);
        react(store, 1, TECHNOLOGIST, carol);
        Optional<Changed> again = react(store, 1, THUMBS_UP, ANA);

        assertThat(again.orElseThrow().change()).as("the same reaction twice").isEmpty();
        Message reacted = store.message(GENERAL, 1).orElseThrow();
        assertThat(reacted.reactions().byEmoji().keySet()).containsExactly(TECHNOLOGIST, THUMBS_UP);
        assertThat(reacted.reactions().byEmoji().get(TECHNOLOGIST)).containsExactly(BOB, carol);
        assertThat(reacted.reactions().byEmoji().get(THUMBS_UP)).containsExactly(ANA);
        assertThat(reacted.text().value()).isEqualTo("message 1");
        assertThat(store.latestPosition(GENERAL)).isEqualTo(4);
    }

    @Test
    void reactions_come_back_in_their_order_whatever_the_emoji() {
        fill(GENERAL, 1);
        Username carol = new Username("carol");
        Emoji family = new Emoji("👨🏻‍👩🏽‍👧🏾‍👦🏿");
        Emoji flag = new Emoji("🇪🇺");
        Emoji keycap = new Emoji("1️⃣");
        react(store, 1, family, carol);
        react(store, 1, flag, ANA);
        react(store, 1, keycap, BOB);
        react(store, 1, family, ANA);
        unreact(1, family, carol);
        unreact(1, family, ANA);
        react(store, 1, family, BOB); // gone and back: now the last emoji
        Message last = react(store, 1, flag, carol).orElseThrow().message();

        Reactions stored = anotherNode(store).message(GENERAL, 1).orElseThrow().reactions();

        assertThat(stored.byEmoji().keySet()).containsExactly(flag, keycap, family);
        assertThat(stored.byEmoji().get(flag)).containsExactly(ANA, carol);
        assertThat(stored.byEmoji().get(family)).containsExactly(BOB);
        assertThat(stored.byEmoji().get(keycap)).containsExactly(BOB);
        assertThat(List.copyOf(stored.byEmoji().entrySet()))
                .isEqualTo(List.copyOf(last.reactions().byEmoji().entrySet()));
    }

    @Test
    void a_node_changes_and_answers_messages_another_node_just_wrote() {
        fill(GENERAL, 2);
        MessageStore other = anotherNode(store);
        other.append(post(GENERAL, BOB, "b1", "three, from the other node", T0.plusSeconds(3)));

        Change reacted = react(store, 3, THUMBS_UP, ANA).orElseThrow().change().orElseThrow();
        other.append(post(GENERAL, BOB, "b2", "five, from the other node", T0.plusSeconds(5)));
        Message reply = store.append(new MessageStore.NewMessage(
                        GENERAL,
                        ANA,
                        new dev.chat.core.domain.ClientId("c9"),
                        MessageText.of("an answer to five"),
                        T0.plusSeconds(6),
                        5L))
                .message();

        assertThat(reacted.seq()).isEqualTo(4);
        assertThat(reacted.message().id()).isEqualTo(3);
        assertThat(reply.id()).isEqualTo(6);
        assertThat(reply.replyTo()).isEqualTo(5L);
        assertThat(other.message(GENERAL, 3).orElseThrow().reactions().byEmoji())
                .isEqualTo(Map.of(THUMBS_UP, List.of(ANA)));
    }

    @Test
    void a_reply_keeps_the_id_it_answers() {
        fill(GENERAL, 2);

        Message reply = store.append(new MessageStore.NewMessage(
                        GENERAL,
                        BOB,
                        new dev.chat.core.domain.ClientId("r1"),
                        MessageText.of("yes"),
                        T0.plusSeconds(5),
                        1L))
                .message();

        assertThat(reply.replyTo()).isEqualTo(1L);
        assertThat(store.message(GENERAL, 3).orElseThrow().replyTo()).isEqualTo(1L);
        assertThat(messagesAfter(GENERAL, 2, 10)).containsExactly(reply);
        assertThat(store.before(GENERAL, 4, 1)).containsExactly(reply);
        assertThat(store.message(GENERAL, 1).orElseThrow().replyTo()).isNull();
    }

    @Test
    void racing_changes_from_two_nodes_each_get_a_position_and_none_is_lost() {
        fill(GENERAL, 1);
        MessageStore[] nodes = {store, anotherNode(store)};
        int perRacer = 10;

        Race.run(4, racer -> {
            MessageStore on = nodes[racer % 2];
            for (int i = 0; i < perRacer; i++) {
                if (racer == 3) {
                    on.change(GENERAL, 1, ChangeKind.EDITED, m -> m.withText(MessageText.of("edit " + m.seq()), T0));
                } else if (racer == 2) {
                    on.append(post(GENERAL, BOB, "a" + i, "appended " + i, T0));
                } else {
                    react(on, 1, THUMBS_UP, new Username("user-" + racer + "-" + i));
                }
            }
            return null;
        });

        int writes = 1 + 4 * perRacer;
        assertThat(store.latestPosition(GENERAL)).isEqualTo(writes);
        Message one = store.message(GENERAL, 1).orElseThrow();
        assertThat(one.reactions().byEmoji().get(THUMBS_UP))
                .as("every reaction, whatever edits came between")
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 2)
                        .boxed()
                        .flatMap(r -> IntStream.range(0, perRacer).mapToObj(i -> new Username("user-" + r + "-" + i)))
                        .collect(Collectors.toList()));
        assertThat(one.text().value())
                .as("the last edit saw the state before it")
                .startsWith("edit ");
        assertThat(one.seq()).isLessThanOrEqualTo(writes);
        assertThat(store.after(GENERAL, 0, writes + 1))
                .as("the message and the ten appended ones")
                .hasSize(1 + perRacer);
    }

    @Test
    void moving_a_room_keeps_its_changes_where_they_were() {
        fill(GENERAL, 2);
        edit(1, "one, edited"); // 3
        RoomName lobby = new RoomName("lobby");

        store.moveRoom(GENERAL, lobby);

        Message one = store.message(lobby, 1).orElseThrow();
        assertThat(one.room()).isEqualTo(lobby);
        assertThat(one.text().value()).isEqualTo("one, edited");
        assertThat(store.after(lobby, 2, 10)).containsExactly(new Change(3, ChangeKind.EDITED, one));
        assertThat(store.latestPosition(lobby)).isEqualTo(3);
        assertThat(store.append(post(lobby, BOB, "b9", "after the move", T0.plusSeconds(9)))
                        .message()
                        .id())
                .isEqualTo(4);
    }

    @Test
    void an_edit_time_reads_back_exactly_as_the_change_returned_it() {
        fill(GENERAL, 1);
        Instant withNanos = Instant.parse("2030-01-02T03:14:15.926535897Z");

        Message edited = store.change(GENERAL, 1, ChangeKind.EDITED, m -> m.withText(MessageText.of("pi"), withNanos))
                .orElseThrow()
                .message();

        assertThat(edited.edited()).isBetween(withNanos.minusMillis(1), withNanos);
        assertThat(store.message(GENERAL, 1)).contains(edited);
        assertThat(store.after(GENERAL, 0, 10)).containsExactly(edited);
        assertThat(store.after(GENERAL, 1, 10)).containsExactly(new Change(2, ChangeKind.EDITED, edited));
        assertThat(store.before(GENERAL, 2, 10)).containsExactly(edited);
    }

    @Test
    void every_read_keeps_the_order_of_reactions() {
        fill(GENERAL, 1);
        Username carol = new Username("carol");
        react(store, 1, HEART, carol);
        react(store, 1, THUMBS_UP, BOB);
        react(store, 1, HEART, ANA);

        List<Message> reads = List.of(
                store.message(GENERAL, 1).orElseThrow(),
                (Message) store.after(GENERAL, 0, 10).get(0),
                ((Change) store.after(GENERAL, 1, 10).get(0)).message(),
                store.before(GENERAL, 2, 10).get(0),
                store.find(GENERAL, ANA, new ClientId("c1")).orElseThrow(),
                anotherNode(store).message(GENERAL, 1).orElseThrow());

        assertThat(reads).allSatisfy(read -> {
            assertThat(read.reactions().byEmoji().keySet()).containsExactly(HEART, THUMBS_UP);
            assertThat(read.reactions().byEmoji().get(HEART)).containsExactly(carol, ANA);
        });
    }

    @Test
    void deleting_a_room_forgets_its_changes_and_numbering_starts_again() {
        fill(GENERAL, 2);
        edit(1, "one, edited"); // 3
        react(store, 2, THUMBS_UP, BOB); // 4

        store.deleteRoom(GENERAL);

        assertThat(store.latestPosition(GENERAL)).isZero();
        assertThat(store.after(GENERAL, 0, 10)).isEmpty();
        Message fresh = anotherNode(store)
                .append(post(GENERAL, ANA, "c1", "fresh", T0.plusSeconds(60)))
                .message();
        assertThat(fresh.id()).isEqualTo(1);
        assertThat(fresh.reactions().isEmpty()).isTrue();
        assertThat(store.after(GENERAL, 0, 10)).containsExactly(fresh);
    }
}
