package dev.chat.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a client holds of one room: its position (the largest message {@code id} and change {@code seq} received,
 * -1 before anything), and its newest messages as they are now. A change applies only when its {@code seq} is larger
 * than the state held (docs/protocol.md, "States never go back"), so a change a replay brings again is recognised as
 * one. Used on the client's own thread only.
 */
final class RoomView {

    /** How many of a followed room's newest messages are held, at least. */
    static final int KEPT = 1_000;

    private final String room;
    private final int keep;
    private final TreeMap<Long, Message> held = new TreeMap<>();
    /**
     * The {@code seq} of states newer than the position, of messages no longer held: a rejoin may replay those
     * changes, and they must be recognised. Entries go as soon as the position passes them.
     */
    private final Map<Long, Long> ahead = new HashMap<>();

    private long position = -1;

    RoomView(String room, int keep) {
        this.room = room;
        this.keep = keep;
    }

    /** -1 while nothing was read or received. */
    long position() {
        return position;
    }

    boolean started() {
        return position >= 0;
    }

    /** The messages held, oldest first, as they are now. */
    List<Message> messages() {
        return List.copyOf(held.values());
    }

    /** Everything up to {@code p} is known: the room was read up to there before joining. */
    void readUpTo(long p) {
        advance(p);
    }

    /** A {@code message} frame: true when it is new (then it is held), false for one already had. */
    boolean message(Message m) {
        if (position >= 0 && m.id() <= position) {
            return false;
        }
        advance(m.id());
        hold(m);
        return true;
    }

    /** A message read from history, held unless a newer state of it is. */
    void hold(Message m) {
        if (keep == 0) {
            return;
        }
        Message had = held.get(m.id());
        if (had != null && had.seq() >= m.seq()) {
            return;
        }
        held.put(m.id(), m);
        while (held.size() > keep) {
            Message oldest = held.pollFirstEntry().getValue();
            if (oldest.seq() > position) {
                ahead.put(oldest.id(), oldest.seq());
            }
        }
    }

    /**
     * An {@code edited}, {@code deleted} or {@code reactions} frame: moves the position, and answers whether the
     * change is news (then it is applied to the message held), false when the state held is as new or newer.
     */
    boolean change(MessageChange change) {
        Message had = held.get(change.id());
        long known = had != null ? had.seq() : ahead.getOrDefault(change.id(), 0L);
        advance(change.seq());
        if (change.seq() <= known) {
            return false;
        }
        ahead.remove(change.id());
        if (had != null) {
            had.apply(change).ifPresentOrElse(m -> held.put(m.id(), m), () -> held.remove(change.id()));
        }
        return true;
    }

    /**
     * After a {@code gap}: a page of history (newest first) shows messages as they are now. The messages held that it
     * shows changed, or leaves out (deleted), are brought up to date and told to {@code listener}, as changes would
     * have been. Messages newer than the position are left for {@link #message}.
     */
    void refresh(List<Message> page, ChatListener listener) {
        if (page.isEmpty()) {
            return;
        }
        long oldest = page.get(page.size() - 1).id();
        Set<Long> shown = new HashSet<>();
        for (int i = page.size() - 1; i >= 0; i--) {
            Message now = page.get(i);
            shown.add(now.id());
            Message had = held.get(now.id());
            if (had == null || now.seq() <= had.seq()) {
                continue;
            }
            held.put(now.id(), now);
            if (!Objects.equals(had.text(), now.text()) || !Objects.equals(had.edited(), now.edited())) {
                listener.edited(
                        new MessageChange.Edited(room, now.id(), now.seq(), now.text(), now.edited(), now.reactions()));
            }
            if (!had.reactions().equals(now.reactions())) {
                listener.reactionsChanged(new MessageChange.ReactionsChanged(
                        room, now.id(), now.seq(), now.reactions(), now.text(), now.edited()));
            }
        }
        if (oldest > position) {
            return;
        }
        for (Long id : new ArrayList<>(held.subMap(oldest, true, position, true).keySet())) {
            if (!shown.contains(id)) {
                held.remove(id);
                listener.deleted(room, id);
            }
        }
    }

    /** The same room under a new name: the messages kept their ids and positions. */
    void moveTo(RoomView other) {
        other.position = position;
        held.values().forEach(m -> other.held.put(m.id(), m.inRoom(other.room)));
        other.ahead.putAll(ahead);
    }

    private void advance(long p) {
        if (p > position) {
            position = p;
            if (!ahead.isEmpty()) {
                ahead.values().removeIf(seq -> seq <= position);
            }
        }
    }
}
