package dev.chat.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Change;
import dev.chat.core.domain.ChangeKind;
import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.Fanout;
import dev.chat.testkit.FanoutContract;
import dev.chat.testsupport.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
            nodes[i] =
                    RedisNode.connect(RedisSettings.of(URI.create(redis.url())).withKeyPrefix("t" + tests + ":"));
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

    @Test
    void the_admin_events_reach_the_other_node_as_they_were_published() throws InterruptedException {
        RoomName general = new RoomName("general");
        BlockingQueue<ChatEvent> room = new LinkedBlockingQueue<>();
        BlockingQueue<ChatEvent> sessions = new LinkedBlockingQueue<>();
        node(1).subscribe(ChatEvent.roomTopic(general), room::add);
        node(1).subscribe(ChatEvent.SESSIONS_TOPIC, sessions::add);
        List<ChatEvent> roomEvents = List.of(
                new ChatEvent.MessageChanged(new Change(
                        43,
                        ChangeKind.DELETED,
                        new Message(
                                        general,
                                        42,
                                        new Username("ana"),
                                        MessageText.DELETED,
                                        Instant.parse("2030-01-01T00:00:00Z"),
                                        new ClientId("c42"))
                                .atSeq(43))),
                new ChatEvent.RoomClosed(general, new RoomName("lobby")),
                new ChatEvent.RoomClosed(general, null));
        ChatEvent banned = new ChatEvent.UserBanned(new Username("bob"));

        roomEvents.forEach(node(0)::publish);
        node(0).publish(banned);

        List<ChatEvent> received = new ArrayList<>();
        for (int i = 0; i < roomEvents.size(); i++) {
            received.add(room.poll(10, TimeUnit.SECONDS));
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(roomEvents);
        assertThat(sessions.poll(10, TimeUnit.SECONDS)).isEqualTo(banned);
    }
}
