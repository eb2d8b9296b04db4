package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.memory.InMemoryRoomStore;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.out.RoomStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store stops answering after a node's trust in a room's existence ran out (found by the chaos suite: sends
 * were answered {@code internal} and clients gave them up). What a client is told must say "try again".
 */
class RoomLookupOutageTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final FlakyRoomStore rooms = new FlakyRoomStore();
    private ChatCore core;
    private Principal ana;
    private Live.Connection connection;

    @BeforeEach
    void start() {
        core = ChatCore.builder().clock(clock).roomStore(rooms).passwordHasher(new Pbkdf2PasswordHasher(1)).build();
        core.accounts().register("ana", "ana-password");
        ana = core.accounts().login("ana", "ana-password").principal();
        connection = core.live().connect(ana, new RecordingListener());
        connection.join("general", null);
        clock.advance(RoomService.TRUSTED_FOR.plusSeconds(1));
        rooms.down = true;
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void a_send_is_refused_with_not_stored_and_a_resend_after_the_outage_is_stored_once() {
        assertThatThrownBy(() -> connection.send("general", "hello", "c1"))
                .isInstanceOfSatisfying(ChatException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_STORED);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
                });
        rooms.down = false;
        assertThat(connection.send("general", "hello", "c1").message().id()).isEqualTo(1);
        assertThat(connection.send("general", "hello", "c1").duplicate()).isTrue();
    }

    @Test
    void history_is_unavailable_not_an_internal_error() {
        assertThatThrownBy(() -> core.messages().history(ana, "general", null, null))
                .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    /** The in-memory rooms, with a switch that makes every read fail as an unreachable store does. */
    private static final class FlakyRoomStore implements RoomStore {
        final InMemoryRoomStore inner = new InMemoryRoomStore();
        volatile boolean down;

        private void check() {
            if (down) {
                throw new IllegalStateException("store down");
            }
        }

        @Override
        public boolean create(Room room) {
            check();
            return inner.create(room);
        }

        @Override
        public Optional<Room> find(RoomName name) {
            check();
            return inner.find(name);
        }

        @Override
        public List<Room> list() {
            check();
            return inner.list();
        }

        @Override
        public boolean setTopic(RoomName name, Topic topic) {
            check();
            return inner.setTopic(name, topic);
        }

        @Override
        public boolean rename(RoomName from, RoomName to) {
            check();
            return inner.rename(from, to);
        }

        @Override
        public boolean delete(RoomName name) {
            check();
            return inner.delete(name);
        }
    }
}
