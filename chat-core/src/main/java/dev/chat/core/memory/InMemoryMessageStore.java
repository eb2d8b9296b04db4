package dev.chat.core.memory;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Each room's messages in a list guarded by the room's lock; lost when the process ends. Message n sits at
 * index n - 1; a deleted message keeps its slot (so ids are never reused) with its text dropped.
 */
public final class InMemoryMessageStore implements MessageStore {

    private final ConcurrentMap<RoomName, RoomLog> rooms = new ConcurrentHashMap<>();

    @Override
    public Appended append(NewMessage m) {
        RoomLog log = rooms.computeIfAbsent(m.room(), r -> new RoomLog());
        synchronized (log) {
            String key = key(m.author(), m.clientId());
            Message existing = log.byClientId.get(key);
            if (existing != null) {
                boolean deleted = log.deleted(existing.id());
                return new Appended(deleted ? tombstone(existing) : existing, true, deleted);
            }
            Instant ts = m.ts();
            if (!log.messages.isEmpty()) {
                Instant previous = log.messages.get(log.messages.size() - 1).ts();
                if (ts.isBefore(previous)) {
                    ts = previous;
                }
            }
            Message stored = new Message(m.room(), log.messages.size() + 1L, m.author(), m.text(), ts, m.clientId());
            log.messages.add(stored);
            log.byClientId.put(key, stored);
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
                    .filter(m -> !log.deleted(m.id()));
        }
    }

    @Override
    public List<Message> after(RoomName room, long afterId, int limit) {
        RoomLog log = rooms.get(room);
        if (log == null || limit <= 0) {
            return List.of();
        }
        synchronized (log) {
            List<Message> page = new ArrayList<>();
            for (int i = (int) Math.max(0, Math.min(afterId, log.messages.size()));
                    i < log.messages.size() && page.size() < limit;
                    i++) {
                if (!log.deleted(i + 1L)) {
                    page.add(log.messages.get(i));
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
            int end = (int) Math.max(0, Math.min(beforeId - 1, log.messages.size()));
            List<Message> page = new ArrayList<>(Math.min(limit, end));
            for (int i = end - 1; i >= 0 && page.size() < limit; i--) {
                if (!log.deleted(i + 1L)) {
                    page.add(log.messages.get(i));
                }
            }
            return page;
        }
    }

    @Override
    public long latestId(RoomName room) {
        RoomLog log = rooms.get(room);
        if (log == null) {
            return 0;
        }
        synchronized (log) {
            return log.messages.size();
        }
    }

    @Override
    public Optional<Message> delete(RoomName room, long id) {
        RoomLog log = rooms.get(room);
        if (log == null) {
            return Optional.empty();
        }
        synchronized (log) {
            if (id < 1 || id > log.messages.size() || !log.deletedIds.add(id)) {
                return Optional.empty();
            }
            Message message = log.messages.get((int) (id - 1));
            log.messages.set((int) (id - 1), tombstone(message));
            return Optional.of(message);
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
            for (Message m : log.messages) {
                Message relabelled = new Message(to, m.id(), m.author(), m.text(), m.ts(), m.clientId());
                moved.messages.add(relabelled);
                moved.byClientId.put(key(m.author(), m.clientId()), relabelled);
            }
            moved.deletedIds.addAll(log.deletedIds);
        }
        rooms.put(to, moved);
    }

    private static String key(Username author, ClientId clientId) {
        return author.value() + '\n' + clientId.value();
    }

    private static Message tombstone(Message m) {
        return new Message(m.room(), m.id(), m.author(), MessageText.DELETED, m.ts(), m.clientId());
    }

    private static final class RoomLog {
        final List<Message> messages = new ArrayList<>();
        final Map<String, Message> byClientId = new HashMap<>();
        final Set<Long> deletedIds = new HashSet<>();

        boolean deleted(long id) {
            return deletedIds.contains(id);
        }
    }
}
