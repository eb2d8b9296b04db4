package dev.chat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.AccountStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link AccountStore} must do; an implementation's test extends this and supplies the store. */
public abstract class AccountStoreContract {

    /** Millisecond precision: the contract does not promise that finer instants survive every store. */
    private static final Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

    private AccountStore store;

    /** A new, empty store. */
    protected abstract AccountStore newStore();

    /** A second handle on the same accounts, as another node would hold; the same object for in-process stores. */
    protected AccountStore anotherNode(AccountStore store) {
        return store;
    }

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    @Test
    void a_created_account_can_be_found_by_its_name() {
        Account ana = new Account(new Username("ana"), "hash-of-ana", T0);

        assertThat(store.create(ana)).isTrue();

        assertThat(store.find(new Username("ana"))).contains(ana);
    }

    @Test
    void an_unknown_name_finds_nothing() {
        store.create(new Account(new Username("ana"), "hash-of-ana", T0));

        assertThat(store.find(new Username("bob"))).isEmpty();
    }

    @Test
    void a_taken_name_cannot_be_registered_again_and_the_first_account_stays() {
        Account first = new Account(new Username("ana"), "first-hash", T0);
        store.create(first);

        boolean created = store.create(new Account(new Username("ana"), "second-hash", T0.plusSeconds(60)));

        assertThat(created).isFalse();
        assertThat(store.find(new Username("ana"))).contains(first);
    }

    @Test
    void names_that_differ_only_in_case_are_one_name() {
        store.create(new Account(Username.of("Ana"), "first-hash", T0));

        assertThat(store.create(new Account(Username.of("ANA"), "second-hash", T0)))
                .isFalse();
        assertThat(store.find(Username.of("aNa")).map(Account::passwordHash)).contains("first-hash");
    }

    @Test
    void two_racing_registrations_of_one_name_let_exactly_one_win() {
        AccountStore[] nodes = {store, anotherNode(store)};
        for (int round = 0; round < 20; round++) {
            Username name = new Username("racer-" + round);

            List<Boolean> wins = Race.run(
                    4, racer -> nodes[racer % 2].create(new Account(name, "hash-" + racer, T0.plusMillis(racer))));

            assertThat(wins).as("round %d", round).containsOnlyOnce(true);
            int winner = wins.indexOf(true);
            assertThat(store.find(name).map(Account::passwordHash))
                    .as("round %d", round)
                    .contains("hash-" + winner);
        }
    }

    @Test
    void accounts_are_listed_by_name() {
        store.create(new Account(new Username("cat"), "h", T0));
        store.create(new Account(new Username("ana"), "h", T0));
        store.create(new Account(new Username("bob"), "h", T0));

        assertThat(store.list()).extracting(a -> a.username().value()).containsExactly("ana", "bob", "cat");
    }

    @Test
    void a_ban_is_kept_until_lifted() {
        store.create(new Account(new Username("bob"), "hash", T0));

        assertThat(store.setBanned(new Username("bob"), true)).isTrue();
        assertThat(anotherNode(store).find(new Username("bob")).map(Account::banned))
                .contains(true);
        assertThat(store.list()).extracting(Account::banned).containsExactly(true);

        assertThat(store.setBanned(new Username("bob"), false)).isTrue();
        Account bob = store.find(new Username("bob")).orElseThrow();
        assertThat(bob.banned()).isFalse();
        assertThat(bob.passwordHash()).isEqualTo("hash");
    }

    @Test
    void banning_an_unknown_user_finds_nobody_and_creates_no_account() {
        assertThat(store.setBanned(new Username("nobody"), true)).isFalse();
        assertThat(store.find(new Username("nobody"))).isEmpty();
    }

    @Test
    void an_account_is_made_by_the_operator_only_when_created_or_marked_so() {
        store.create(new Account(new Username("ana"), "hash", T0));
        store.create(new Account(new Username("root"), "hash", T0, false, true));

        assertThat(store.find(new Username("ana")).map(Account::byOperator)).contains(false);
        assertThat(anotherNode(store).find(new Username("root")).map(Account::byOperator))
                .contains(true);

        assertThat(store.setByOperator(new Username("ana"))).isTrue();
        assertThat(anotherNode(store).find(new Username("ana")).map(Account::byOperator))
                .contains(true);
        assertThat(store.setByOperator(new Username("nobody"))).isFalse();
        assertThat(store.find(new Username("nobody"))).isEmpty();
    }

    @Test
    void a_new_password_hash_replaces_the_old_one_and_keeps_the_rest() {
        store.create(new Account(new Username("ana"), "old-hash", T0, false, true));
        store.setBanned(new Username("ana"), true);

        assertThat(store.setPasswordHash(new Username("ana"), "new-hash")).isTrue();

        Account ana = anotherNode(store).find(new Username("ana")).orElseThrow();
        assertThat(ana.passwordHash()).isEqualTo("new-hash");
        assertThat(ana.banned()).isTrue();
        assertThat(ana.byOperator()).isTrue();
        assertThat(store.setPasswordHash(new Username("nobody"), "hash")).isFalse();
    }

    @Test
    void a_password_reset_works_once_with_its_token_before_it_expires() {
        Username ana = new Username("ana");
        store.create(new Account(ana, "old-hash", T0));
        assertThat(store.setPasswordReset(ana, "token-hash", T0.plusSeconds(3600)))
                .isTrue();

        assertThat(store.resetPassword(ana, "wrong-hash", T0.plusSeconds(1), "x"))
                .as("another token")
                .isFalse();
        assertThat(anotherNode(store).resetPassword(ana, "token-hash", T0.plusSeconds(2), "new-hash"))
                .isTrue();
        assertThat(store.resetPassword(ana, "token-hash", T0.plusSeconds(3), "newer-hash"))
                .as("used")
                .isFalse();
        assertThat(store.find(ana).map(Account::passwordHash)).contains("new-hash");

        store.setPasswordReset(ana, "second-hash", T0.plusSeconds(3600));
        assertThat(store.resetPassword(ana, "second-hash", T0.plusSeconds(3600), "late"))
                .as("expired")
                .isFalse();
        store.setPasswordReset(ana, "third-hash", T0.plusSeconds(7200));
        store.setPasswordHash(ana, "changed-meanwhile");
        assertThat(store.resetPassword(ana, "third-hash", T0.plusSeconds(10), "x"))
                .as("a password change forgets the pending reset")
                .isFalse();
        assertThat(store.find(ana).map(Account::passwordHash)).contains("changed-meanwhile");
        assertThat(store.setPasswordReset(new Username("nobody"), "h", T0)).isFalse();
        assertThat(store.resetPassword(new Username("nobody"), "h", T0, "x")).isFalse();
    }

    @Test
    void rooms_created_are_counted_up_to_the_limit_even_when_racing() {
        Username ana = new Username("ana");
        store.create(new Account(ana, "hash", T0));
        AccountStore[] nodes = {store, anotherNode(store)};

        List<Boolean> added = Race.run(6, racer -> nodes[racer % 2].addRoomCreated(ana, 4));

        assertThat(added).filteredOn(b -> b).hasSize(4);
        assertThat(store.addRoomCreated(ana, 4)).isFalse();
        store.removeRoomCreated(ana);
        assertThat(anotherNode(store).addRoomCreated(ana, 4))
                .as("one deleted, one more allowed")
                .isTrue();
        assertThat(store.addRoomCreated(new Username("nobody"), 4)).isFalse();
    }
}
