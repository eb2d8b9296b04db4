package dev.chat.core.domain;

/**
 * Checks shared by user-written text: no control characters other than newline and tab, and something a
 * reader can see.
 */
final class Text {

    private Text() {}

    static boolean hasForbiddenControl(String s, boolean allowNewlines) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\t') {
                if (!allowNewlines && c == '\n') {
                    return true;
                }
                continue;
            }
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                        : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
                if (!paired) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether nothing in {@code s} shows: it is only white space, format characters (zero-width spaces and
     * joiners, bidirectional marks, the byte order mark), combining marks with nothing to combine with,
     * variation selectors, tags, or one of the letters and symbols that are drawn blank (Hangul fillers,
     * the Braille blank). Such a text looks empty, or like someone else's, while it is not.
     */
    static boolean isInvisibleOnly(String s) {
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (!invisible(c)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private static boolean invisible(int c) {
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            return true;
        }
        // Unassigned code points count as visible: they may be emoji newer than this JDK's Unicode tables.
        switch (Character.getType(c)) {
            case Character.FORMAT, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.CONTROL -> {
                return true;
            }
            default -> {
                // below
            }
        }
        return c == 0x115F
                || c == 0x1160
                || c == 0x3164
                || c == 0xFFA0
                || c == 0x2800
                || c == 0x180E
                || c == 0x17B4
                || c == 0x17B5
                || (c >= 0xFE00 && c <= 0xFE0F)
                || (c >= 0xE0000 && c <= 0xE0FFF);
    }
}
