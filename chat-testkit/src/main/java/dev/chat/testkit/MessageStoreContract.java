package dev.chat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Change;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.MessageStore.Appended;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What every {@link MessageStore} must do; an implementation's test extends this and supplies the store. */
public abstract class MessageStoreContract extends MessageDeletionContract {

    @Test
    void the_store_numbers_a_room_s_messages_one_two_three() {
        Appended first = store.append(post(GENERAL, ANA, "c1", "hello", T0));
        Appended second = store.append(post(GENERAL, BOB, "c1", "hi ana", T0.plusSeconds(1)));
        Appended third = store.append(post(GENERAL, ANA, "c2", "how are you?", T0.plusSeconds(2)));

        assertThat(List.of(first, second, third))
                .extracting(Appended::duplicate)
                .containsOnly(false);
        assertThat(List.of(first, second, third))
                .extracting(a -> a.message().id())
                .containsExactly(1L, 2L, 3L);
        assertThat(first.message())
                .isEqualTo(new Message(GENERAL, 1, ANA, MessageText.of("hello"), T0, new ClientId("c1")));
    }

    @Test
    void each_room_numbers_its_own_messages_from_one() {
        store.append(post(GENERAL, ANA, "g1", "in general", T0));
        store.append(post(GENERAL, ANA, "g2", "in general again", T0));

        Appended inRandom = store.append(post(RANDOM, ANA, "r1", "in random", T0));

        assertThat(inRandom.message().id()).isEqualTo(1);
        assertThat(store.latestPosition(GENERAL)).isEqualTo(2);
        assertThat(store.latestPosition(RANDOM)).isEqualTo(1);
        assertThat(messagesAfter(RANDOM, 0, 10))
                .extracting(m -> m.text().value())
                .containsExactly("in random");
    }

    @Test
    void the_appended_message_is_exactly_what_history_returns() {
        Instant withNanos = Instant.parse("2030-01-02T03:04:05.123456789Z");

        Message appended =
                store.append(post(GENERAL, ANA, "c1", "precise", withNanos)).message();

        assertThat(messagesAfter(GENERAL, 0, 10)).containsExactly(appended);
        assertThat(store.before(GENERAL, 2, 10)).containsExactly(appended);
        assertThat(store.append(post(GENERAL, ANA, "c1", "precise", withNanos)).message())
                .isEqualTo(appended);
    }

    @Test
    void text_is_stored_exactly_as_given() {
        String text = "Zeilen\nmit\tTabs, ünïcödé, 中文 and 🎉 — \"quotes\" 'n' %_ wildcards; DROP TABLE messages;";

        store.append(post(GENERAL, ANA, "c1", text, T0));

        assertThat(messagesAfter(GENERAL, 0, 1))
                .extracting(m -> m.text().value())
                .containsExactly(text);
    }

    @Test
    void resend_with_the_same_client_id_returns_the_original_and_stores_nothing() {
        Message original = store.append(post(GENERAL, ANA, "c1", "hello", T0)).message();
        store.append(post(GENERAL, BOB, "b1", "hi", T0.plusSeconds(1)));

        Appended resent = store.append(post(GENERAL, ANA, "c1", "hello, edited", T0.plusSeconds(30)));

        assertThat(resent.duplicate()).isTrue();
        assertThat(resent.message()).isEqualTo(original);
        assertThat(store.latestPosition(GENERAL)).isEqualTo(2);
        assertThat(ids(messagesAfter(GENERAL, 0, 10))).containsExactly(1L, 2L);
    }

    @Test
    void the_same_client_id_from_another_author_is_a_new_message() {
        store.append(post(GENERAL, ANA, "same", "from ana", T0));

        Appended fromBob = store.append(post(GENERAL, BOB, "same", "from bob", T0));

        assertThat(fromBob.duplicate()).isFalse();
        assertThat(fromBob.message().id()).isEqualTo(2);
        assertThat(fromBob.message().author()).isEqualTo(BOB);
    }

    @Test
    void the_same_client_id_in_another_room_is_a_new_message() {
        store.append(post(GENERAL, ANA, "same", "in general", T0));

        Appended inRandom = store.append(post(RANDOM, ANA, "same", "in random", T0));

        assertThat(inRandom.duplicate()).isFalse();
        assertThat(inRandom.message().room()).isEqualTo(RANDOM);
        assertThat(inRandom.message().text().value()).isEqualTo("in random");
    }

