package dev.chat.core.memory;

import dev.chat.core.domain.Session;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.SessionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Sessions in a map; lost when the process ends. */
public final class InMemorySessionStore implements SessionStore {

    private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();

    @Override
    public void save(Session session) {
        sessions.put(session.tokenHash(), session);
    }

    @Override
    public Optional<Session> find(String tokenHash) {
        return Optional.ofNullable(sessions.get(tokenHash));
    }

    @Override
    public void touch(String tokenHash, Instant lastSeen) {
        sessions.computeIfPresent(tokenHash, (k, s) -> s.seenAt(lastSeen));
    }

    @Override
    public void delete(String tokenHash) {
        sessions.remove(tokenHash);
    }

    @Override
    public List<String> deleteAllOf(Username user, String keep) {
        List<String> deleted = new ArrayList<>();
        sessions.values().removeIf(session -> {
            boolean theirs = session.user().equals(user) && !session.tokenHash().equals(keep);
            if (theirs) {
                deleted.add(session.tokenHash());
            }
            return theirs;
        });
        return deleted;
    }

    @Override
    public int purgeIdle(Instant lastSeenBefore, int max) {
        int[] purged = {0};
        sessions.values().removeIf(session -> {
            boolean idle = purged[0] < max && session.lastSeen().isBefore(lastSeenBefore);
            if (idle) {
                purged[0]++;
            }
            return idle;
        });
        return purged[0];
    }
}
