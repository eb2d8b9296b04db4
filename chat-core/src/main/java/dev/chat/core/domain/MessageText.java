package dev.chat.core.domain;

/**
 * The text of a message: 1–4,000 characters (Unicode code points) after trimming, with no control
 * characters except newline and tab, and at least one character a reader can see (a text of only
 * zero-width or other invisible characters looks empty). {@link #of(String)} normalises line endings and
 * trims.
 */
public record MessageText(String value) {

    public static final int MAX_LENGTH = 4000;

    /**
     * Stands in for the text of a deleted message, which the store no longer has. Never shown to a reader. This very
     * instance marks a tombstone ({@link Message#isDeleted()}): a stored text equal to it is someone's message.
     */
    public static final MessageText DELETED = new MessageText("[deleted]");

    public MessageText {
        if (value == null || value.isEmpty() || !value.strip().equals(value)) {
            throw new ChatException(ErrorCode.INVALID_TEXT, "A message cannot be empty.");
        }
        if (value.length() > 2 * MAX_LENGTH || value.codePointCount(0, value.length()) > MAX_LENGTH) {
            throw new ChatException(ErrorCode.INVALID_TEXT, "A message is at most " + MAX_LENGTH + " characters.");
        }
        if (Text.hasForbiddenControl(value, true)) {
            throw new ChatException(
                    ErrorCode.INVALID_TEXT, "A message cannot contain control characters other than newline and tab.");
        }
        if (Text.isInvisibleOnly(value)) {
            throw new ChatException(ErrorCode.INVALID_TEXT, "A message needs something a reader can see.");
        }
    }

    /** Parses what a person typed: CRLF and CR become LF, surrounding white space is dropped. */
    public static MessageText of(String raw) {
        if (raw == null) {
            throw new ChatException(ErrorCode.INVALID_TEXT, "A message cannot be empty.");
        }
        return new MessageText(raw.replace("\r\n", "\n").replace('\r', '\n').strip());
    }

    @Override
    public String toString() {
        return value;
    }
}
