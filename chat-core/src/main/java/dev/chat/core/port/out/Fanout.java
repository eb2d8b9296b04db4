package dev.chat.core.port.out;

import dev.chat.core.domain.ChatEvent;
import java.util.function.Consumer;

/**
 * Carries events to every node that has subscribed to their topic, this one included. Delivery is
 * best effort: the core recovers lost or reordered messages from the {@link MessageStore}.
 */
public interface Fanout {

    void publish(ChatEvent event);

    /** Calls {@code handler} for every event later published on {@code topic}, until the subscription is closed. */
    Subscription subscribe(String topic, Consumer<ChatEvent> handler);

    /** An active subscription. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
