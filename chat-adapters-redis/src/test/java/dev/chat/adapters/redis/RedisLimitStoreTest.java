package dev.chat.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.port.out.LimitStore;
import dev.chat.testkit.LimitStoreContract;
import dev.chat.testsupport.RedisServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The limits' counters shared through a real redis-server, and what becomes of them when a node or Redis goes. */
class RedisLimitStoreTest extends LimitStoreContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisServer redis;

    private final List<RedisNode> opened = new ArrayList<>();
    private final RedisNode[] nodes = new RedisNode[2];
    private final String prefix = "l" + PREFIXES.incrementAndGet() + ":";

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @AfterEach
    void closeNodes() {
        opened.forEach(RedisNode::close);
    }

    private static final Duration LEASE = Duration.ofSeconds(2);
    /** The reconnection delay's cap (1 s), the probe's period (1 s) and the renewal's (lease / 4), with room. */
    private static final Duration SHARED_AGAIN_WITHIN = Duration.ofSeconds(5);

    private RedisNode connect(RedisServer server, Clock clock) {
        RedisNode node = RedisNode.connect(
                RedisSettings.of(URI.create(server.url())).withKeyPrefix(prefix).withPresenceLease(LEASE), clock);
        opened.add(node);
        return node;
    }

    @Override
    protected LimitStore node(int i, Clock clock) {
        if (nodes[i] == null) {
            nodes[i] = connect(redis, clock);
        }
        return nodes[i].limits();
    }

    @Test
    void the_holds_of_a_node_that_died_lapse_with_their_lease() throws Exception {
        RedisNode dying = connect(redis, Clock.systemUTC());
        RedisNode survivor = connect(redis, Clock.systemUTC());
        assertThat(dying.limits().hold("conn", 1)).isPresent();
        assertThat(survivor.limits().hold("conn", 1))
                .as("taken by the other node")
                .isEmpty();

        dying.vanish();

        RedisLimitStore store = (RedisLimitStore) survivor.limits();
        long deadline = System.nanoTime() + LEASE.plusSeconds(5).toNanos();
        Optional<LimitStore.Hold> taken = Optional.empty();
        while (taken.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            taken = store.hold("conn", 1);
        }
        assertThat(taken).as("free again within the lease").isPresent();
    }

    @Test
    void a_place_let_go_of_is_free_at_once_however_redisson_orders_the_two_commands() {
        RedisNode node = connect(redis, Clock.systemUTC());
        int refused = 0;
        for (int i = 0; i < 500; i++) {
            Optional<LimitStore.Hold> held = node.limits().hold("one-place", 1);
            if (held.isEmpty()) {
                refused++;
                continue;
            }
            held.get().close();
        }
        assertThat(refused)
                .as("holds refused right after the previous one was closed, of 500")
                .isZero();
    }

    @Test
    void while_redis_is_away_each_node_counts_alone_and_its_holds_are_back_once_it_returns() throws Exception {
        try (RedisServer own = RedisServer.start()) {
            RedisNode a = connect(own, Clock.systemUTC());
            RedisNode b = connect(own, Clock.systemUTC());
            LimitStore.Rate oncePerHour = new LimitStore.Rate(1, Duration.ofHours(1));
            Optional<LimitStore.Hold> held = a.limits().hold("conn", 1);
            assertThat(held).isPresent();

            own.kill();
            assertThat(a.limits().take("bucket", oncePerHour))
                    .as("answered from this node")
                    .isEmpty();
            assertThat(b.limits().take("bucket", oncePerHour))
                    .as("and from that one")
                    .isEmpty();
            assertThat(b.limits().hold("conn", 1))
                    .as("the other node counts only its own")
                    .isPresent();
            assertThat(a.limits().hold("conn", 1))
                    .as("but this one has its own")
                    .isEmpty();

            own.restart();
            long back = System.nanoTime();
            boolean shared = false;
            for (int i = 0; !shared && System.nanoTime() - back < SHARED_AGAIN_WITHIN.toNanos(); i++) {
                Thread.sleep(100);
                String bucket = "bucket-after-" + i;
                shared = b.limits().take(bucket, oncePerHour).isEmpty()
                        && a.limits().take(bucket, oncePerHour).isPresent();
            }
            assertThat(shared)
                    .as("one bucket for both nodes again within %s of Redis's return", SHARED_AGAIN_WITHIN)
                    .isTrue();
            held.get().close();
        }
    }
}
