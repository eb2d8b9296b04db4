package dev.chat.core.domain;

/**
 * A password as typed: 8–128 characters, never trimmed or lower-cased. {@link #toString()} hides it so
 * that it cannot leak into a log line.
 */
public record Password(String value) {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 128;

    public Password {
        if (value == null || value.isEmpty()) {
            throw new ChatException(ErrorCode.INVALID_PASSWORD, "A password is required.");
        }
        int length = value.codePointCount(0, value.length());
        if (length < MIN_LENGTH) {
            throw new ChatException(
                    ErrorCode.INVALID_PASSWORD, "A password needs at least " + MIN_LENGTH + " characters.");
        }
        if (length > MAX_LENGTH) {
            throw new ChatException(ErrorCode.INVALID_PASSWORD, "A password is at most " + MAX_LENGTH + " characters.");
        }
    }

    @Override
    public String toString() {
        return "Password[***]";
    }
}
