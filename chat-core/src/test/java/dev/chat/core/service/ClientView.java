package dev.chat.core.service;

import dev.chat.core.domain.Message;
import dev.chat.core.port.in.LiveEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a client written from the protocol shows of one room: every message it was given, by id, in the newest state
 * it was given (a state with a smaller seq never replaces a newer one), without the deleted ones; and the last
 * position it saw, to rejoin with.
 */
final class ClientView {

    private final Map<Long, Message> shown = new TreeMap<>();
    private long position;

    /** Applies the events in the order they came. */
    void apply(List<LiveEvent> events) {
        for (LiveEvent event : events) {
            if (event instanceof LiveEvent.Delivered d) {
                position = Math.max(position, d.message().id());
                show(d.message());
            } else if (event instanceof LiveEvent.Changed c) {
                position = Math.max(position, c.change().seq());
                if (shown.containsKey(c.change().message().id())) {
                    show(c.change().message());
                }
            }
        }
    }

    private void show(Message state) {
        Message held = shown.get(state.id());
        if (held != null && held.seq() >= state.seq()) {
            return;
        }
        shown.put(state.id(), state);
    }

    long position() {
        return position;
    }

    /** The messages shown, oldest first, deleted ones left out. */
    List<Message> messages() {
        return shown.values().stream().filter(m -> !m.isDeleted()).toList();
    }
}
