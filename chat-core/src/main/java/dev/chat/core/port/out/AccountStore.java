package dev.chat.core.port.out;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.Username;
import java.util.List;
import java.util.Optional;

/** Keeps registered accounts, one per username. */
public interface AccountStore {

    /** Stores the account unless the name is taken; atomic, so of two racing calls exactly one returns true. */
    boolean create(Account account);

    Optional<Account> find(Username username);

    /** Every account, ordered by username. */
    List<Account> list();

    /** Sets whether the user is banned; false when there is no such account. */
    boolean setBanned(Username username, boolean banned);
}
