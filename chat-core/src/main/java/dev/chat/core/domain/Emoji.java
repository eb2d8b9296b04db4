package dev.chat.core.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One emoji, as a reaction: a single grapheme cluster made of emoji code points (with the joiners, variation
 * selectors, skin tones, keycaps and tags that build one), such as 👍, ❤️, 👩‍💻, 🇪🇺, 1️⃣. The emoji ranges are
 * those of Unicode 15's {@code Emoji} property, approximated by blocks (a code point of an emoji block that is not
 * yet assigned passes too; text that is not an emoji never does).
 */
public record Emoji(String value) {

    /** Longer than any emoji sequence Unicode defines (a family with skin tones is 11 code points, 25 chars). */
    public static final int MAX_LENGTH = 32;

    private static final Pattern ONE_CLUSTER = Pattern.compile("\\X");

    public Emoji {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || !isOneEmoji(value)) {
            throw new ChatException(ErrorCode.INVALID_EMOJI, "A reaction is one emoji.");
        }
    }

    private static boolean isOneEmoji(String s) {
        Matcher m = ONE_CLUSTER.matcher(s);
        if (!m.lookingAt() || m.end() != s.length()) {
            return false;
        }
        int first = s.codePointAt(0);
        if (isKeycapBase(first)) {
            // 1️⃣, #️⃣: a digit, # or * is an emoji only with the keycap mark.
            return s.indexOf('\u20E3') > 0 && s.codePoints().allMatch(c -> c == first || isComponent(c));
        }
        boolean pictographic = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (isPictographic(c)) {
                pictographic = true;
            } else if (!isComponent(c)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return pictographic;
    }

    private static boolean isKeycapBase(int c) {
        return (c >= '0' && c <= '9') || c == '#' || c == '*';
    }

    /** What builds a sequence: joiner, variation selector 16, keycap, skin tones, tags. */
    private static boolean isComponent(int c) {
        return c == 0x200D
                || c == 0xFE0F
                || c == 0x20E3
                || (c >= 0x1F3FB && c <= 0x1F3FF)
                || (c >= 0xE0020 && c <= 0xE007F);
    }

    private static boolean isPictographic(int c) {
        return (c >= 0x1F000 && c <= 0x1FAFF) // mahjong … symbols and pictographs extended-A, flags' letters
                || (c >= 0x2600 && c <= 0x27BF) // miscellaneous symbols, dingbats
                || (c >= 0x2300 && c <= 0x23FF) // ⌚ ⏰ …
                || (c >= 0x2B05 && c <= 0x2B55) // ⬅ ⭐ ⭕ …
                || (c >= 0x2194 && c <= 0x21AA) // ↔ ↩ …
                || (c >= 0x25AA && c <= 0x25FE) // ▪ ▶ ◀ ◻ …
                || c == 0x00A9
                || c == 0x00AE
                || c == 0x203C
                || c == 0x2049
                || c == 0x2122
                || c == 0x2139
                || c == 0x24C2
                || c == 0x2934
                || c == 0x2935
                || c == 0x3030
                || c == 0x303D
                || c == 0x3297
                || c == 0x3299;
    }

    @Override
    public String toString() {
        return value;
    }
}
