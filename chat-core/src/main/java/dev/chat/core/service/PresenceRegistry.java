package dev.chat.core.service;

import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Who is online in each room on this node, counted by user: two tabs of one user are one person. */
final class PresenceRegistry {

    private final Map<RoomName, Map<Username, Integer>> rooms = new HashMap<>();

    /** Adds one connection of the user; true when the user was not online in the room before. */
    synchronized boolean add(RoomName room, Username user) {
        return rooms.computeIfAbsent(room, r -> new HashMap<>()).merge(user, 1, Integer::sum) == 1;
    }

    /** Removes one connection of the user; true when it was the user's last one in the room. */
    synchronized boolean remove(RoomName room, Username user) {
        Map<Username, Integer> users = rooms.get(room);
        if (users == null || !users.containsKey(user)) {
            return false;
        }
        boolean last = users.merge(user, -1, Integer::sum) == 0;
        if (last) {
            users.remove(user);
            if (users.isEmpty()) {
                rooms.remove(room);
            }
        }
        return last;
    }

    synchronized List<Username> users(RoomName room) {
        Map<Username, Integer> users = rooms.get(room);
        return users == null ? List.of() : users.keySet().stream().sorted().toList();
    }

    synchronized int count(RoomName room) {
        Map<Username, Integer> users = rooms.get(room);
        return users == null ? 0 : users.size();
    }
}
