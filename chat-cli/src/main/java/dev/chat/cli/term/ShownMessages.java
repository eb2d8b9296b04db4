package dev.chat.cli.term;

import dev.chat.client.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The messages the terminal chat has shown, the newest {@value #KEPT} of each room as they are now: what an edit, a
 * deletion, a reaction or a reply names by id is looked up here, without asking the server (and without waiting on
 * the connection's thread, where the changes are reported).
 */
final class ShownMessages {

    static final int KEPT = 500;

    private final Map<String, LinkedHashMap<Long, Message>> byRoom = new LinkedHashMap<>();

    synchronized void put(Message m) {
        LinkedHashMap<Long, Message> room = byRoom.computeIfAbsent(m.room(), r -> new LinkedHashMap<>());
        room.put(m.id(), m);
        if (room.size() > KEPT) {
            Long oldest = room.keySet().stream().min(Long::compare).orElseThrow();
            room.remove(oldest);
        }
    }

    synchronized Optional<Message> get(String room, long id) {
        LinkedHashMap<Long, Message> messages = byRoom.get(room);
        return Optional.ofNullable(messages == null ? null : messages.get(id));
    }

    synchronized void remove(String room, long id) {
        LinkedHashMap<Long, Message> messages = byRoom.get(room);
        if (messages != null) {
            messages.remove(id);
        }
    }

    /** The newest message of {@code user} shown in the room, the one {@code /edit} without an id changes. */
    synchronized Optional<Message> lastOf(String room, String user) {
        LinkedHashMap<Long, Message> messages = byRoom.get(room);
        if (messages == null) {
            return Optional.empty();
        }
        List<Message> all = new ArrayList<>(messages.values());
        return all.stream().filter(m -> m.user().equals(user)).max((a, b) -> Long.compare(a.id(), b.id()));
    }

    /** A room renamed keeps its messages and their ids. */
    synchronized void renamed(String room, String to) {
        LinkedHashMap<Long, Message> messages = byRoom.remove(room);
        if (messages != null) {
            LinkedHashMap<Long, Message> moved = new LinkedHashMap<>();
            messages.forEach((id, m) -> moved.put(
                    id,
                    new Message(
                            to,
                            m.id(),
                            m.user(),
                            m.text(),
                            m.ts(),
                            m.clientId(),
                            m.seq(),
                            m.edited(),
                            m.replyTo(),
                            m.reactions(),
                            m.bot(),
                            m.via())));
            byRoom.put(to, moved);
        }
    }
}
