package dev.chat.core.port.out;

import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import java.util.List;
import java.util.Optional;

/** Keeps the rooms, of every kind; a room's kind never changes (a rename and a new topic keep it). */
public interface RoomStore {

    /** Stores the room unless one of that name exists; atomic, so of two racing calls exactly one returns true. */
    boolean create(Room room);

    Optional<Room> find(RoomName name);

    /**
     * Up to {@code limit} public rooms ordered by name, starting after {@code after} (null: from the first): the
     * directory everyone may read. Private and direct rooms are never listed here (their members find them through
     * {@link MemberStore#roomsOf}). A listing never reads the whole table at once: a client pages through it.
     */
    default List<Room> page(RoomName after, int limit) {
        return page(RoomKind.PUBLIC, after, limit);
    }

    /**
     * Up to {@code limit} rooms of one kind ordered by name, after {@code after} (null: from the first), reading no
     * room of another kind: the public directory, or every private or direct room for the admins' figures.
     */
    List<Room> page(RoomKind kind, RoomName after, int limit);

    /** Replaces the room's topic; false when there is no such room. */
    boolean setTopic(RoomName name, Topic topic);

    /**
     * Gives the room a new name, keeping its topic and creation; false when {@code from} does not exist
     * or {@code to} does. The caller moves the messages ({@link MessageStore#moveRoom}).
     */
    boolean rename(RoomName from, RoomName to);

    /** Deletes the room; false when there was none. The caller deletes its messages. */
    boolean delete(RoomName name);
}
