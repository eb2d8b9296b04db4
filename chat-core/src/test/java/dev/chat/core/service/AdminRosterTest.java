package dev.chat.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.Username;
import dev.chat.core.memory.InMemoryAccountStore;
import dev.chat.core.memory.MutableClock;
import dev.chat.core.port.out.AccountStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An admin is a listed name whose account the operator made; a failing store makes nobody new an admin. */
class AdminRosterTest {

    private static final Username ROOT = new Username("root");
    private static final Username OPS = new Username("ops");
    private static final Username ANA = new Username("ana");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryAccountStore store = new InMemoryAccountStore();
    private final Outage outage = new Outage();
    private final AdminRoster roster = new AdminRoster(Set.of(ROOT, OPS), outage.of(AccountStore.class, store), clock);

    private void account(Username name, boolean byOperator) {
        store.create(new Account(name, "hash", clock.instant(), false, byOperator));
    }

    @Test
    void only_a_listed_name_whose_account_the_operator_made_is_an_admin() {
        account(ROOT, true);
        account(OPS, false);
        account(ANA, true);

        assertThat(roster.isAdmin(ROOT)).isTrue();
        assertThat(roster.isAdmin(OPS)).as("listed, but registered by anyone").isFalse();
        assertThat(roster.isAdmin(ANA)).as("the operator's, but not listed").isFalse();
    }

    @Test
    void a_vouch_counts_once_forgotten_and_what_was_known_holds_while_the_store_fails() {
        account(ROOT, true);
        account(OPS, false);
        assertThat(roster.isAdmin(OPS)).isFalse();

        store.setByOperator(OPS);
        roster.forget(OPS);
        assertThat(roster.isAdmin(OPS)).isTrue();

        outage.on = true;
        clock.advance(Duration.ofMinutes(5));
        assertThat(roster.isAdmin(OPS)).as("known to be an admin").isTrue();
        assertThat(roster.isAdmin(ROOT))
                .as("never read: not an admin while the store cannot say")
                .isFalse();
    }
}
