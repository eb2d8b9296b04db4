package com.example.adapter;

import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.port.out.RoomStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Someone's own room store: a tree map behind one lock, standing for their database. */
public final class MyRoomStore implements RoomStore {

    private final TreeMap<RoomName, Room> byName = new TreeMap<>();

    @Override
    public synchronized boolean create(Room room) {
        if (byName.containsKey(room.name())) {
            return false;
        }
        byName.put(room.name(), room);
        return true;
    }

    @Override
    public synchronized Optional<Room> find(RoomName name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public synchronized List<Room> page(RoomKind kind, RoomName after, int limit) {
        List<Room> page = new ArrayList<>();
        Map<RoomName, Room> rest = after == null ? byName : byName.tailMap(after, false);
        for (Room room : rest.values()) {
            if (page.size() == limit) {
                break;
            }
            if (room.kind() == kind) {
                page.add(room);
            }
        }
        return page;
    }

    @Override
    public synchronized boolean setTopic(RoomName name, Topic topic) {
        Room room = byName.get(name);
        if (room == null) {
            return false;
        }
        byName.put(name, new Room(name, topic, room.createdBy(), room.createdAt(), room.kind()));
        return true;
    }

    @Override
    public synchronized boolean rename(RoomName from, RoomName to) {
        Room room = byName.get(from);
        if (room == null || byName.containsKey(to)) {
            return false;
        }
        byName.remove(from);
        byName.put(to, new Room(to, room.topic(), room.createdBy(), room.createdAt(), room.kind()));
        return true;
    }

    @Override
    public synchronized boolean delete(RoomName name) {
        return byName.remove(name) != null;
    }
}
