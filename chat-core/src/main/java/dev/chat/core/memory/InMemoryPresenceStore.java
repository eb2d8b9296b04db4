package dev.chat.core.memory;

import dev.chat.core.domain.NodeFigures;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.PresenceStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Presence kept in this process: right for one node, or for several cores in one JVM sharing an instance. */
public final class InMemoryPresenceStore implements PresenceStore {

    private final Map<RoomName, Map<Username, Integer>> rooms = new HashMap<>();
    private final Map<String, NodeFigures> nodes = new HashMap<>();

    @Override
    public synchronized boolean add(RoomName room, Username user) {
        return rooms.computeIfAbsent(room, r -> new HashMap<>()).merge(user, 1, Integer::sum) == 1;
    }

    @Override
    public synchronized boolean remove(RoomName room, Username user) {
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

    @Override
    public synchronized List<Username> users(RoomName room) {
        Map<Username, Integer> users = rooms.get(room);
        return users == null ? List.of() : users.keySet().stream().sorted().toList();
    }

    @Override
    public synchronized Map<RoomName, Integer> counts(Collection<RoomName> names) {
        Map<RoomName, Integer> counts = new HashMap<>();
        for (RoomName name : names) {
            Map<Username, Integer> users = rooms.get(name);
            if (users != null) {
                counts.put(name, users.size());
            }
        }
        return counts;
    }

    @Override
    public synchronized void reportNode(String node, NodeFigures figures) {
        nodes.put(node, figures);
    }

    @Override
    public synchronized Map<String, NodeFigures> nodes() {
        return Map.copyOf(nodes);
    }
}