    @Test
    void racing_resends_of_one_message_store_it_once() {
        MessageStore[] nodes = {store, anotherNode(store)};

        List<Appended> results =
                Race.run(6, racer -> nodes[racer % 2].append(post(GENERAL, ANA, "c1", "hello", T0.plusMillis(racer))));

        assertThat(results).filteredOn(a -> !a.duplicate()).hasSize(1);
        Message stored = results.stream()
                .filter(a -> !a.duplicate())
                .findFirst()
                .orElseThrow()
                .message();
        assertThat(results).extracting(Appended::message).containsOnly(stored);
        assertThat(stored.id()).isEqualTo(1);
        assertThat(messagesAfter(GENERAL, 0, 10)).containsExactly(stored);
    }

    @Test
    void concurrent_appends_get_consecutive_ids_without_gaps() {
        MessageStore[] nodes = {store, anotherNode(store)};
        int threads = 8;
        int perThread = 25;

        List<List<Long>> idsByThread = Race.run(threads, racer -> {
            List<Long> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                // Every racer's clock is off by a different amount, so clamping is exercised under contention.
                Instant skewed = T0.plusSeconds(i).minusMillis(racer * 700L);
                mine.add(nodes[racer % 2]
                        .append(post(GENERAL, new Username("user-" + racer), "c" + i, "m" + i, skewed))
                        .message()
                        .id());
            }
            return mine;
        });

        int total = threads * perThread;
        assertThat(idsByThread.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(range(1, total));
        assertThat(idsByThread).allSatisfy(mine -> assertThat(mine).isSorted());
        List<Message> history = messagesAfter(GENERAL, 0, total + 10);
        assertThat(ids(history)).containsExactlyElementsOf(range(1, total));
        assertThat(history).extracting(Message::ts).isSorted();
        assertThat(store.latestPosition(GENERAL)).isEqualTo(total);
    }

    /**
     * Appends given all at once, without waiting for each other, are each answered with their own message, in
     * the order they were given, and a resend among them with the original.
     */
    @Test
    void appends_made_without_waiting_are_each_answered_with_their_own_message_in_the_order_given() {
        Message first = store.append(post(GENERAL, ANA, "c0", "before", T0)).message();
        List<CompletableFuture<Appended>> pending = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            pending.add(store.appendAsync(post(GENERAL, BOB, "b" + i, "async " + i, T0.plusMillis(i))));
        }
        CompletableFuture<Appended> resent = store.appendAsync(post(GENERAL, ANA, "c0", "before, again", T0));

        List<Appended> answers = pending.stream().map(CompletableFuture::join).toList();

