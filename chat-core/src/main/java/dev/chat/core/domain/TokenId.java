package dev.chat.core.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/** An access token's public id, as lists show it and revocation names it: 12 lowercase hex characters. */
public record TokenId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{12}");

    public TokenId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new ChatException(ErrorCode.NO_SUCH_TOKEN, "There is no access token " + safe(value) + ".");
        }
    }

    /** An id as typed (capitals folded); one that could never be a token's is answered as an unknown one. */
    public static TokenId of(String raw) {
        return new TokenId(raw == null ? null : raw.strip().toLowerCase(Locale.ROOT));
    }

    private static String safe(String raw) {
        return raw != null && raw.length() <= 12 && raw.chars().allMatch(c -> c > 32 && c < 127) ? raw : "of that id";
    }

    @Override
    public String toString() {
        return value;
    }
}
