package dev.chat.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who one chaos client was told is online in each of its rooms ({@code joined}'s list, then {@code presence} frames),
 * and how each list came to be, for the report of a wrong one. Written by the client's thread, read by the test's.
 */
final class OnlineLists {

    private final Map<String, Set<String>> online = new ConcurrentHashMap<>();
    /** The last joined and presence frames of each room, with the time and connection of each. */
    private final Map<String, Deque<String>> story = new ConcurrentHashMap<>();

    void joined(String room, JsonNode frame, int connection) {
        Set<String> users = ConcurrentHashMap.newKeySet();
        frame.path("online").forEach(u -> users.add(u.asText()));
        online.put(room, users);
        tell(room, connection, "joined " + new TreeSet<>(users));
    }

    void presence(String room, JsonNode frame, int connection) {
        String user = frame.path("user").asText();
        String state = frame.path("state").asText();
        tell(room, connection, user + " " + state);
        Set<String> users = online.computeIfAbsent(room, r -> ConcurrentHashMap.newKeySet());
        if ("online".equals(state)) {
            users.add(user);
        } else {
            users.remove(user);
        }
    }

    /** Who the client was told is online in the room. */
    Set<String> online(String room) {
        Set<String> users = online.get(room);
        return users == null ? Set.of() : Set.copyOf(users);
    }

    List<String> story(String room) {
        Deque<String> frames = story.get(room);
        if (frames == null) {
            return List.of();
        }
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    private void tell(String room, int connection, String what) {
        Deque<String> frames = story.computeIfAbsent(room, r -> new ArrayDeque<>());
        synchronized (frames) {
            if (frames.size() == 20) {
                frames.removeFirst();
            }
            frames.addLast(LocalTime.now() + " @" + connection + " " + what);
        }
    }

    /**
     * Clients whose list of who is online in one of their rooms is not the set of users in that room (every
     * client stays in its rooms to the end), as "user/room: told [..], truly [..]".
     */
    static List<String> wrong(List<ChaosClient> clients) {
        List<String> wrong = new ArrayList<>();
        for (ChaosClient client : clients) {
            for (String room : client.rooms) {
                if (!right(client, room, clients)) {
                    wrong.add(client.user + "/" + room + ": told " + new TreeSet<>(client.online(room)) + ", truly "
                            + truly(room, clients));
                }
            }
        }
        return wrong;
    }

    /** True if the client's list of who is online in the room is the set of clients in it. */
    static boolean right(ChaosClient client, String room, List<ChaosClient> clients) {
        return new TreeSet<>(client.online(room)).equals(truly(room, clients));
    }

    /** Every client stays in its rooms to the end: the users of a room are the clients in it. */
    private static Set<String> truly(String room, List<ChaosClient> clients) {
        Set<String> users = new TreeSet<>();
        clients.stream().filter(c -> c.rooms.contains(room)).forEach(c -> users.add(c.user));
        return users;
    }
}
