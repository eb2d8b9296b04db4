package dev.chat.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmojiTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "👍",
                "❤️",
                "❤",
                "👩🏽‍💻",
                "🇪🇺",
                "1️⃣",
                "#️⃣",
                "🏳️‍🌈",
                "👨‍👩‍👧‍👦",
                "✅",
                "⭐",
                "🫠",
                "🏴󠁧󠁢󠁳󠁣󠁴󠁿"
            })
    void one_emoji_is_a_reaction(String emoji) {
        assertThat(new Emoji(emoji).value()).isEqualTo(emoji);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "1", ":)", "👍👍", "👍a", "a👍", "\u200D", "\uFE0F", " 👍", "👍 ", "<b>", "©©"})
    void anything_else_is_refused(String notOne) {
        assertThatThrownBy(() -> new Emoji(notOne))
                .isInstanceOfSatisfying(
                        ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_EMOJI));
    }
}
