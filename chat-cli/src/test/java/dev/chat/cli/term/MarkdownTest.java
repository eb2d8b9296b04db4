package dev.chat.cli.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import org.jline.utils.AttributedCharSequence.ForceMode;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

class MarkdownTest {

    private static final AttributedStyle PLAIN = AttributedStyle.DEFAULT;
    private static final AttributedStyle BOLD = PLAIN.bold();
    private static final AttributedStyle ITALIC = PLAIN.italic();

    @Test
    void bold_text_is_bold_and_loses_its_markers() {
        AttributedString shown = styled("say **hello** and __bye__ now");

        assertThat(shown.toString()).isEqualTo("say hello and bye now");
        assertThat(styleOf(shown, "hello")).isEqualTo(BOLD);
        assertThat(styleOf(shown, "bye")).isEqualTo(BOLD);
        assertThat(styleOf(shown, " and ")).isEqualTo(PLAIN);
        assertThat(styleOf(shown, " now")).isEqualTo(PLAIN);
    }

    @Test
    void a_terminal_with_colours_gets_the_styles_as_escape_sequences_around_the_words() {
        String ansi = styled("**hi** ~~old~~ `x`").toAnsi(256, ForceMode.None);

        // SGR 1 bold, 9 crossed out, 36 cyan, 0 back to plain.
        assertThat(ansi.replace('\u001b', '⎋')).isEqualTo("⎋[1mhi⎋[0m ⎋[9mold⎋[0m ⎋[36mx⎋[0m");
    }

    @Test
    void italics_need_markers_outside_words_so_snake_case_and_sums_stay_as_typed() {
        AttributedString shown = styled("*one* _two_ snake_case_name 2*3*4 a_b_");

        assertThat(shown.toString()).isEqualTo("one two snake_case_name 2*3*4 a_b_");
        assertThat(styleOf(shown, "one")).isEqualTo(ITALIC);
        assertThat(styleOf(shown, "two")).isEqualTo(ITALIC);
        assertThat(styleOf(shown, " snake_case_name 2*3*4 a_b_")).isEqualTo(PLAIN);
    }

    @Test
    void emphasis_nests_and_strike_is_crossed_out() {
        AttributedString shown = styled("**bold *both* bold** ~~gone~~ ***all***");

        assertThat(shown.toString()).isEqualTo("bold both bold gone all");
        assertThat(styleOf(shown, "bold ")).isEqualTo(BOLD);
        assertThat(styleOf(shown, "both")).isEqualTo(BOLD.italic());
        assertThat(styleOf(shown, "gone")).isEqualTo(PLAIN.crossedOut());
        assertThat(styleOf(shown, "all")).isEqualTo(BOLD.italic());
    }

    @Test
    void code_is_coloured_and_its_content_is_not_read_as_markdown() {
        AttributedString shown = styled("run `rm **x** _y_` then ``a ` b``");

        assertThat(shown.toString()).isEqualTo("run rm **x** _y_ then a ` b");
        assertThat(styleOf(shown, "rm **x** _y_")).isEqualTo(Markdown.CODE);
        assertThat(styleOf(shown, "a ` b")).isEqualTo(Markdown.CODE);
        assertThat(styleOf(shown, " then ")).isEqualTo(PLAIN);
    }

    @Test
    void a_link_shows_its_text_and_its_address_underlined_and_bare_addresses_stay_as_typed() {
        AttributedString shown = styled("see [the **docs**](https://x.dev/a_b_) or https://x.dev/_c_/*d*");

        assertThat(shown.toString()).isEqualTo("see the docs <https://x.dev/a_b_> or https://x.dev/_c_/*d*");
        assertThat(styleOf(shown, "docs")).isEqualTo(BOLD);
        assertThat(styleOf(shown, "https://x.dev/a_b_")).isEqualTo(PLAIN.underline());
        assertThat(styleOf(shown, " or https://x.dev/_c_/*d*")).isEqualTo(PLAIN);
    }

    @Test
    void a_fenced_code_block_is_indented_under_the_text_and_kept_verbatim() {
        AttributedString shown = styled("look:\n```java\nint **x** = 1;\n  > y\n```\n*done*", 5);

        assertThat(shown.toString()).isEqualTo("look:\n       int **x** = 1;\n         > y\n     done");
        assertThat(styleOf(shown, "int **x** = 1;")).isEqualTo(Markdown.CODE);
        assertThat(styleOf(shown, "done")).isEqualTo(ITALIC);
    }

    @Test
    void a_fence_that_is_never_closed_stays_literal() {
        assertThat(styled("```\nnot *closed*").toString()).isEqualTo("```\nnot closed");
    }

