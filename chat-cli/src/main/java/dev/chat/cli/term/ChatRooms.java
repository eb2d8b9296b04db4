package dev.chat.cli.term;

import dev.chat.cli.Text;
import dev.chat.client.RoomInfo;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms of one terminal chat: those joined, in the order they were joined, the current one (where typed lines
 * go), and how each is named on screen — {@code #general}, or a direct conversation by its other people,
 * {@code @bob, carol}, never by its server-made {@code dm-…} name.
 */
final class ChatRooms {

    private final Set<String> joined = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<String> everJoined = ConcurrentHashMap.newKeySet();
    /** Direct rooms by name, and their people. */
    private final Map<String, List<String>> direct = new ConcurrentHashMap<>();

    private volatile String current;
    private volatile String me;

    void me(String user) {
        this.me = user;
    }

    String me() {
        return me;
    }

    String current() {
        return current;
    }

    /** Remembers who a direct room is with; other kinds keep their names. */
    void learn(RoomInfo room) {
        if (room.isDirect()) {
            direct.put(room.name(), room.members());
        }
    }

    void learn(List<RoomInfo> rooms) {
        rooms.forEach(this::learn);
    }

    /** The room as the screen names it, made safe to print. */
    String label(String room) {
        List<String> people = direct.get(room);
        if (people == null) {
            return "#" + Text.neutraliseLine(room);
        }
        List<String> others = people.stream().filter(p -> !p.equals(me)).toList();
        return "@" + Text.neutraliseLine(String.join(", ", others.isEmpty() ? people : others));
    }

    boolean isJoined(String room) {
        return joined.contains(room);
    }

    /** The room is joined (or already was) and becomes the current one. */
    void enter(String room) {
        joined.add(room);
        current = room;
    }

    /** True the first time the room's {@code joined} arrives: later ones are rejoins after a drop. */
    boolean firstJoined(String room) {
        return everJoined.add(room);
    }

    /** The room is left or closed: the last room joined before becomes the current one if it was. */
    void remove(String room) {
        joined.remove(room);
        if (room.equals(current)) {
            current = last();
        }
    }

    /** The room is called {@code renamedTo} now; it stays the current one if it was. */
    void renamed(String room, String renamedTo) {
        joined.remove(room);
        joined.add(renamedTo);
        everJoined.add(renamedTo);
        if (room.equals(current)) {
            current = renamedTo;
        }
    }

    private String last() {
        synchronized (joined) {
            String last = null;
            for (String r : joined) {
                last = r;
            }
            return last;
        }
    }
}
