package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Password;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.InMemorySessionStore;
import dev.chat.core.memory.MutableClock;
import dev.chat.core.memory.Pbkdf2PasswordHasher;
import dev.chat.core.port.in.Accounts;
import dev.chat.core.port.out.SessionStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccountsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemorySessionStore sessions = new InMemorySessionStore();
    private final Outage outage = new Outage();
    private ChatCore core;
    private Accounts accounts;

    @BeforeEach
    void start() {
        core = ChatCore.inMemory()
                .clock(clock)
                .sessionStore(outage.of(SessionStore.class, sessions))
                .passwordHasher(new Pbkdf2PasswordHasher(1))
                .build();
        accounts = core.accounts();
        accounts.register(Username.of("ana"), new Password("ana-password"));
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void the_session_token_is_stored_only_as_a_hash() {
        Accounts.SignedIn signedIn = accounts.login("ana", "ana-password");
        assertThat(sessions.find(signedIn.token())).isEmpty();
        assertThat(sessions.find(signedIn.principal().sessionId())).isPresent();
        assertThat(signedIn.token()).hasSizeGreaterThanOrEqualTo(43);
    }

    @Test
    void an_idle_session_expires_and_a_used_one_stays() {
        String idle = accounts.login("ana", "ana-password").token();
        String used = accounts.login("ana", "ana-password").token();
        for (int day = 0; day < 40; day++) {
            clock.advance(Duration.ofDays(1));
            assertThat(accounts.authenticate(used)).isPresent();
        }
        assertThat(accounts.authenticate(idle)).isEmpty();
    }

    @Test
    void logout_revokes_the_session() {
        String token = accounts.login("ana", "ana-password").token();
        accounts.logout(token);
        assertThat(accounts.authenticate(token)).isEmpty();
    }

    @Test
    void the_wait_after_failed_logins_doubles() {
        for (int i = 0; i < LimitPolicy.FREE_FAILURES; i++) {
            failLogin();
        }
        assertThat(throttledFor()).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        failLogin();
        assertThat(throttledFor()).isEqualTo(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        assertThat(accounts.login("ana", "ana-password").principal().user().value())
                .isEqualTo("ana");
        failLogin();
        assertThat(throttledFor()).as("success starts the count again").isNull();
    }

    private void failLogin() {
        assertThatThrownBy(() -> accounts.login("ana", "wrong-password"))
                .isInstanceOfSatisfying(
                        ChatException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS));
    }

    private Duration throttledFor() {
        try {
            accounts.login("ana", "ana-password");
            return null;
        } catch (ChatException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.THROTTLED);
            return e.retryAfter().orElseThrow();
        }
    }

    @Test
    void guesses_sent_in_parallel_are_throttled_as_if_sent_one_by_one() throws Exception {
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        Pbkdf2PasswordHasher fast = new Pbkdf2PasswordHasher(1);
        dev.chat.core.port.out.PasswordHasher slow = new dev.chat.core.port.out.PasswordHasher() {
            @Override
            public String hash(dev.chat.core.domain.Password password) {
                return fast.hash(password);
            }

            @Override
            public boolean verify(dev.chat.core.domain.Password password, String hash) {
                checks.incrementAndGet();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return fast.verify(password, hash);
            }
        };
        try (ChatCore guarded =
                ChatCore.inMemory().clock(clock).passwordHasher(slow).build()) {
            guarded.accounts().register(Username.of("bob"), new Password("bob-password"));
            checks.set(0);
            java.util.concurrent.ExecutorService attackers = java.util.concurrent.Executors.newFixedThreadPool(20);
            java.util.List<java.util.concurrent.Future<?>> attempts = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String guess = "guess-number-" + i;
                attempts.add(attackers.submit(() -> {
                    try {
                        guarded.accounts().login("bob", guess);
                    } catch (ChatException expected) {
                        // invalid_credentials or throttled
                    }
                }));
            }
            for (java.util.concurrent.Future<?> attempt : attempts) {
                attempt.get();
            }
            attackers.shutdown();
        }
        assertThat(checks.get()).as("passwords actually checked").isEqualTo(LimitPolicy.FREE_FAILURES);
    }

    @Test
    void a_session_that_cannot_be_checked_is_unavailable_not_signed_out() {
        String token = accounts.login("ana", "ana-password").token();
        outage.on = true;
        assertThatThrownBy(() -> accounts.authenticate(token)).isInstanceOfSatisfying(ChatException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
        });
        outage.on = false;
        assertThat(accounts.authenticate(token)).map(p -> p.user().value()).contains("ana");
    }
}
