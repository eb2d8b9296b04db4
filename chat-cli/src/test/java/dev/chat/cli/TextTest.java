package dev.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void escape_sequences_become_caret_notation() {
        assertThat(Text.neutralise("a\u001b[2Jb\u0007c\u0000d\u007f")).isEqualTo("a^[[2Jb^Gc^@d^?");
    }

    @Test
    void c1_controls_and_bidirectional_overrides_are_named() {
        assertThat(Text.neutralise("\u009b31m \u202Eabc\u2066")).isEqualTo("<U+009B>31m <U+202E>abc<U+2066>");
    }

    @Test
    void the_bidirectional_marks_are_named_too_so_no_direction_control_reaches_the_terminal() {
        assertThat(Text.neutralise("\u200Fbob\u200E: \u061Cx")).isEqualTo("<U+200F>bob<U+200E>: <U+061C>x");
        assertThat(Text.neutraliseLine("שלום"))
                .as("right-to-left letters themselves are text")
                .isEqualTo("שלום");
    }

    @Test
    void message_texts_keep_newlines_and_tabs_but_one_line_fields_do_not() {
        assertThat(Text.neutralise("a\nb\tc\rd")).isEqualTo("a\nb\tc^Md");
        assertThat(Text.neutraliseLine("a\nb\tc")).isEqualTo("a^Jb^Ic");
    }

    @Test
    void ordinary_text_is_left_alone_including_emoji_and_accents() {
        String text = "Grüße 👋 — ça va? 日本語";
        assertThat(Text.neutralise(text)).isSameAs(text);
        assertThat(Text.isInert(text)).isTrue();
        assertThat(Text.isInert("\u001b[2J")).isFalse();
    }
}
