package dev.chat.core.memory;

import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.port.out.RoomStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Rooms in a sorted map; lost when the process ends. */
public final class InMemoryRoomStore implements RoomStore {

    private final ConcurrentSkipListMap<RoomName, Room> rooms = new ConcurrentSkipListMap<>();

    @Override
    public boolean create(Room room) {
        return rooms.putIfAbsent(room.name(), room) == null;
    }

    @Override
    public Optional<Room> find(RoomName name) {
        return Optional.ofNullable(rooms.get(name));
    }

    @Override
    public List<Room> list() {
        return List.copyOf(rooms.values());
    }
}