        assertThat(answers).extracting(Appended::duplicate).containsOnly(false);
        assertThat(answers).extracting(a -> a.message().id()).containsExactlyElementsOf(range(2, 21));
        assertThat(answers)
                .extracting(a -> a.message().text().value())
                .containsExactlyElementsOf(
                        range(1, 20).stream().map(i -> "async " + i).toList());
        assertThat(resent.join()).isEqualTo(new Appended(first, true));
        List<Message> history = messagesAfter(GENERAL, 0, 30);
        assertThat(history.subList(1, history.size()))
                .containsExactlyElementsOf(
                        answers.stream().map(Appended::message).toList());
    }

    @Test
    void a_reader_never_sees_a_message_before_the_one_preceding_it() {
        MessageStore[] nodes = {store, anotherNode(store)};
        int writers = 2;
        int perWriter = 100;
        AtomicInteger writersDone = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();

        Race.run(writers + 1, racer -> {
            if (racer < writers) {
                try {
                    awaitFirstRead(reads);
                    for (int i = 0; i < perWriter; i++) {
                        nodes[racer % 2].append(post(GENERAL, new Username("writer-" + racer), "c" + i, "m" + i, T0));
                    }
                } finally {
                    writersDone.incrementAndGet();
                }
                return null;
            }
            MessageStore reader = nodes[1];
            do {
                long latest = reader.latestPosition(GENERAL);
                List<Message> seen = reader.after(GENERAL, 0, writers * perWriter + 10).stream()
                        .map(Message.class::cast)
                        .toList();
                assertThat(ids(seen)).as("read %d", reads.get()).containsExactlyElementsOf(range(1, seen.size()));
                assertThat(seen.size())
                        .as("read %d: every id up to latestId is visible", reads.get())
                        .isGreaterThanOrEqualTo((int) latest);
                reads.incrementAndGet();
            } while (writersDone.get() < writers);
            return null;
        });

        assertThat(store.latestPosition(GENERAL)).isEqualTo(writers * perWriter);
    }

    @Test
    void timestamps_never_run_backwards_when_a_node_clock_is_behind() {
        MessageStore ahead = store;
        MessageStore behind = anotherNode(store);
        ahead.append(post(GENERAL, ANA, "c1", "from the node whose clock is right", T0.plusSeconds(10)));

        Appended late = behind.append(post(GENERAL, BOB, "b1", "from the node whose clock is behind", T0));

        assertThat(late.message().id()).isEqualTo(2);
        assertThat(late.message().ts()).isEqualTo(T0.plusSeconds(10));
        assertThat(messagesAfter(GENERAL, 0, 10))
                .extracting(Message::ts)
                .containsExactly(T0.plusSeconds(10), T0.plusSeconds(10));
    }

    @Test
    void a_timestamp_later_than_the_previous_message_is_kept_as_given() {
        store.append(post(GENERAL, ANA, "c1", "first", T0));

        Appended next = store.append(post(GENERAL, ANA, "c2", "second", T0.plusMillis(1)));

        assertThat(next.message().ts()).isEqualTo(T0.plusMillis(1));
    }

    @Test
    void one_room_s_clock_does_not_hold_back_another_room() {
        store.append(post(GENERAL, ANA, "c1", "far ahead", T0.plusSeconds(3600)));

        Appended elsewhere = store.append(post(RANDOM, ANA, "c1", "on time", T0));

        assertThat(elsewhere.message().ts()).isEqualTo(T0);
    }

    @Test
    void latest_id_follows_new_messages_but_not_resends() {
        store.append(post(GENERAL, ANA, "c1", "one", T0));
        store.append(post(GENERAL, ANA, "c2", "two", T0));
        assertThat(store.latestPosition(GENERAL)).isEqualTo(2);

        store.append(post(GENERAL, ANA, "c1", "one again", T0));

        assertThat(store.latestPosition(GENERAL)).isEqualTo(2);
        assertThat(store.append(post(GENERAL, ANA, "c3", "three", T0)).message().id())
                .isEqualTo(3);
    }

    @Test
    void a_stored_message_is_found_by_its_author_and_client_id_and_by_nothing_else() {
        Message stored = store.append(post(GENERAL, ANA, "c1", "hello", T0)).message();
        assertThat(store.find(GENERAL, ANA, new ClientId("c1"))).contains(stored);
        assertThat(store.find(GENERAL, BOB, new ClientId("c1"))).isEmpty();
        assertThat(store.find(GENERAL, ANA, new ClientId("c2"))).isEmpty();
        assertThat(store.find(new RoomName("other"), ANA, new ClientId("c1"))).isEmpty();
    }

    @Test
    void how_a_message_was_written_comes_back_with_it_through_resends_changes_and_moves() {
        Username robo = new Username("robo");
        Message byBot = store.append(new MessageStore.NewMessage(
                        GENERAL, robo, new ClientId("h1"), MessageText.of("deploy dne"), T0, null, true, "ci"))
                .message();
        Message byPerson = store.append(post(GENERAL, ANA, "c1", "thanks", T0)).message();

        assertThat(byBot.bot()).isTrue();
        assertThat(byBot.via()).isEqualTo("ci");
        assertThat(messagesAfter(GENERAL, 0, 10)).containsExactly(byBot, byPerson);
        assertThat(store.before(GENERAL, 10, 10)).containsExactly(byPerson, byBot);
        assertThat(store.find(GENERAL, robo, new ClientId("h1"))).contains(byBot);
        assertThat(store.message(GENERAL, byBot.id())).contains(byBot);
        assertThat(store.append(new MessageStore.NewMessage(
                                GENERAL, robo, new ClientId("h1"), MessageText.of("deploy dne"), T0, null, true, "ci"))
                        .message())
                .isEqualTo(byBot);
        assertThat(byPerson.bot()).isFalse();
        assertThat(byPerson.via()).isNull();

        store.change(GENERAL, byBot.id(), ChangeKind.EDITED, m -> m.withText(MessageText.of("deploy done"), T0));
        RoomName lobby = new RoomName("lobby");
        store.moveRoom(GENERAL, lobby);

        assertThat(store.message(lobby, byBot.id())).hasValueSatisfying(m -> {
            assertThat(m.text().value()).isEqualTo("deploy done");
            assertThat(m.bot()).isTrue();
            assertThat(m.via()).isEqualTo("ci");
        });
        assertThat(store.after(lobby, byPerson.id(), 10)).singleElement().isInstanceOfSatisfying(Change.class, c -> {
            assertThat(c.message().bot()).isTrue();
            assertThat(c.message().via()).isEqualTo("ci");
        });
        assertThat(store.message(lobby, byPerson.id())).hasValueSatisfying(m -> {
            assertThat(m.bot()).isFalse();
            assertThat(m.via()).isNull();
        });
    }
}
