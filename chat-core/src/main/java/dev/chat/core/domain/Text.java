package dev.chat.core.domain;

/** Checks shared by user-written text: no control characters other than newline and tab. */
final class Text {

    private Text() {
    }

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
}
