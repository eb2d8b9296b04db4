package dev.chat.core.port.out;

import dev.chat.core.domain.ChatEvent;

/**
 * Carries events to every node that has subscribed to their topic, this one included. Delivery is
 * best effort: the core recovers lost or reordered messages from the {@link MessageStore}.
 */
public interface Fanout {

    void publish(ChatEvent event);

    /** Calls {@code subscriber} for every event later published on {@code topic}, until the subscription is closed. */
    Subscription subscribe(String topic, Subscriber subscriber);

    /** Receives the events of one topic. */
    @FunctionalInterface
    interface Subscriber {

        void onEvent(ChatEvent event);

        /**
         * Events on the topic may have been lost: this node or another was cut off from the fan-out for a
         * while and is connected again. What was missed has to be read from the store. Ignored by default.
         */
        default void onPossibleLoss() {}
    }

    /** An active subscription. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
