package dev.chat.core.port.out;

import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import java.util.List;
import java.util.Optional;

/** Keeps the rooms. */
public interface RoomStore {

    /** Stores the room unless one of that name exists; atomic, so of two racing calls exactly one returns true. */
    boolean create(Room room);

    Optional<Room> find(RoomName name);

    /** All rooms, ordered by name. */
    List<Room> list();
}
