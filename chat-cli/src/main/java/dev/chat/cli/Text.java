package dev.chat.cli;

/**
 * Makes text from the network safe to print on a terminal: every control character that could move the
 * cursor, clear the screen, set the title or otherwise drive the terminal is replaced by a visible stand-in
 * ({@code ESC} becomes {@code ^[}, so {@code ESC[2J} prints as {@code ^[[2J}). Newline and tab stay in
 * message texts, where the protocol allows them.
 */
public final class Text {

    private Text() {}

    /** For message texts: keeps newline and tab, neutralises every other control. */
    public static String neutralise(String text) {
        return neutralise(text, true);
    }

    /** For one-line fields (names, topics, error messages): newline and tab are neutralised too. */
    public static String neutraliseLine(String text) {
        return neutralise(text, false);
    }

    /** Whether printing {@code text} as-is could drive a terminal. */
    public static boolean isInert(String text) {
        return neutralise(text).equals(text);
    }

    private static String neutralise(String text, boolean multiline) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int width = Character.charCount(c);
            String replacement = replacement(c, multiline);
            if (replacement != null && sb == null) {
                sb = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (sb != null) {
                if (replacement != null) {
                    sb.append(replacement);
                } else {
                    sb.appendCodePoint(c);
                }
            }
            i += width;
        }
        return sb == null ? text : sb.toString();
    }

    private static String replacement(int c, boolean multiline) {
        if (multiline && (c == '\n' || c == '\t')) {
            return null;
        }
        if (c < 0x20) {
            return "^" + (char) (c + 0x40);
        }
        if (c == 0x7f) {
            return "^?";
        }
        // C1 controls (0x9B is a one-byte CSI on some terminals) and every bidirectional formatting character
        // (embeddings, overrides, isolates and the marks): on a terminal that does bidirectional layout they can
        // make a line, and the name and time before the text, read differently from what they contain.
        if ((c >= 0x80 && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e
                || c == 0x200f
                || c == 0x061c) {
            return String.format("<U+%04X>", c);
        }
        return null;
    }
}
