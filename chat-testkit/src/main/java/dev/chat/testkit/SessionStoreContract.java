package dev.chat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Session;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.SessionStore;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SessionStore} must do; an implementation's test extends this and supplies the store. */
public abstract class SessionStoreContract {

    /** Millisecond precision: the contract does not promise that finer instants survive every store. */
    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

    private SessionStore store;

    /** A new, empty store. */
    protected abstract SessionStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void a_saved_session_can_be_found_by_its_token_hash() {
        Session session = new Session("hash-1", new Username("ana"), false, T0, T0.plusSeconds(5));

        store.save(session);

        assertThat(store.find("hash-1")).contains(session);
    }

    @Test
    void a_guest_session_stays_a_guest_session() {
        store.save(new Session("hash-g", new Username("guest-a1b2c3"), true, T0, T0));

        assertThat(store.find("hash-g").map(Session::guest)).contains(true);
    }

    @Test
    void an_unknown_token_hash_finds_nothing() {
        store.save(new Session("hash-1", new Username("ana"), false, T0, T0));

        assertThat(store.find("hash-2")).isEmpty();
    }

    @Test
    void sessions_of_one_user_are_kept_apart() {
        Session phone = new Session("hash-phone", new Username("ana"), false, T0, T0);
        Session laptop = new Session("hash-laptop", new Username("ana"), false, T0.plusSeconds(1), T0.plusSeconds(1));
        store.save(phone);
        store.save(laptop);

        store.delete("hash-phone");

        assertThat(store.find("hash-phone")).isEmpty();
        assertThat(store.find("hash-laptop")).contains(laptop);
    }

    @Test
    void session_touch_updates_last_seen() {
        store.save(new Session("hash-1", new Username("ana"), false, T0, T0));

        store.touch("hash-1", T0.plusSeconds(90));

        assertThat(store.find("hash-1"))
                .contains(new Session("hash-1", new Username("ana"), false, T0, T0.plusSeconds(90)));
    }

    @Test
    void touching_a_session_that_no_longer_exists_does_not_bring_it_back() {
        store.save(new Session("hash-1", new Username("ana"), false, T0, T0));
        store.delete("hash-1");

        store.touch("hash-1", T0.plusSeconds(90));
        store.touch("never-saved", T0.plusSeconds(90));

        assertThat(store.find("hash-1")).isEmpty();
        assertThat(store.find("never-saved")).isEmpty();
    }

    @Test
    void deleted_session_is_gone() {
        store.save(new Session("hash-1", new Username("ana"), false, T0, T0));

        store.delete("hash-1");

        assertThat(store.find("hash-1")).isEmpty();
    }

    @Test
    void deleting_an_unknown_session_changes_nothing() {
        Session kept = new Session("hash-1", new Username("ana"), false, T0, T0);
        store.save(kept);

        store.delete("never-saved");
        store.delete("never-saved");

        assertThat(store.find("hash-1")).contains(kept);
    }

    @Test
    void deleting_a_user_s_sessions_ends_all_of_theirs_and_no_one_else_s() {
        store.save(new Session("ana-1", new Username("ana"), false, T0, T0));
        store.save(new Session("ana-2", new Username("ana"), false, T0, T0));
        store.save(new Session("bob-1", new Username("bob"), false, T0, T0));

        assertThat(store.deleteAllOf(new Username("ana"))).containsExactlyInAnyOrder("ana-1", "ana-2");

        assertThat(store.find("ana-1")).isEmpty();
        assertThat(store.find("ana-2")).isEmpty();
        assertThat(store.find("bob-1")).isPresent();
        assertThat(store.deleteAllOf(new Username("ana"))).isEmpty();
    }

    @Test
    void a_password_change_ends_every_other_session_of_the_user_and_keeps_its_own() {
        store.save(new Session("ana-1", new Username("ana"), false, T0, T0));
        store.save(new Session("ana-2", new Username("ana"), false, T0, T0));
        store.save(new Session("ana-3", new Username("ana"), false, T0, T0));
        store.save(new Session("bob-1", new Username("bob"), false, T0, T0));

        assertThat(store.deleteAllOf(new Username("ana"), "ana-2")).containsExactlyInAnyOrder("ana-1", "ana-3");

        assertThat(store.find("ana-2")).isPresent();
        assertThat(store.find("ana-1")).isEmpty();
        assertThat(store.find("bob-1")).isPresent();
    }

    @Test
    void sessions_idle_since_before_a_time_are_purged_a_batch_at_a_time() {
        for (int i = 0; i < 5; i++) {
            store.save(new Session("old-" + i, new Username("guest-old" + i), true, T0, T0.plusSeconds(i)));
        }
        store.save(new Session("recent", new Username("ana"), false, T0, T0.plusSeconds(3600)));

        assertThat(store.purgeIdle(T0.plusSeconds(60), 3)).isEqualTo(3);
        assertThat(store.purgeIdle(T0.plusSeconds(60), 3)).isEqualTo(2);
        assertThat(store.purgeIdle(T0.plusSeconds(60), 3)).isZero();

        for (int i = 0; i < 5; i++) {
            assertThat(store.find("old-" + i)).isEmpty();
        }
        assertThat(store.find("recent")).isPresent();
    }
}
