package dev.chat.core.memory;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.port.out.Fanout;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process fan-out: {@link #publish} calls every subscriber of the topic on the publishing thread.
 * One instance shared by several cores stands in for a network fan-out between nodes.
 */
public final class LocalFanout implements Fanout {

    private static final Logger log = LoggerFactory.getLogger(LocalFanout.class);

    private final ConcurrentMap<String, List<Consumer<ChatEvent>>> subscribers = new ConcurrentHashMap<>();

    @Override
    public void publish(ChatEvent event) {
        List<Consumer<ChatEvent>> handlers = subscribers.get(event.topic());
        if (handlers == null) {
            return;
        }
        for (Consumer<ChatEvent> handler : handlers) {
            try {
                handler.accept(event);
            } catch (RuntimeException e) {
                log.warn("A subscriber of {} failed on {}", event.topic(), event.getClass().getSimpleName(), e);
            }
        }
    }

    @Override
    public Subscription subscribe(String topic, Consumer<ChatEvent> handler) {
        subscribers.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(handler);
        return () -> subscribers.computeIfPresent(topic, (t, handlers) -> {
            handlers.remove(handler);
            return handlers.isEmpty() ? null : handlers;
        });
    }

    /** How many topics have subscribers: lets tests see that idle rooms cost nothing. */
    public int topicCount() {
        return subscribers.size();
    }
}
