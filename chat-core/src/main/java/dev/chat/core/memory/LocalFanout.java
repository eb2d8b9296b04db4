package dev.chat.core.memory;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.port.out.Fanout;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process fan-out: {@link #publish} calls every subscriber of the topic on the publishing thread.
 * One instance shared by several cores stands in for a network fan-out between nodes.
 */
public final class LocalFanout implements Fanout {

    private static final Logger log = LoggerFactory.getLogger(LocalFanout.class);

    private final ConcurrentMap<String, List<Registration>> subscribers = new ConcurrentHashMap<>();

    @Override
    public void publish(ChatEvent event) {
        List<Registration> handlers = subscribers.get(event.topic());
        if (handlers == null) {
            return;
        }
        for (Registration registration : handlers) {
            try {
                registration.handler.accept(event);
            } catch (RuntimeException e) {
                log.warn("A subscriber of {} failed on {}", event.topic(), event.getClass().getSimpleName(), e);
            }
        }
    }

    @Override
    public Subscription subscribe(String topic, Consumer<ChatEvent> handler) {
        Registration registration = new Registration(handler);
        // Adding inside compute() keeps a concurrent close from dropping the list this handler joins.
        subscribers.compute(topic, (t, handlers) -> {
            List<Registration> joined = handlers == null ? new CopyOnWriteArrayList<>() : handlers;
            joined.add(registration);
            return joined;
        });
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                subscribers.computeIfPresent(topic, (t, handlers) -> {
                    handlers.remove(registration);
                    return handlers.isEmpty() ? null : handlers;
                });
            }
        };
    }

    /** How many topics have subscribers: lets tests see that idle rooms cost nothing. */
    public int topicCount() {
        return subscribers.size();
    }

    /** One subscription's entry; compared by identity, so closing it removes exactly this subscription. */
    private static final class Registration {
        final Consumer<ChatEvent> handler;

        Registration(Consumer<ChatEvent> handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
        }
    }
}
