package dev.chat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a {@link dev.chat.core.port.out.MessageStore} pages a room's history, part of {@link MessageStoreContract}:
 * extend that one, which runs these tests too.
 */
public abstract class MessageHistoryContract extends MessageStoreFixtures {

    @Test
    void history_pages_oldest_first_after_a_cursor() {
        List<Message> all = fill(GENERAL, 10);

        assertThat(messagesAfter(GENERAL, 0, 3)).containsExactlyElementsOf(all.subList(0, 3));
        assertThat(messagesAfter(GENERAL, 3, 3)).containsExactlyElementsOf(all.subList(3, 6));
        assertThat(messagesAfter(GENERAL, 8, 5)).containsExactlyElementsOf(all.subList(8, 10));
    }

    @Test
    void history_pages_newest_first_before_a_cursor() {
        List<Message> all = fill(GENERAL, 10);

        assertThat(ids(store.before(GENERAL, 11, 3))).containsExactly(10L, 9L, 8L);
        assertThat(ids(store.before(GENERAL, 8, 3))).containsExactly(7L, 6L, 5L);
        assertThat(store.before(GENERAL, 3, 5)).containsExactly(all.get(1), all.get(0));
    }

    @Test
    void before_a_cursor_past_the_end_starts_at_the_newest_message() {
        fill(GENERAL, 4);

        assertThat(ids(store.before(GENERAL, Long.MAX_VALUE, 2))).containsExactly(4L, 3L);
    }

    @Test
    void paging_backwards_from_the_end_visits_every_message_once() {
        List<Message> all = fill(GENERAL, 23);
        List<Message> visited = new ArrayList<>();
        long cursor = store.latestPosition(GENERAL) + 1;

        for (List<Message> page = store.before(GENERAL, cursor, 5);
                !page.isEmpty();
                page = store.before(GENERAL, cursor, 5)) {
            visited.addAll(page);
            cursor = page.get(page.size() - 1).id();
        }

        List<Message> newestFirst = new ArrayList<>(all);
        Collections.reverse(newestFirst);
        assertThat(visited).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void nothing_comes_after_the_newest_message_or_before_the_first() {
        fill(GENERAL, 3);

        assertThat(messagesAfter(GENERAL, 3, 10)).isEmpty();
        assertThat(messagesAfter(GENERAL, 99, 10)).isEmpty();
        assertThat(store.before(GENERAL, 1, 10)).isEmpty();
    }

    @Test
    void history_never_mixes_rooms() {
        fill(GENERAL, 3);
        store.append(post(RANDOM, BOB, "b1", "only in random", T0));

        assertThat(messagesAfter(GENERAL, 0, 10))
                .extracting(Message::room)
                .containsOnly(GENERAL)
                .hasSize(3);
        assertThat(store.before(RANDOM, 10, 10)).extracting(Message::room).containsExactly(RANDOM);
    }

    @Test
    void a_room_without_messages_has_no_history_and_latest_id_zero() {
        fill(GENERAL, 2);

        assertThat(store.latestPosition(RANDOM)).isZero();
        assertThat(messagesAfter(RANDOM, 0, 10)).isEmpty();
        assertThat(store.before(RANDOM, Long.MAX_VALUE, 10)).isEmpty();
    }
}
