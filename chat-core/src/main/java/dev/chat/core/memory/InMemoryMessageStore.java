package dev.chat.core.memory;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MessageStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Each room's messages in a list guarded by the room's lock; lost when the process ends. */
public final class InMemoryMessageStore implements MessageStore {

    private final ConcurrentMap<RoomName, RoomLog> rooms = new ConcurrentHashMap<>();

    @Override
    public Appended append(NewMessage m) {
        RoomLog log = rooms.computeIfAbsent(m.room(), r -> new RoomLog());
        synchronized (log) {
            String key = m.author().value() + '\n' + m.clientId().value();
            Message existing = log.byClientId.get(key);
            if (existing != null) {
                return new Appended(existing, true);
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
            return Optional.ofNullable(log.byClientId.get(author.value() + '\n' + clientId.value()));
        }
    }

    @Override
    public List<Message> after(RoomName room, long afterId, int limit) {
        RoomLog log = rooms.get(room);
        if (log == null || limit <= 0) {
            return List.of();
        }
        synchronized (log) {
            int from = (int) Math.max(0, Math.min(afterId, log.messages.size()));
            int to = (int) Math.min(log.messages.size(), (long) from + limit);
            return List.copyOf(log.messages.subList(from, to));
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
                page.add(log.messages.get(i));
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

    private static final class RoomLog {
        final List<Message> messages = new ArrayList<>();
        final Map<String, Message> byClientId = new HashMap<>();
    }
}
