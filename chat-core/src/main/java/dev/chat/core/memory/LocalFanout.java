package dev.chat.core.memory;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.port.out.Fanout;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process fan-out: {@link #publish} calls every subscriber of the topic on the publishing thread.
 * One instance shared by several cores stands in for a network fan-out between nodes; a network fan-out
 * uses one for its own node's subscribers, and learns from its {@link TopicObserver} which topics to
 * receive from the network.
 */
public final class LocalFanout implements Fanout {

    private static final Logger log = LoggerFactory.getLogger(LocalFanout.class);

    private final ConcurrentMap<String, List<Registration>> subscribers = new ConcurrentHashMap<>();
    private final TopicObserver observer;

    /** Told when a topic gets its first subscriber and loses its last, in that order for each topic. */
    public interface TopicObserver {

        void firstSubscribed(String topic);

        void lastUnsubscribed(String topic);
    }

    public LocalFanout() {
        this(null);
    }

    public LocalFanout(TopicObserver observer) {
        this.observer = observer;
    }

    @Override
    public void publish(ChatEvent event) {
        List<Registration> handlers = subscribers.get(event.topic());
        if (handlers == null) {
            return;
        }
        for (Registration registration : handlers) {
            try {
                registration.handler.onEvent(event);
            } catch (RuntimeException e) {
                log.warn(
                        "A subscriber of {} failed on {}",
                        event.topic(),
                        event.getClass().getSimpleName(),
                        e);
            }
        }
    }

    @Override
    public Subscription subscribe(String topic, Subscriber handler) {
        Registration registration = new Registration(handler);
        // Adding inside compute() keeps a concurrent close from dropping the list this handler joins.
        subscribers.compute(topic, (t, handlers) -> {
            List<Registration> joined = handlers == null ? new CopyOnWriteArrayList<>() : handlers;
            if (handlers == null && observer != null) {
                observer.firstSubscribed(topic);
            }
            joined.add(registration);
            return joined;
        });
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                subscribers.computeIfPresent(topic, (t, handlers) -> {
                    handlers.remove(registration);
                    if (handlers.isEmpty() && observer != null) {
                        observer.lastUnsubscribed(topic);
                    }
                    return handlers.isEmpty() ? null : handlers;
                });
            }
        };
    }

    /** Tells every subscriber of the topic that events may have been lost (see {@link Subscriber#onPossibleLoss}). */
    public void announcePossibleLoss(String topic) {
        List<Registration> handlers = subscribers.get(topic);
        if (handlers == null) {
            return;
        }
        for (Registration registration : handlers) {
            try {
                registration.handler.onPossibleLoss();
            } catch (RuntimeException e) {
                log.warn("A subscriber of {} failed on a possible loss", topic, e);
            }
        }
    }

    /** The topics that have subscribers now. */
    public Set<String> topics() {
        return Set.copyOf(subscribers.keySet());
    }

    /** How many topics have subscribers: lets tests see that idle rooms cost nothing. */
    public int topicCount() {
        return subscribers.size();
    }

    /** One subscription's entry; compared by identity, so closing it removes exactly this subscription. */
    private static final class Registration {
        final Subscriber handler;

        Registration(Subscriber handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
        }
    }
}
