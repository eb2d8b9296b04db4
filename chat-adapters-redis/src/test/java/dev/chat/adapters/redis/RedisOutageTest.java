package dev.chat.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.Fanout;
import dev.chat.testsupport.RedisServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Redis goes away and comes back while two nodes run: local delivery goes on, and they recover by themselves. */
class RedisOutageTest {

    private static final RoomName GENERAL = new RoomName("general");
    private static final String TOPIC = ChatEvent.roomTopic(GENERAL);

    private static ChatEvent typing(String user) {
        return new ChatEvent.Typing(GENERAL, new Username(user), false);
    }

    /** Records events and possible-loss notices. */
    private static final class Recorder implements Fanout.Subscriber {
        final BlockingQueue<ChatEvent> events = new LinkedBlockingQueue<>();
        final AtomicInteger losses = new AtomicInteger();

        @Override
        public void onEvent(ChatEvent event) {
            events.add(event);
        }

        @Override
        public void onPossibleLoss() {
            losses.incrementAndGet();
        }

        ChatEvent next() throws InterruptedException {
            return events.poll(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void while_redis_is_down_a_node_still_delivers_locally_and_after_a_restart_fan_out_resumes_with_a_catch_up()
            throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RedisSettings settings = RedisSettings.of(URI.create(redis.url()));
            try (RedisNode a = RedisNode.connect(settings);
                    RedisNode b = RedisNode.connect(settings)) {
                Recorder onA = new Recorder();
                Recorder onB = new Recorder();
                a.fanout().subscribe(TOPIC, onA);
                b.fanout().subscribe(TOPIC, onB);
                a.fanout().publish(typing("before"));
                assertThat(onB.next()).isEqualTo(typing("before"));
                assertThat(onA.next()).isEqualTo(typing("before"));

                redis.kill();
                long started = System.nanoTime();
                a.fanout().publish(typing("during"));
                assertThat(onA.next()).as("local delivery goes on").isEqualTo(typing("during"));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));

                redis.restart();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                List<ChatEvent> afterwards = new CopyOnWriteArrayList<>();
                while (System.nanoTime() < deadline && !afterwards.contains(typing("after"))) {
                    a.fanout().publish(typing("after"));
                    ChatEvent got = onB.events.poll(500, TimeUnit.MILLISECONDS);
                    if (got != null) {
                        afterwards.add(got);
                    }
                }
                assertThat(afterwards)
                        .as("events published after the restart reach the other node")
                        .contains(typing("after"))
                        .doesNotContain(typing("during"));
                long lossDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (onB.losses.get() == 0 && System.nanoTime() < lossDeadline) {
                    Thread.sleep(50);
                }
                assertThat(onB.losses)
                        .as("the other node was told to read what it missed from the store")
                        .hasPositiveValue();
            }
        }
    }

    @Test
    void a_node_whose_subscription_broke_reads_the_store_once_it_is_resubscribed_even_if_nobody_published_meanwhile()
            throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RedisSettings settings = RedisSettings.of(URI.create(redis.url()));
            try (RedisNode a = RedisNode.connect(settings);
                    RedisNode b = RedisNode.connect(settings)) {
                Recorder onB = new Recorder();
                b.fanout().subscribe(TOPIC, onB);
                a.fanout().publish(typing("before"));
                assertThat(onB.next()).isEqualTo(typing("before"));
                int before = onB.losses.get();

                redis.restart();

                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (onB.losses.get() == before && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(onB.losses.get())
                        .as("told to catch up after resubscribing")
                        .isGreaterThan(before);
                // Node A may not have noticed yet that Redis is back; until it does, it drops rather than queues.
                ChatEvent got = null;
                long resumeDeadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (got == null && System.nanoTime() < resumeDeadline) {
                    a.fanout().publish(typing("after"));
                    got = onB.events.poll(500, TimeUnit.MILLISECONDS);
                }
                assertThat(got).as("fan-out resumed").isEqualTo(typing("after"));
            }
        }
    }

    @Test
    void a_new_subscription_has_its_readers_catch_up_once_redis_confirms_it() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RedisSettings settings = RedisSettings.of(URI.create(redis.url()));
            try (RedisNode b = RedisNode.connect(settings)) {
                Recorder onB = new Recorder();
                b.fanout().subscribe(TOPIC, onB);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (onB.losses.get() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                // A room opened while Redis was away or slow is subscribed only later: what was published before
                // that must be read from the store, so every confirmation, the first included, says so.
                assertThat(onB.losses).as("told to catch up once subscribed").hasPositiveValue();
            }
        }
    }

    @Test
    void a_room_first_opened_while_redis_is_down_receives_the_other_nodes_events_once_it_is_back() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RedisSettings settings = RedisSettings.of(URI.create(redis.url()));
            try (RedisNode a = RedisNode.connect(settings);
                    RedisNode b = RedisNode.connect(settings)) {
                Recorder onA = new Recorder();
                a.fanout().subscribe(TOPIC, onA);
                redis.kill();
                Thread.sleep(300);
                // The first reader of the room on B joins during the outage (the chaos suite's node that came up
                // as Redis went away): the subscription cannot be made now, and must be once Redis is back.
                Recorder onB = new Recorder();
                b.fanout().subscribe(TOPIC, onB);
                Thread.sleep(3_000);
                redis.restart();
                ChatEvent got = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (got == null && System.nanoTime() < deadline) {
                    a.fanout().publish(typing("after"));
                    got = onB.events.poll(500, TimeUnit.MILLISECONDS);
                }
                assertThat(got)
                        .as("the room opened during the outage is subscribed once Redis is back")
                        .isEqualTo(typing("after"));
                assertThat(onB.losses)
                        .as("and its readers caught up from the store")
                        .hasPositiveValue();
            }
        }
    }
}
