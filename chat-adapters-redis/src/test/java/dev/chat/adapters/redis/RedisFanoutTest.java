package dev.chat.adapters.redis;

import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.FanoutContract;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The fan-out contract over a real redis-server, each node with its own Redisson connection. */
class RedisFanoutTest extends FanoutContract {

    private static RedisServer redis;
    private static int tests;
    private final RedisNode[] nodes = new RedisNode[2];

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected Fanout node(int i) {
        if (nodes[i] == null) {
            if (nodes[0] == null && nodes[1] == null) {
                tests++;
            }
            nodes[i] = RedisNode.connect(RedisSettings.of(URI.create(redis.url())).withKeyPrefix("t" + tests + ":"));
        }
        return nodes[i].fanout();
    }

    @Override
    protected Duration quietPeriod() {
        return Duration.ofMillis(500);
    }

    @Override
    protected int subscriptionRaces() {
        return 100;
    }

    @AfterEach
    void closeNodes() {
        for (RedisNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }
}
