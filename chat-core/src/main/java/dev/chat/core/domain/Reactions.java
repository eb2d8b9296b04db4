package dev.chat.core.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message's reactions: for each emoji, who reacted with it, in the order they did; emoji in the order they were
 * first used. At most {@value #MAX_DISTINCT} different emoji per message, each at most once per user.
 */
public record Reactions(Map<Emoji, List<Username>> byEmoji) {

    public static final int MAX_DISTINCT = 20;
    public static final Reactions NONE = new Reactions(Map.of());

    public Reactions {
        Map<Emoji, List<Username>> copy = new LinkedHashMap<>();
        byEmoji.forEach((emoji, users) -> {
            if (!users.isEmpty()) {
                copy.put(emoji, List.copyOf(users));
            }
        });
        byEmoji = Collections.unmodifiableMap(copy);
    }

    public boolean isEmpty() {
        return byEmoji.isEmpty();
    }

    /** With {@code user}'s {@code emoji} added; this when it is there already. */
    public Reactions add(Emoji emoji, Username user) {
        List<Username> users = byEmoji.get(emoji);
        if (users != null && users.contains(user)) {
            return this;
        }
        if (users == null && byEmoji.size() >= MAX_DISTINCT) {
            throw new ChatException(
                    ErrorCode.TOO_MANY_REACTIONS,
                    "A message has at most " + MAX_DISTINCT + " different reactions; add to one of them.");
        }
        Map<Emoji, List<Username>> next = new LinkedHashMap<>(byEmoji);
        List<Username> now = new ArrayList<>(users == null ? List.of() : users);
        now.add(user);
        next.put(emoji, now);
        return new Reactions(next);
    }

    /** Without {@code user}'s {@code emoji}; this when it is not there. */
    public Reactions remove(Emoji emoji, Username user) {
        List<Username> users = byEmoji.get(emoji);
        if (users == null || !users.contains(user)) {
            return this;
        }
        Map<Emoji, List<Username>> next = new LinkedHashMap<>(byEmoji);
        List<Username> now = new ArrayList<>(users);
        now.remove(user);
        next.put(emoji, now);
        return new Reactions(next);
    }
}
