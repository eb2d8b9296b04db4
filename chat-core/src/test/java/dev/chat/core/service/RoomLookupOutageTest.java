package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.InMemoryRoomStore;
import dev.chat.core.memory.MutableClock;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.Messages;
import dev.chat.core.port.out.RoomStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store stops answering after a node's trust in a room's existence ran out (found by the chaos suite: sends
 * were answered {@code internal} and clients gave them up). What a client is told must say "try again".
 */
class RoomLookupOutageTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Outage outage = new Outage();
    private ChatCore core;
    private Principal ana;
    private Live.Connection connection;

    @BeforeEach
    void start() {
        core = ChatCore.inMemory()
                .clock(clock)
                .roomStore(outage.of(RoomStore.class, new InMemoryRoomStore()))
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .build();
        core.accounts().register(Username.of("ana"), new Password("ana-password"));
        ana = core.accounts().login("ana", "ana-password").principal();
        connection = core.live().connect(ana, new RecordingListener());
        connection.join(RoomName.of("general"), null);
        clock.advance(KnownRooms.TRUSTED_FOR.plusSeconds(1));
        outage.on = true;
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void a_post_is_refused_with_not_stored_and_a_resend_after_the_outage_is_stored_once() {
        assertThatThrownBy(() ->
                        core.messages().post(ana, RoomName.of("general"), MessageText.of("hello"), new ClientId("c1")))
                .isInstanceOfSatisfying(ChatException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_STORED);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
                });
        outage.on = false;
        assertThat(core.messages()
                        .post(ana, RoomName.of("general"), MessageText.of("hello"), new ClientId("c1"))
                        .message()
                        .id())
                .isEqualTo(1);
        assertThat(core.messages()
                        .post(ana, RoomName.of("general"), MessageText.of("hello"), new ClientId("c1"))
                        .duplicate())
                .isTrue();
    }

    @Test
    void a_send_is_refused_with_not_stored_and_a_resend_after_the_outage_is_stored_once() {
        assertThatThrownBy(() -> connection.send(RoomName.of("general"), MessageText.of("hello"), new ClientId("c1")))
                .isInstanceOfSatisfying(ChatException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_STORED);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
                });
        outage.on = false;
        assertThat(connection
                        .send(RoomName.of("general"), MessageText.of("hello"), new ClientId("c1"))
                        .message()
                        .id())
                .isEqualTo(1);
        assertThat(connection
                        .send(RoomName.of("general"), MessageText.of("hello"), new ClientId("c1"))
                        .duplicate())
                .isTrue();
    }

    @Test
    void history_is_unavailable_not_an_internal_error() {
        assertThatThrownBy(() -> core.messages().history(ana, RoomName.of("general"), null, Messages.DEFAULT_PAGE))
                .isInstanceOfSatisfying(
                        ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
