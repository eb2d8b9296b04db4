package dev.chat.core.memory;

import dev.chat.core.domain.Change;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Entry;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Each room's history in a map of positions guarded by the room's lock; lost when the process ends. A position
 * holds a message's id (its current state is kept by id) or a change: which message, and what was done.
 */
public final class InMemoryMessageStore implements MessageStore {

    private final ConcurrentMap<RoomName, RoomLog> rooms = new ConcurrentHashMap<>();

    @Override
    public Appended append(NewMessage m) {
        RoomLog log = rooms.computeIfAbsent(m.room(), r -> new RoomLog());
        synchronized (log) {
            String key = key(m.author(), m.clientId());
            Long existing = log.byClientId.get(key);
            if (existing != null) {
                Message original = log.messages.get(existing);
                return new Appended(original, true, original.isDeleted());
            }
            Instant ts = m.ts().isBefore(log.newestTs) ? log.newestTs : m.ts();
            long id = log.next();
            Message stored = m.at(id, ts);
            log.positions.put(id, id);
            log.messages.put(id, stored);
            log.byClientId.put(key, id);
            log.newestTs = ts;
            return new Appended(stored, false);
        }
    }

    @Override
    public Optional<Message> find(RoomName room, Username author, ClientId clientId) {
        RoomLog log = rooms.get(room);
        if (log == null) {
            return Optional.empty();
        }
        synchronized (log) {
            return Optional.ofNullable(log.byClientId.get(key(author, clientId)))
                    .map(log.messages::get)
                    .filter(m -> !m.isDeleted());
        }
    }

    @Override
    public Optional<Message> message(RoomName room, long id) {
        RoomLog log = rooms.get(room);
        if (log == null) {
            return Optional.empty();
        }
        synchronized (log) {
            return Optional.ofNullable(log.messages.get(id)).filter(m -> !m.isDeleted());
        }
    }

    @Override
    public Optional<Changed> change(RoomName room, long id, ChangeKind kind, Edit edit) {
        RoomLog log = rooms.get(room);
        if (log == null) {
            return Optional.empty();
        }
        synchronized (log) {
            Message current = log.messages.get(id);
            if (current == null || current.isDeleted()) {
                return Optional.empty();
            }
            Message next = edit.apply(current);
            if (next == current) {
                return Optional.of(new Changed(current, Optional.empty()));
            }
            long seq = log.next();
            Message state = next.atSeq(seq);
            log.positions.put(seq, new ChangeAt(id, kind));
            log.messages.put(id, state);
            return Optional.of(new Changed(current, Optional.of(new Change(seq, kind, state))));
        }
    }

    @Override
    public List<Entry> after(RoomName room, long afterPosition, int limit) {
        RoomLog log = rooms.get(room);
        if (log == null || limit <= 0) {
            return List.of();
        }
        synchronized (log) {
            List<Entry> page = new ArrayList<>();
            for (Map.Entry<Long, Object> at :
                    log.positions.tailMap(afterPosition, false).entrySet()) {
                if (page.size() >= limit) {
                    break;
                }
                long position = at.getKey();
                if (at.getValue() instanceof ChangeAt c) {
                    Message target = log.messages.get(c.id());
                    if (c.id() <= afterPosition && target.seq() == position) {
                        page.add(new Change(position, c.kind(), target));
                    }
                } else {
                    Message m = log.messages.get(position);
                    if (!m.isDeleted()) {
                        page.add(m);
                    }
                }
            }
            return page;
        }
    }

    @Override
    public List<Message> before(RoomName room, long beforeId, int limit) {
        RoomLog log = rooms.get(room);
        if (log == null || limit <= 0) {
            return List.of();
        }
        synchronized (log) {
            List<Message> page = new ArrayList<>(Math.min(limit, 100));
            for (Message m :
                    log.messages.headMap(beforeId, false).descendingMap().values()) {
                if (page.size() >= limit) {
                    break;
                }
                if (!m.isDeleted()) {
                    page.add(m);
                }
            }
            return page;
        }
    }

    @Override
    public long latestPosition(RoomName room) {
        RoomLog log = rooms.get(room);
        if (log == null) {
            return 0;
        }
        synchronized (log) {
            return log.positions.isEmpty() ? 0 : log.positions.lastKey();
        }
    }

    @Override
    public void deleteRoom(RoomName room) {
        rooms.remove(room);
    }

    @Override
    public void moveRoom(RoomName from, RoomName to) {
        RoomLog log = rooms.remove(from);
        if (log == null) {
            return;
        }
        RoomLog moved = new RoomLog();
        synchronized (log) {
            moved.positions.putAll(log.positions);
            log.messages.forEach((id, m) -> moved.messages.put(id, m.inRoom(to)));
            moved.byClientId.putAll(log.byClientId);
            moved.newestTs = log.newestTs;
        }
        rooms.put(to, moved);
    }

    private static String key(Username author, ClientId clientId) {
        return author.value() + '\n' + clientId.value();
    }

    /** A change at a position: to message {@code id}. */
    private record ChangeAt(long id, ChangeKind kind) {}

    private static final class RoomLog {
        /** Position → the id of the message written there (a Long), or the change made there (a ChangeAt). */
        final NavigableMap<Long, Object> positions = new TreeMap<>();
        /** Id → the message's current state. */
        final NavigableMap<Long, Message> messages = new TreeMap<>();

        final Map<String, Long> byClientId = new HashMap<>();
        Instant newestTs = Instant.MIN;

        long next() {
            return positions.isEmpty() ? 1 : positions.lastKey() + 1;
        }
    }
}
