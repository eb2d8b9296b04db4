package dev.chat.app;

import dev.chat.adapters.redis.RedisNode;
import dev.chat.adapters.redis.RedisSettings;
import dev.chat.core.memory.InMemoryPresenceStore;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.PresenceStore;

/** What connects the nodes: the fan-out and the presence store, in process or over Redis. */
record Bus(Fanout fanout, PresenceStore presence, Runnable closer) implements AutoCloseable {

    /** One node: events and presence stay in this process. */
    static Bus local(Fanout fanout) {
        return new Bus(fanout, new InMemoryPresenceStore(), () -> { });
    }

    /** Many nodes: events and presence go through the configured Redis. */
    static Bus redis(Config config) {
        RedisNode node = RedisNode.connect(RedisSettings.of(config.redisUrl().orElseThrow()));
        return new Bus(node.fanout(), node.presence(), node::close);
    }

    @Override
    public void close() {
        closer.run();
    }
}
