package dev.chat.core.domain;

/**
 * A user's name: 3–32 characters of lowercase letters, digits, '_' and '-'. Names are unique without
 * regard to case because {@link #of(String)} folds ASCII upper case before validating.
 */
public record Username(String value) implements Comparable<Username> {

    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 32;
    public static final String GUEST_PREFIX = "guest-";

    public Username {
        if (!Names.hasNameShape(value, MIN_LENGTH, MAX_LENGTH)) {
            throw new ChatException(
                    ErrorCode.INVALID_USERNAME, "A username is 3 to 32 characters: letters, digits, '_' or '-'.");
        }
    }

    /** Parses what a person typed: "Ana" and "ana" are the same user. */
    public static Username of(String raw) {
        return new Username(Names.foldCase(raw));
    }

    public boolean isGuestName() {
        return value.startsWith(GUEST_PREFIX);
    }

    @Override
    public int compareTo(Username other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