    @Test
    void quoted_lines_show_behind_a_faint_bar() {
        AttributedString shown = styled("> you said *this*\n>\nyes", 2);

        assertThat(shown.toString()).isEqualTo("│ you said this\n  │ \n  yes");
        assertThat(styleOf(shown, Markdown.BAR)).isEqualTo(Screen.FAINT);
        assertThat(styleOf(shown, "this")).isEqualTo(ITALIC);
    }

    @Test
    void without_colour_nothing_is_styled_and_only_markers_that_are_pure_styling_go() {
        AttributedString shown = Markdown.render(
                "**bold** _it_ ~~old~~ `code` [docs](https://x.dev)\n> quote\n```\nblock\n```", 4, false);

        assertThat(shown.toString()).isEqualTo("bold it ~~old~~ `code` docs <https://x.dev>\n    │ quote\n      block");
        assertThat(styleOf(shown, shown.toString())).isEqualTo(PLAIN);
        assertThat(shown.toAnsi(256, ForceMode.None)).doesNotContain("\u001b");
    }

    @Test
    void escape_sequences_and_carriage_returns_in_a_message_stay_inert_wherever_they_are() {
        String esc = "\u001b[31mred\u001b]8;;https://evil\u0007click\u001b]8;;\u0007\r\u009b2J";
        assertThat(styled(esc).toString()).isEqualTo("^[[31mred^[]8;;https://evil^Gclick^[]8;;^G^M<U+009B>2J");

        List<String> hostile = List.of(
                "`" + esc + "`",
                "**" + esc + "**",
                "[" + esc + "](https://x)",
                "[x](https://" + esc + ")",
                "> " + esc,
                "```\n" + esc + "\n```",
                "https://" + esc);
        for (String text : hostile) {
            for (boolean colour : new boolean[] {true, false}) {
                String shown = Markdown.render(text, 0, colour).toString();
                assertThat(shown).as(text).contains("red", "click", "2J");
                assertThat(shown).as(text).doesNotContain("\u001b", "\u0007", "\r", "\u009b");
            }
        }
    }

    @Test
    void markers_deeper_than_the_limit_stay_literal() {
        AttributedString shown = styled("*a _b ~~c **d** c~~ b_ a*");

        assertThat(shown.toString()).isEqualTo("a b c **d** c b a");
        assertThat(styleOf(shown, "**d**")).isEqualTo(ITALIC.crossedOut());
    }

    /**
     * Ten times the longest message (4,000 characters) each: linear rendering takes milliseconds of CPU, while a scan
     * that went back over the line for every marker would take seconds.
     */
    @Test
    void hostile_texts_render_in_linear_time() {
        List<String> texts = List.of(
                tenMessages("*_~~`"),
                tenMessages("**a"),
                tenMessages("*"),
                tenMessages("_a "),
                tenMessages("[a](x"),
                "[".repeat(20_000) + "](".repeat(10_000),
                ticksOfEveryLength(),
                tenMessages("```java\n"),
                tenMessages("```\n> *a\n"),
                tenMessages("~~a "),
                tenMessages("http://"),
                "*a ".repeat(6_666) + "b_ ".repeat(6_666));
        // The thread's CPU time, not the clock's: the build runs other modules' tests beside this one, and a slice of
        // a loaded machine's time must not pass for quadratic work.
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (String text : texts) {
            for (boolean colour : new boolean[] {true, false}) {
                long start = cpu.getCurrentThreadCpuTime();
                assertThat(Markdown.render(text, 12, colour).length()).isPositive();
                assertThat(Duration.ofNanos(cpu.getCurrentThreadCpuTime() - start))
                        .as("rendering %s…", text.substring(0, 20))
                        .isLessThan(Duration.ofMillis(500));
            }
        }
    }

    private static String tenMessages(String unit) {
        return unit.repeat(40_000 / unit.length());
    }

    /** Backtick runs of length 1, 2, 3, …, none closed. */
    private static String ticksOfEveryLength() {
        StringBuilder sb = new StringBuilder();
        for (int n = 1; sb.length() + n + 1 <= 40_000; n++) {
            sb.append("`".repeat(n)).append('x');
        }
        return sb.toString();
    }

    private static AttributedString styled(String text) {
        return styled(text, 0);
    }

    private static AttributedString styled(String text, int indent) {
        return Markdown.render(text, indent, true);
    }

    /** The one style of every character of {@code part}, where it first occurs in what is shown. */
    private static AttributedStyle styleOf(AttributedString shown, String part) {
        int at = shown.toString().indexOf(part);
        assertThat(at).as("'%s' in '%s'", part, shown).isNotNegative();
        AttributedStyle style = shown.styleAt(at);
        for (int i = at; i < at + part.length(); i++) {
            assertThat(shown.styleAt(i))
                    .as("style of '%s' in '%s'", shown.charAt(i), part)
                    .isEqualTo(style);
        }
        return style;
    }
}
