package dev.chat.core.domain;

/** A room's name: 1–48 characters of lowercase letters, digits, '_' and '-', unique without regard to case. */
public record RoomName(String value) implements Comparable<RoomName> {

    public static final int MAX_LENGTH = 48;

    public RoomName {
        if (!Names.hasNameShape(value, 1, MAX_LENGTH)) {
            throw new ChatException(
                    ErrorCode.INVALID_ROOM, "A room name is 1 to 48 characters: letters, digits, '_' or '-'.");
        }
    }

    public static RoomName of(String raw) {
        return new RoomName(Names.foldCase(raw));
    }

    @Override
    public int compareTo(RoomName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
