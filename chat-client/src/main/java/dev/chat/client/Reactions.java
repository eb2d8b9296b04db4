package dev.chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A message's reactions, immutable: each emoji once, in the order it was first used, with its count and whether the
 * signed-in user reacted so. {@link #none()} when a message has none.
 */
public final class Reactions implements Iterable<Reaction> {

    private static final Reactions NONE = new Reactions(List.of());

    private final List<Reaction> list;

    private Reactions(List<Reaction> list) {
        this.list = List.copyOf(list);
    }

    public static Reactions none() {
        return NONE;
    }

    public static Reactions of(List<Reaction> reactions) {
        return reactions.isEmpty() ? NONE : new Reactions(reactions);
    }

    /** Reads the protocol's array of reactions; a missing or malformed one is {@link #none()}. */
    public static Reactions from(JsonNode array) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            return NONE;
        }
        List<Reaction> reactions = new ArrayList<>();
        array.forEach(r -> reactions.add(Reaction.from(r)));
        return new Reactions(reactions);
    }

    /** How many people reacted with {@code emoji}; 0 when nobody did. */
    public int count(String emoji) {
        Reaction r = find(emoji);
        return r == null ? 0 : r.count();
    }

    /** Whether the signed-in user reacted with {@code emoji}. */
    public boolean byMe(String emoji) {
        Reaction r = find(emoji);
        return r != null && r.me();
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** How many different emoji. */
    public int size() {
        return list.size();
    }

    public List<Reaction> asList() {
        return list;
    }

    @Override
    public Iterator<Reaction> iterator() {
        return list.iterator();
    }

    private Reaction find(String emoji) {
        for (Reaction r : list) {
            if (r.emoji().equals(emoji)) {
                return r;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Reactions r && r.list.equals(list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }

    @Override
    public String toString() {
        return list.toString();
    }
}
