package dev.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What a client holds of a room stays bounded, and the seq rule still holds for a message it let go: a rejoin
 * replays changes after the position, some of which a message it held already showed.
 */
class RoomViewTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void a_change_shown_by_a_message_no_longer_held_is_still_recognised_when_replayed() {
        RoomView view = new RoomView("general", 2);
        view.readUpTo(3);
        // Read from history as it is now: message 1 shows an edit made at position 5, after the position.
        view.hold(edited(1, 5));
        view.hold(message(2));
        view.hold(message(3));
        assertThat(view.messages()).extracting(Message::id).containsExactly(2L, 3L);

        assertThat(view.change(new MessageChange.Edited("general", 1, 5, "one, edited", T)))
                .as("the edit message 1 showed, replayed after position 3")
                .isFalse();
        assertThat(view.change(new MessageChange.Edited("general", 1, 6, "one, again", T)))
                .as("a newer edit")
                .isTrue();
        assertThat(view.position()).isEqualTo(6);
    }

    @Test
    void a_reactions_frame_that_stands_for_an_earlier_edit_too_brings_the_edit() throws Exception {
        // A replay brings an older message's latest change only: here a reaction made after an edit.
        com.fasterxml.jackson.databind.JsonNode frame = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"type\":\"reactions\",\"room\":\"general\",\"id\":1,\"seq\":9,"
                        + "\"text\":\"one, edited\",\"edited\":\"2026-01-01T00:00:05Z\","
                        + "\"reactions\":[{\"emoji\":\"👍\",\"count\":1,\"me\":false}]}");

        Message after = message(1).apply(MessageChange.from(frame)).orElseThrow();

        assertThat(after.text()).isEqualTo("one, edited");
        assertThat(after.edited()).isEqualTo(Instant.parse("2026-01-01T00:00:05Z"));
        assertThat(after.reactions().count("👍")).isEqualTo(1);
        assertThat(after.seq()).isEqualTo(9);
    }

    private static Message message(long id) {
        return new Message("general", id, "bob", "m" + id, T, "c" + id);
    }

    private static Message edited(long id, long seq) {
        return new Message("general", id, "bob", "one, edited", T, "c" + id, seq, T, null, Reactions.none());
    }
}
