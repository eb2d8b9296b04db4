package dev.chat.core.service;

import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event a connection was given, as it is given (a direct listener: it never blocks). */
final class RecordingListener implements Live.DirectListener {

    final List<LiveEvent> events = new CopyOnWriteArrayList<>();
    volatile Live.Ending closedBecause;

    @Override
    public void onEvent(LiveEvent event) {
        events.add(event);
    }

    @Override
    public void onClosed(Live.Ending ending) {
        closedBecause = ending;
    }

    /** The events of one type, in the order they came. */
    <T extends LiveEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<Long> messageIds() {
        return events.stream()
                .filter(e -> e instanceof LiveEvent.Delivered)
                .map(e -> ((LiveEvent.Delivered) e).message().id())
                .toList();
    }
}
