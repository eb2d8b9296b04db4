package dev.chat.cli.term;

import dev.chat.cli.Text;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Shows the Markdown of a message text with terminal styles: {@code **bold**}, {@code *italic*}, {@code ~~strike~~},
 * {@code `code`}, {@code [text](url)} as {@code text <url>}, fenced code blocks indented, {@code > } quotes behind a
 * bar. What is shown is {@link Text#neutralise neutralised} text, and styles are JLine attributes around it, so a
 * message adds no escape sequence of its own. Lines are read once each, and {@link MarkdownLine} reads a line in
 * linear time, so any text renders in linear time.
 *
 * <p>Without styles (NO_COLOR) the same structure shows as plain text: emphasis markers are dropped, while code keeps
 * its backticks and strikes keep their tildes, since without a style their meaning would be lost.
 */
final class Markdown {

    static final int CODE_COLOUR = AttributedStyle.CYAN;
    static final AttributedStyle CODE = AttributedStyle.DEFAULT.foreground(CODE_COLOUR);
    static final String CODE_INDENT = "  ";
    static final String BAR = "│ ";

    private final String s;
    private final boolean styled;
    private final AttributedStringBuilder out = new AttributedStringBuilder();

    private Markdown(String neutralised, boolean styled) {
        this.s = neutralised;
        this.styled = styled;
    }

    /**
     * The text as shown: its lines after the first start {@code indent} columns in, under the first; with
     * {@code styled} false no style at all.
     */
    static AttributedString render(String text, int indent, boolean styled) {
        return new Markdown(Text.neutralise(text), styled).blocks(" ".repeat(indent));
    }

    // ---- blocks: lines, fenced code, quotes --------------------------------------------------------

    private AttributedString blocks(String pad) {
        List<int[]> lines = new ArrayList<>();
        for (int start = 0, end; start <= s.length(); start = end + 1) {
            end = s.indexOf('\n', start);
            end = end < 0 ? s.length() : end;
            lines.add(new int[] {start, end});
        }
        int[] closes = new int[lines.size()];
        for (int j = 0; j < closes.length; j++) {
            closes[j] = closingFence(lines.get(j)[0], lines.get(j)[1]);
        }
        int shown = 0;
        int noCloserFor = Integer.MAX_VALUE; // fences this long or longer have no closing line further on
        for (int i = 0; i < lines.size(); i++) {
            int start = lines.get(i)[0];
            int end = lines.get(i)[1];
            int fence = openingFence(start, end);
            int close = -1;
            if (fence > 0 && fence < noCloserFor) {
                for (int j = i + 1; j < closes.length && close < 0; j++) {
                    close = closes[j] >= fence ? j : -1;
                }
                if (close < 0) {
                    noCloserFor = fence;
                }
            }
            if (close > 0) {
                for (int j = i + 1; j < close; j++) {
                    newLine(shown++, pad);
                    out.append(CODE_INDENT);
                    out.style(styled ? CODE : AttributedStyle.DEFAULT);
                    out.append(s, lines.get(j)[0], lines.get(j)[1]);
                    out.style(AttributedStyle.DEFAULT);
                }
                i = close;
                continue;
            }
            newLine(shown++, pad);
            if (s.startsWith("> ", start) || (end - start == 1 && s.charAt(start) == '>')) {
                out.style(styled ? Screen.FAINT : AttributedStyle.DEFAULT).append(BAR);
                out.style(AttributedStyle.DEFAULT);
                start = Math.min(start + 2, end);
            }
            new MarkdownLine(s, styled, out).render(start, end, AttributedStyle.DEFAULT);
        }
        return out.toAttributedString();
    }

    private void newLine(int shown, String pad) {
        if (shown > 0) {
            out.append('\n').append(pad);
        }
    }

    /** The length of the backtick fence that opens a code block on this line, or 0. */
    private int openingFence(int start, int end) {
        int i = start;
        while (i < end && i - start < 3 && s.charAt(i) == ' ') {
            i++;
        }
        if (i == end || s.charAt(i) != '`') {
            return 0;
        }
        int ticks = MarkdownLine.run(s, i, end);
        for (int j = ticks; j < end; j++) {
            if (s.charAt(j) == '`') {
                return 0; // a line like ```code``` is a code span
            }
        }
        return ticks - i >= 3 ? ticks - i : 0;
    }

    /** The length of the fence of a line that holds only backticks (three or more), or 0. */
    private int closingFence(int start, int end) {
        while (start < end && Character.isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return end - start >= 3 && s.charAt(start) == '`' && MarkdownLine.run(s, start, end) == end ? end - start : 0;
    }
}
