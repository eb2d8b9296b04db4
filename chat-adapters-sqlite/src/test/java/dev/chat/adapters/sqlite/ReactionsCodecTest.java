package dev.chat.adapters.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.Reactions;
import dev.chat.core.domain.Username;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reactions read back from their column exactly as they were: the same emoji, people and order. */
class ReactionsCodecTest {

    private static final Username ANA = new Username("ana");
    private static final Username BOB = new Username("bob");
    private static final Username CAROL = new Username("carol_2-x");

    @Test
    void no_reactions_are_no_value() {
        assertThat(ReactionsCodec.encode(Reactions.NONE)).isNull();
        assertThat(ReactionsCodec.decode(null)).isEqualTo(Reactions.NONE);
    }

    @Test
    void emoji_keep_the_order_of_first_use_and_people_the_order_they_reacted_in() {
        Reactions reactions = Reactions.NONE
                .add(new Emoji("❤️"), CAROL)
                .add(new Emoji("👍"), BOB)
                .add(new Emoji("❤️"), ANA)
                .add(new Emoji("👍"), CAROL)
                .add(new Emoji("👍"), ANA);

        Reactions read = ReactionsCodec.decode(ReactionsCodec.encode(reactions));

        assertThat(read.byEmoji().keySet()).containsExactly(new Emoji("❤️"), new Emoji("👍"));
        assertThat(read.byEmoji().get(new Emoji("❤️"))).containsExactly(CAROL, ANA);
        assertThat(read.byEmoji().get(new Emoji("👍"))).containsExactly(BOB, CAROL, ANA);
    }

    @Test
    void emoji_built_of_several_code_points_read_back_whole() {
        List<Emoji> built = List.of(
                new Emoji("1️⃣"), // keycap
                new Emoji("#️⃣"),
                new Emoji("🇪🇺"), // flag: two regional indicators
                new Emoji("👩🏽‍💻"), // skin tone and joiner
                new Emoji("👨🏻‍👩🏼‍👧🏽‍👦🏾"), // a family with skin tones: 11 code points
                new Emoji("🏴󠁧󠁢󠁳󠁣󠁴󠁿")); // tag sequence
        Reactions reactions = Reactions.NONE;
        for (Emoji emoji : built) {
            reactions = reactions.add(emoji, ANA);
        }

        Reactions read = ReactionsCodec.decode(ReactionsCodec.encode(reactions));

        assertThat(read.byEmoji().keySet()).containsExactlyElementsOf(built);
        assertThat(read.byEmoji()).isEqualTo(reactions.byEmoji());
    }

    @Test
    void the_stored_text_is_one_line_per_emoji() {
        Reactions reactions = new Reactions(Map.of(new Emoji("👍"), List.of(ANA, BOB)));

        assertThat(ReactionsCodec.encode(reactions)).isEqualTo("👍 ana,bob");
    }
}
