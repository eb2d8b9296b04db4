package dev.chat.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MentionsTest {

    private static Mentions in(String text) {
        return Mentions.in(MessageText.of(text));
    }

    @Test
    void names_called_with_an_at_sign_are_mentioned_once_each_in_order() {
        assertThat(in("@bob and @Carol, see @bob's note (@dave).").users())
                .containsExactly(Username.of("bob"), Username.of("carol"), Username.of("dave"));
        assertThat(in("@bob").room()).isFalse();
    }

    @Test
    void at_room_calls_everyone() {
        Mentions everyone = in("@room lunch is here, @ana");
        assertThat(everyone.room()).isTrue();
        assertThat(everyone.users()).containsExactly(Username.of("ana"));
    }

    @Test
    void addresses_words_code_and_short_names_call_nobody() {
        assertThat(in("write to ana@example.com or see x@bob")).isEqualTo(Mentions.NONE);
        assertThat(in("`@bob` in code, and\n```\n@carol in a block\n```\nafter"))
                .isEqualTo(Mentions.NONE);
        assertThat(in("@al is too short, @" + "a".repeat(33) + " too long")).isEqualTo(Mentions.NONE);
        assertThat(in("an email @ nobody")).isEqualTo(Mentions.NONE);
    }
}
