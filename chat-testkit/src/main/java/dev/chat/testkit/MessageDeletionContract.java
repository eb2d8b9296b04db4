package dev.chat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.MessageStore.Appended;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a {@link MessageStore} must do when messages go: a deleted message's tombstone (its id and clientId stay
 * taken, history and pages pass over it), and a room's messages deleted or moved to a new name. Part of {@link
 * MessageStoreContract}, which an implementation's test extends.
 */
public abstract class MessageDeletionContract extends MessageChangesContract {

    @Test
    void a_deleted_message_leaves_history_but_keeps_its_id_taken() {
        fill(GENERAL, 3);

        Optional<Message> deleted = store.delete(GENERAL, 2);

        assertThat(deleted.map(m -> m.text().value())).contains("message 2");
        assertThat(ids(messagesAfter(GENERAL, 0, 10))).containsExactly(1L, 3L);
        assertThat(ids(store.before(GENERAL, 10, 10))).containsExactly(3L, 1L);
        assertThat(store.latestPosition(GENERAL))
                .as("the deletion is at position 4")
                .isEqualTo(4);
        assertThat(store.append(post(GENERAL, BOB, "b1", "next", T0.plusSeconds(10)))
                        .message()
                        .id())
                .isEqualTo(5);
    }

    @Test
    void deleting_the_newest_message_does_not_free_its_id() {
        fill(GENERAL, 2);

        store.delete(GENERAL, 2);

        assertThat(store.latestPosition(GENERAL)).isEqualTo(3);
        assertThat(store.append(post(GENERAL, BOB, "b1", "next", T0.plusSeconds(10)))
                        .message()
                        .id())
                .isEqualTo(4);
        assertThat(anotherNode(store)
                        .append(post(GENERAL, BOB, "b2", "after", T0.plusSeconds(11)))
                        .message()
                        .id())
                .isEqualTo(5);
    }

    @Test
    void a_page_skips_deleted_messages_and_still_fills_up() {
        fill(GENERAL, 10);
        for (long id = 2; id <= 8; id++) {
            store.delete(GENERAL, id);
        }

        assertThat(ids(messagesAfter(GENERAL, 0, 3))).containsExactly(1L, 9L, 10L);
        assertThat(ids(store.before(GENERAL, 11, 3))).containsExactly(10L, 9L, 1L);
    }

    @Test
    void a_resend_of_a_deleted_message_is_a_duplicate_and_does_not_bring_it_back() {
        fill(GENERAL, 2);
        store.delete(GENERAL, 1);

        Appended resent = store.append(post(GENERAL, ANA, "c1", "message 1", T0.plusSeconds(30)));

        assertThat(resent.duplicate()).isTrue();
        assertThat(resent.deleted()).isTrue();
        assertThat(resent.message().id()).isEqualTo(1);
        assertThat(resent.message().text()).isEqualTo(MessageText.DELETED);
        assertThat(ids(messagesAfter(GENERAL, 0, 10))).containsExactly(2L);
        assertThat(store.find(GENERAL, ANA, new ClientId("c1"))).isEmpty();
    }

    @Test
    void deleting_a_missing_or_deleted_message_finds_nothing() {
        fill(GENERAL, 1);
        store.delete(GENERAL, 1);

        assertThat(store.delete(GENERAL, 1)).isEmpty();
        assertThat(store.delete(GENERAL, 7)).isEmpty();
        assertThat(store.delete(RANDOM, 1)).isEmpty();
    }

    @Test
    void deleting_a_room_s_messages_leaves_other_rooms_alone_and_numbering_starts_again() {
        fill(GENERAL, 3);
        store.append(post(RANDOM, BOB, "b1", "elsewhere", T0));

        store.deleteRoom(GENERAL);

        assertThat(messagesAfter(GENERAL, 0, 10)).isEmpty();
        assertThat(store.latestPosition(GENERAL)).isZero();
        assertThat(store.find(GENERAL, ANA, new ClientId("c1"))).isEmpty();
        assertThat(anotherNode(store)
                        .append(post(GENERAL, ANA, "c1", "fresh", T0.plusSeconds(60)))
                        .message()
                        .id())
                .isEqualTo(1);
        assertThat(ids(messagesAfter(RANDOM, 0, 10))).containsExactly(1L);
    }

    @Test
    void moving_a_room_keeps_every_message_and_its_numbering() {
        List<Message> stored = fill(GENERAL, 3);
        store.delete(GENERAL, 2);
        RoomName lobby = new RoomName("lobby");

        store.moveRoom(GENERAL, lobby);

        assertThat(messagesAfter(GENERAL, 0, 10)).isEmpty();
        assertThat(store.latestPosition(GENERAL)).isZero();
        List<Message> moved = messagesAfter(lobby, 0, 10);
        assertThat(ids(moved)).containsExactly(1L, 3L);
        assertThat(moved.get(1))
                .isEqualTo(new Message(
                        lobby, 3, ANA, stored.get(2).text(), stored.get(2).ts(), new ClientId("c3")));
        assertThat(store.latestPosition(lobby)).as("the deletion's position").isEqualTo(4);
        assertThat(store.find(lobby, ANA, new ClientId("c1"))).map(Message::id).contains(1L);
        assertThat(anotherNode(store)
                        .append(post(lobby, BOB, "b1", "next", T0.plusSeconds(60)))
                        .message()
                        .id())
                .isEqualTo(5);
        assertThat(store.append(post(lobby, ANA, "c2", "message 2", T0.plusSeconds(61)))
                        .deleted())
                .isTrue();
    }
}
