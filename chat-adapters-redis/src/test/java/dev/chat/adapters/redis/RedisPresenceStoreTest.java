package dev.chat.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.NodeFigures;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.PresenceStore;
import dev.chat.testkit.PresenceStoreContract;
import dev.chat.testsupport.RedisServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Presence shared through a real redis-server, and what happens when a node or Redis goes away. */
class RedisPresenceStoreTest extends PresenceStoreContract {

    private static final RoomName GENERAL = new RoomName("general");
    private static final Username ANA = new Username("ana");
    private static final Username BOB = new Username("bob");
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisServer redis;

    private final List<RedisNode> opened = new ArrayList<>();
    private final RedisNode[] nodes = new RedisNode[2];
    private final String prefix = "p" + PREFIXES.incrementAndGet() + ":";

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

    private RedisNode connect(RedisServer server, Duration lease) {
        return connect(server, lease, Clock.systemUTC());
    }

    private RedisNode connect(RedisServer server, Duration lease, Clock clock) {
        RedisNode node = RedisNode.connect(
                RedisSettings.of(URI.create(server.url())).withKeyPrefix(prefix).withPresenceLease(lease), clock);
        opened.add(node);
        return node;
    }

    @Override
    protected PresenceStore node(int i) {
        if (nodes[i] == null) {
            nodes[i] = connect(redis, Duration.ofSeconds(20));
        }
        return nodes[i].presence();
    }

    @Test
    void the_users_of_a_node_that_died_are_reported_gone_once_after_the_lease() throws Exception {
        RedisNode dying = connect(redis, Duration.ofSeconds(1));
        RedisNode survivor = connect(redis, Duration.ofSeconds(1));
        RedisNode another = connect(redis, Duration.ofSeconds(1));
        dying.presence().add(GENERAL, ANA);
        survivor.presence().add(GENERAL, BOB);
        another.presence().add(GENERAL, ANA);
        another.presence().remove(GENERAL, ANA);
        assertThat(survivor.presence().users(GENERAL)).containsExactly(ANA, BOB);

        dying.vanish();
        Thread.sleep(1_500);

        List<PresenceStore.Departure> first = survivor.presence().departed(List.of(GENERAL));
        List<PresenceStore.Departure> second = another.presence().departed(List.of(GENERAL));
        assertThat(first).containsExactly(new PresenceStore.Departure(GENERAL, ANA));
        assertThat(second).as("each departure is reported to one node only").isEmpty();
        assertThat(survivor.presence().users(GENERAL))
                .as("the survivor renews its own entries")
                .containsExactly(BOB);
    }

    @Test
    void while_redis_is_down_a_node_answers_from_its_own_connections_and_puts_them_back_when_it_returns() {
        try (RedisServer own = RedisServer.start()) {
            RedisNode node = connect(own, Duration.ofSeconds(2));
            node.presence().add(GENERAL, BOB);

            own.kill();
            long started = System.nanoTime();
            assertThat(node.presence().add(GENERAL, ANA)).isTrue();
            assertThat(node.presence().users(GENERAL)).containsExactly(ANA, BOB);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

            own.restart();
            RedisNode other = connect(own, Duration.ofSeconds(2));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!other.presence().users(GENERAL).equals(List.of(ANA, BOB)) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(other.presence().users(GENERAL))
                    .as("entries renewed into the restarted Redis")
                    .containsExactly(ANA, BOB);
        }
    }

    @Test
    void a_node_that_stopped_reporting_drops_out_of_every_node_s_figures() {
        Duration staleness = Duration.ofSeconds(RedisPresenceStore.NODE_REPORT_MAX_AGE_SECONDS + 1);
        RedisNode stopped =
                connect(redis, Duration.ofSeconds(20), Clock.offset(Clock.systemUTC(), staleness.negated()));
        RedisNode running = connect(redis, Duration.ofSeconds(20));
        stopped.presence().reportNode("stopped", new NodeFigures(9, 9, 9));
        running.presence().reportNode("running", new NodeFigures(1, 1, 5));

        assertThat(running.presence().nodes()).containsOnlyKeys("running");
        assertThat(stopped.presence().nodes())
                .as("the stale report was removed, not just skipped")
                .containsOnlyKeys("running");
    }

    @Test
    void while_redis_is_down_a_node_knows_its_own_figures() {
        try (RedisServer own = RedisServer.start()) {
            RedisNode node = connect(own, Duration.ofSeconds(2));
            node.presence().reportNode("here", new NodeFigures(2, 1, 3));

            own.kill();

            long started = System.nanoTime();
            assertThat(node.presence().nodes()).containsExactly(java.util.Map.entry("here", new NodeFigures(2, 1, 3)));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    /**
     * A join waits for presence on its connection's turn: a Redis that holds its connections open but answers
     * nothing must cost one join at most the command timeout, not Redisson's retries on top of it, nor forever
     * if a future is never completed (the join used to wait on Redisson's untimed synchronous calls).
     */
    @Test
    void a_redis_that_answers_nothing_delays_a_join_by_at_most_the_command_timeout() {
        try (RedisServer own = RedisServer.start()) {
            RedisNode node = connect(own, Duration.ofSeconds(20));
            node.presence().add(GENERAL, BOB);
            Duration bound =
                    RedisSettings.of(URI.create(own.url())).commandTimeout().plusSeconds(1);

            own.freeze();
            try {
                long started = System.nanoTime();
                boolean first = node.presence().add(GENERAL, ANA);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(took).as("ana's arrival with Redis frozen").isLessThan(bound);
                assertThat(first)
                        .as("as far as this node can tell, ana is new here")
                        .isTrue();

                started = System.nanoTime();
                assertThat(node.presence().users(GENERAL)).containsExactly(ANA, BOB);
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .as("who is online, with Redis frozen")
                        .isLessThan(bound);
            } finally {
                own.thaw();
            }
        }
    }
}
