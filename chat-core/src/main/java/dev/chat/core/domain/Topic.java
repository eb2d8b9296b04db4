package dev.chat.core.domain;

/**
 * A room's optional topic line: at most 200 characters, one line, no control characters, and when not empty,
 * something a reader can see.
 */
public record Topic(String value) {

    public static final int MAX_LENGTH = 200;
    public static final Topic NONE = new Topic("");

    public Topic {
        if (value == null) {
            value = "";
        }
        if (value.codePointCount(0, value.length()) > MAX_LENGTH || Text.hasForbiddenControl(value, false)) {
            throw new ChatException(
                    ErrorCode.INVALID_TOPIC, "A topic is one line of at most " + MAX_LENGTH + " characters.");
        }
        if (!value.isEmpty() && Text.isInvisibleOnly(value)) {
            throw new ChatException(ErrorCode.INVALID_TOPIC, "A topic needs something a reader can see.");
        }
    }

    public static Topic of(String raw) {
        return raw == null ? NONE : new Topic(raw.strip());
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return value;
    }
}
