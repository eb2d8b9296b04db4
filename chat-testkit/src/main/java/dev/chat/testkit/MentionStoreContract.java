package dev.chat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Mention;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MentionStore;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link MentionStore} must do; an implementation's test extends this and supplies the store. */
public abstract class MentionStoreContract {

    /** Millisecond precision: the contract does not promise that finer instants survive every store. */
    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

    private static final RoomName TEAM = new RoomName("team");
    private static final RoomName OPS = new RoomName("ops");
    private static final Username ANA = new Username("ana");
    private static final Username BOB = new Username("bob");

    private MentionStore store;

    /** A new, empty store. */
    protected abstract MentionStore newStore();

    /** A second handle on the same mentions, as another node would hold; the same object for in-process stores. */
    protected MentionStore anotherNode(MentionStore store) {
        return store;
    }

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    private static Mention mention(Username user, RoomName room, long id, int second) {
        return new Mention(user, room, id, BOB, T0.plusSeconds(second));
    }

    @Test
    void a_user_s_mentions_come_newest_first_and_nobody_else_s() {
        store.add(mention(ANA, TEAM, 3, 1));
        store.add(mention(ANA, OPS, 9, 3));
        store.add(mention(ANA, TEAM, 5, 2));
        store.add(mention(BOB, TEAM, 5, 2));

        assertThat(anotherNode(store).recent(ANA, 10))
                .containsExactly(mention(ANA, OPS, 9, 3), mention(ANA, TEAM, 5, 2), mention(ANA, TEAM, 3, 1));
        assertThat(store.recent(ANA, 2)).containsExactly(mention(ANA, OPS, 9, 3), mention(ANA, TEAM, 5, 2));
        assertThat(store.recent(new Username("carol"), 10)).isEmpty();
    }

    @Test
    void mentions_of_one_time_are_ordered_by_room_then_message_newest_first() {
        store.add(mention(ANA, OPS, 1, 1));
        store.add(mention(ANA, TEAM, 2, 1));
        store.add(mention(ANA, TEAM, 4, 1));

        assertThat(store.recent(ANA, 10))
                .containsExactly(mention(ANA, TEAM, 4, 1), mention(ANA, TEAM, 2, 1), mention(ANA, OPS, 1, 1));
    }

    @Test
    void the_same_mention_twice_is_kept_once_and_one_can_be_taken_back() {
        store.add(mention(ANA, TEAM, 3, 1));
        store.add(mention(ANA, TEAM, 3, 1));
        store.add(mention(ANA, TEAM, 4, 2));

        anotherNode(store).remove(ANA, TEAM, 4);
        store.remove(ANA, TEAM, 99);

        assertThat(store.recent(ANA, 10)).containsExactly(mention(ANA, TEAM, 3, 1));
    }
}
