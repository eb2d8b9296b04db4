package dev.chat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import org.junit.jupiter.api.Test;

/**
 * How a {@link dev.chat.core.port.out.MessageStore} counts unread messages ({@code countAfter}), part of
 * {@link MessageStoreContract}: extend that one, which runs these tests too.
 */
public abstract class MessageCountContract extends MessageHistoryContract {

    @Test
    void counting_after_a_position_counts_other_people_s_live_messages_and_no_changes() {
        fill(GENERAL, 3); // ana's 1, 2, 3
        store.append(post(GENERAL, BOB, "b1", "four", T0.plusSeconds(4)));
        store.append(post(GENERAL, BOB, "b2", "five", T0.plusSeconds(5)));
        store.append(post(GENERAL, BOB, "b3", "six", T0.plusSeconds(6)));
        store.change(GENERAL, 1, ChangeKind.EDITED, m -> m.withText(MessageText.of("one, edited"), T0)); // 7
        store.change(
                GENERAL,
                4,
                ChangeKind.REACTED,
                m -> m.withReactions(m.reactions().add(new Emoji("👍"), ANA))); // 8
        store.delete(GENERAL, 5); // 9
        store.append(post(RANDOM, BOB, "r1", "elsewhere", T0));
        Username carol = new Username("carol");

        assertThat(store.countAfter(GENERAL, 0, ANA, 100))
                .as("bob's, less the deleted one")
                .isEqualTo(2);
        assertThat(anotherNode(store).countAfter(GENERAL, 0, BOB, 100))
                .as("ana's, the edited one too")
                .isEqualTo(3);
        assertThat(store.countAfter(GENERAL, 4, ANA, 100)).as("six, not 7 to 9").isEqualTo(1);
        assertThat(store.countAfter(GENERAL, 6, carol, 100))
                .as("only changes after 6")
                .isZero();
        assertThat(store.countAfter(GENERAL, 0, carol, 100)).isEqualTo(5);
        assertThat(store.countAfter(GENERAL, 0, carol, 4))
                .as("counted up to the bound")
                .isEqualTo(4);
        assertThat(store.countAfter(GENERAL, 0, carol, 0)).isZero();
        assertThat(store.countAfter(new RoomName("nowhere"), 0, carol, 100)).isZero();
    }

    @Test
    void counting_after_a_position_goes_on_past_a_page_up_to_the_bound() {
        fill(GENERAL, 102);
        store.change(GENERAL, 2, ChangeKind.EDITED, m -> m.withText(MessageText.of("two, edited"), T0)); // 103

        assertThat(store.countAfter(GENERAL, 0, BOB, 1_000)).isEqualTo(102);
        assertThat(store.countAfter(GENERAL, 1, BOB, 1_000)).isEqualTo(101);
        assertThat(store.countAfter(GENERAL, 0, BOB, 101)).isEqualTo(101);
        assertThat(store.countAfter(GENERAL, 0, ANA, 1_000)).isZero();
    }
}
