package dev.chat.adapters.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.testsupport.RedisServer;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Connecting: AUTH as ElastiCache asks for it, and clear refusals. */
class RedisNodeTest {

    private static final ChatEvent TYPING = new ChatEvent.Typing(new RoomName("general"), new Username("ana"), false);

    @Test
    void a_password_in_the_url_is_used_for_auth_and_events_flow() throws Exception {
        try (RedisServer redis = RedisServer.startWithPassword("s3cret/with:odd@chars");
                RedisNode a = RedisNode.connect(RedisSettings.of(
                        URI.create("redis://:" + java.net.URLEncoder.encode("s3cret/with:odd@chars", "UTF-8")
                                + "@127.0.0.1:" + redis.port())));
                RedisNode b = RedisNode.connect(RedisSettings.of(
                        URI.create("redis://default:" + java.net.URLEncoder.encode("s3cret/with:odd@chars", "UTF-8")
                                + "@127.0.0.1:" + redis.port())))) {
            BlockingQueue<ChatEvent> received = new LinkedBlockingQueue<>();
            b.fanout().subscribe(TYPING.topic(), received::add);

            a.fanout().publish(TYPING);

            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(TYPING);
        }
    }

    @Test
    void a_wrong_password_stops_the_start_with_a_message_that_does_not_repeat_it() {
        try (RedisServer redis = RedisServer.startWithPassword("right")) {
            assertThatThrownBy(() -> RedisNode.connect(
                                    RedisSettings.of(URI.create("redis://:wrong-one@127.0.0.1:" + redis.port())))
                            .close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Cannot reach Redis at redis://127.0.0.1:" + redis.port())
                    .hasMessageNotContaining("wrong-one");
        }
    }

    @Test
    void an_unreachable_redis_stops_the_start_naming_it() {
        int port;
        try (RedisServer redis = RedisServer.start()) {
            port = redis.port();
        }
        assertThatThrownBy(() -> RedisNode.connect(RedisSettings.of(URI.create("redis://127.0.0.1:" + port)))
                        .close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Cannot reach Redis at redis://127.0.0.1:" + port);
    }
}
