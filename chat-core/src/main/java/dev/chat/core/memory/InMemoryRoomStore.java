package dev.chat.core.memory;

import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
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
    public List<Room> page(RoomKind kind, RoomName after, int limit) {
        return (after == null ? rooms : rooms.tailMap(after, false))
                .values().stream().filter(r -> r.kind() == kind).limit(limit).toList();
    }

    @Override
    public boolean setTopic(RoomName name, Topic topic) {
        return rooms.computeIfPresent(
                        name, (n, room) -> new Room(n, topic, room.createdBy(), room.createdAt(), room.kind()))
                != null;
    }

    @Override
    public synchronized boolean rename(RoomName from, RoomName to) {
        Room room = rooms.get(from);
        if (room == null
                || rooms.putIfAbsent(to, new Room(to, room.topic(), room.createdBy(), room.createdAt(), room.kind()))
                        != null) {
            return false;
        }
        rooms.remove(from);
        return true;
    }

    @Override
    public boolean delete(RoomName name) {
        return rooms.remove(name) != null;
    }
}
