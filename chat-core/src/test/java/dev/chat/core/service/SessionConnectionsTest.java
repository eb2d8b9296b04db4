package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.InMemoryAccountStore;
import dev.chat.core.memory.InMemoryLimitStore;
import dev.chat.core.memory.InMemorySessionStore;
import dev.chat.core.memory.LocalFanout;
import dev.chat.core.memory.MutableClock;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.memory.RandomIdGenerator;
import dev.chat.core.port.in.Live.Ending;
import dev.chat.core.port.in.LiveEvent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connections of a session end with it, wherever it was ended, and each says why. */
class SessionConnectionsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LocalFanout fanout = new LocalFanout();
    private final InMemoryLimitStore limitStore = new InMemoryLimitStore(clock);
    private final AccountService accounts = new AccountService(
            new CoreState(),
            new InMemoryAccountStore(),
            new InMemorySessionStore(),
            new dev.chat.core.memory.InMemoryTokenStore(),
            new Pbkdf2PasswordHasher(1),
            new RandomIdGenerator(),
            fanout,
            clock,
            ChatSettings.defaults(),
            new LimitPolicy(limitStore, ChatSettings.defaults()),
            limitStore);
    private final SessionConnections sessions =
            new SessionConnections(accounts, clock, Duration.ofMinutes(10), fanout, Runnable::run, (who, room) -> {
                throw new AssertionError("not asked here");
            });

    @AfterEach
    void stop() {
        sessions.close();
    }

    /** A connection as the sessions see it: it records how it ended. */
    private static final class Open implements SessionConnections.Held {
        final Principal who;
        Ending ended;
        boolean inRoom;

        Open(String user, String session) {
            this.who = new Principal(new Username(user), false, false, session);
        }

        @Override
        public Principal principal() {
            return who;
        }

        @Override
        public void end(Ending ending) {
            ended = ending;
        }

        @Override
        public boolean inAnyRoom() {
            return inRoom;
        }

        @Override
        public boolean isIn(RoomName room) {
            return inRoom;
        }

        @Override
        public void tell(LiveEvent event) {
            throw new AssertionError("not told here: " + event);
        }
    }

    private Open open(String user, String session) {
        Open connection = new Open(user, session);
        sessions.opened(connection);
        return connection;
    }

    @Test
    void a_sign_out_on_any_node_ends_the_connections_of_that_session_only() {
        Open phone = open("ana", "s1");
        Open laptop = open("ana", "s1");
        Open other = open("ana", "s2");

        fanout.publish(new ChatEvent.SessionRevoked("s1"));

        assertThat(phone.ended).isEqualTo(Ending.SIGNED_OUT);
        assertThat(laptop.ended).isEqualTo(Ending.SIGNED_OUT);
        assertThat(other.ended).isNull();
    }

    @Test
    void a_ban_ends_every_connection_of_the_user_as_banned() {
        Open first = open("ana", "s1");
        Open second = open("ana", "s2");
        Open bob = open("bob", "s3");

        fanout.publish(new ChatEvent.UserBanned(new Username("ana")));

        assertThat(first.ended).isEqualTo(Ending.BANNED);
        assertThat(second.ended).isEqualTo(Ending.BANNED);
        assertThat(bob.ended).isNull();
    }

    @Test
    void a_connection_whose_handshake_raced_its_sign_out_ends_as_it_opens() {
        fanout.publish(new ChatEvent.UserBanned(new Username("ana")));
        fanout.publish(new ChatEvent.SessionRevoked("s1"));

        assertThat(open("ana", "s1").ended)
                .as("banned, then its session revoked")
                .isEqualTo(Ending.BANNED);
        assertThat(open("bob", "s9").ended).isNull();
    }

    @Test
    void the_load_counts_open_connections_and_the_users_in_a_room() {
        Open ana = open("ana", "s1");
        open("ana", "s2").inRoom = true;
        open("bob", "s3");
        assertThat(sessions.load()).isEqualTo(new SessionConnections.Load(3, 1));

        sessions.closed(ana);

        assertThat(sessions.load()).isEqualTo(new SessionConnections.Load(2, 1));
    }
}
