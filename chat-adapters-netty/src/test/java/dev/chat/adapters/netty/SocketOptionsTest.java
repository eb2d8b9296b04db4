package dev.chat.adapters.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.LiveEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A client opts in to batched presence on its handshake's query, and gets the frame protocol.md shows. */
class SocketOptionsTest {

    @Test
    void presence_batch_in_the_query_asks_for_batched_presence_and_anything_else_for_single_frames() {
        assertThat(SocketOptions.of("/ws?presence=batch").batchedPresence()).isTrue();
        assertThat(SocketOptions.of("/ws?colour=blue&presence=batch").batchedPresence())
                .isTrue();
        for (String plain :
                List.of("/ws", "/ws?", "/ws?presence=", "/ws?presence=BATCH", "/ws?presence=later", "/ws?x=%")) {
            assertThat(SocketOptions.of(plain).batchedPresence()).as(plain).isFalse();
        }
    }

    @Test
    void a_batch_is_one_presence_frame_with_both_lists() {
        LiveEvent batch = new LiveEvent.PresenceBatch(
                new RoomName("general"),
                List.of(new Username("ana"), new Username("bob")),
                List.of(new Username("cat")));
        LiveEvent arrivals =
                new LiveEvent.PresenceBatch(new RoomName("general"), List.of(new Username("ana")), List.of());

        assertThat(FrameEncoder.event(batch, null))
                .isEqualTo(
                        "{\"type\":\"presence\",\"room\":\"general\",\"online\":[\"ana\",\"bob\"],\"offline\":[\"cat\"]}");
        assertThat(FrameEncoder.event(arrivals, null))
                .isEqualTo("{\"type\":\"presence\",\"room\":\"general\",\"online\":[\"ana\"],\"offline\":[]}");
        assertThat(FrameEncoder.event(
                        new LiveEvent.PresenceUpdate(new RoomName("general"), new Username("cat"), false), null))
                .isEqualTo("{\"type\":\"presence\",\"room\":\"general\",\"user\":\"cat\",\"state\":\"offline\"}");
    }
}
