package dev.chat.core.service;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.AccountStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is an admin: a user the admin setting names whose account the operator made or vouched for. Whether an
 * account is the operator's is read from the store at most once a minute per listed name (so what is kept is as
 * small as the list); while the store cannot answer, what was last known holds, and nobody new becomes an admin.
 */
final class AdminRoster {

    /** How long whether a listed user's account is the operator's is believed without reading it again. */
    private static final Duration CHECK_EVERY = Duration.ofMinutes(1);

    private record Check(boolean byOperator, Instant at) {}

    private final Set<Username> listed;
    private final AccountStore accounts;
    private final Clock clock;
    private final Map<Username, Check> checks = new ConcurrentHashMap<>();

    AdminRoster(Set<Username> listed, AccountStore accounts, Clock clock) {
        this.listed = listed;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Whether the user (not a guest) is an admin now. */
    boolean isAdmin(Username user) {
        return listed.contains(user) && isOperatorsAccount(user);
    }

    /** The account was just read: what it says is believed for the next minute. */
    void saw(Account account) {
        checks.put(account.username(), new Check(account.byOperator(), clock.instant()));
    }

    /** The account changed (made or vouched for by the operator): read it again next time. */
    void forget(Username user) {
        checks.remove(user);
    }

    private boolean isOperatorsAccount(Username user) {
        Instant now = clock.instant();
        Check known = checks.get(user);
        if (known != null && !now.isAfter(known.at().plus(CHECK_EVERY)) && !now.isBefore(known.at())) {
            return known.byOperator();
        }
        boolean byOperator;
        try {
            byOperator = accounts.find(user).map(Account::byOperator).orElse(false);
        } catch (RuntimeException e) {
            // Not an admin while it cannot be checked; a user's session is not ended over it.
            return known != null && known.byOperator();
        }
        checks.put(user, new Check(byOperator, now));
        return byOperator;
    }
}
