package dev.chat.core.port.out;

import dev.chat.core.domain.Account;
import dev.chat.core.domain.Username;
import java.time.Instant;
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

    /** Marks the account as made (or vouched for) by the server's operator; false when there is no such account. */
    boolean setByOperator(Username username);

    /** Replaces the password hash and forgets any pending reset; false when there is no such account. */
    boolean setPasswordHash(Username username, String passwordHash);

    /**
     * Records a one-time password reset: the SHA-256 of its token and when it expires, replacing any earlier
     * one; false when there is no such account.
     */
    boolean setPasswordReset(Username username, String tokenHash, Instant expiresAt);

    /**
     * Uses the pending reset: when its token hash matches and it has not expired at {@code now}, the password
     * hash is replaced and the reset forgotten, atomically, so a token works once. False otherwise.
     */
    boolean resetPassword(Username username, String tokenHash, Instant now, String passwordHash);

    /**
     * Counts one more room created by the user, unless they have {@code max} already; atomic, so racing
     * creations cannot pass the limit together. False at the limit or when there is no such account.
     */
    boolean addRoomCreated(Username username, int max);

    /** Counts one room of the user's fewer (it was deleted, or never created after all). */
    void removeRoomCreated(Username username);
}
