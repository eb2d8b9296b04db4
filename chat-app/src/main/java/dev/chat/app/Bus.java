package dev.chat.app;

import dev.chat.adapters.redis.RedisNode;
import dev.chat.adapters.redis.RedisSettings;
import dev.chat.core.memory.InMemoryLimitStore;
import dev.chat.core.memory.InMemoryPresenceStore;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.LimitStore;
import dev.chat.core.port.out.PresenceStore;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** What connects the nodes: the fan-out, the presence store and the limits' counters, in process or over Redis. */
record Bus(
        Fanout fanout, PresenceStore presence, LimitStore limits, Optional<BooleanSupplier> connected, Runnable closer)
        implements AutoCloseable {

    /** One node: events, presence and limits stay in this process. */
    static Bus local(Fanout fanout, Clock clock) {
        return new Bus(fanout, new InMemoryPresenceStore(), new InMemoryLimitStore(clock), Optional.empty(), () -> {});
    }

    /** Many nodes: events, presence and limits go through the configured Redis. */
    static Bus redis(Config config) {
        RedisNode node = RedisNode.connect(RedisSettings.of(config.redisUrl().orElseThrow()));
        return new Bus(node.fanout(), node.presence(), node.limits(), Optional.of(node::isConnected), node::close);
    }

    @Override
    public void close() {
        closer.run();
    }
}
