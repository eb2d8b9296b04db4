package dev.chat.core.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.Username;
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

        assertThat(store.create(new Account(Username.of("ANA"), "second-hash", T0))).isFalse();
        assertThat(store.find(Username.of("aNa")).map(Account::passwordHash)).contains("first-hash");
    }

    @Test
    void two_racing_registrations_of_one_name_let_exactly_one_win() {
        AccountStore[] nodes = {store, anotherNode(store)};
        for (int round = 0; round < 20; round++) {
            Username name = new Username("racer-" + round);

            List<Boolean> wins = Race.run(4, racer -> nodes[racer % 2].create(
                    new Account(name, "hash-" + racer, T0.plusMillis(racer))));

            assertThat(wins).as("round %d", round).containsOnlyOnce(true);
            int winner = wins.indexOf(true);
            assertThat(store.find(name).map(Account::passwordHash)).as("round %d", round).contains("hash-" + winner);
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
        assertThat(anotherNode(store).find(new Username("bob")).map(Account::banned)).contains(true);
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
}
