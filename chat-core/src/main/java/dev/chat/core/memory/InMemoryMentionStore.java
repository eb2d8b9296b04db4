package dev.chat.core.memory;

import dev.chat.core.domain.Mention;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.MentionStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Each user's newest {@value MentionStore#KEPT} mentions in a sorted set; lost when the process ends. */
public final class InMemoryMentionStore implements MentionStore {

    /** Newest first: by time, then room, then message. */
    static final Comparator<Mention> NEWEST_FIRST = Comparator.comparing(Mention::ts)
            .thenComparing(Mention::room)
            .thenComparingLong(Mention::messageId)
            .reversed();

    private final Map<Username, TreeSet<Mention>> byUser = new HashMap<>();

    @Override
    public synchronized void add(Mention mention) {
        TreeSet<Mention> mine = byUser.computeIfAbsent(mention.user(), u -> new TreeSet<>(NEWEST_FIRST));
        mine.removeIf(m -> m.room().equals(mention.room()) && m.messageId() == mention.messageId());
        mine.add(mention);
        while (mine.size() > KEPT) {
            mine.pollLast();
        }
    }

    @Override
    public synchronized void remove(Username user, RoomName room, long messageId) {
        TreeSet<Mention> mine = byUser.get(user);
        if (mine != null) {
            mine.removeIf(m -> m.room().equals(room) && m.messageId() == messageId);
        }
    }

    @Override
    public synchronized List<Mention> recent(Username user, int limit) {
        TreeSet<Mention> mine = byUser.get(user);
        return mine == null ? List.of() : mine.stream().limit(limit).toList();
    }
}
