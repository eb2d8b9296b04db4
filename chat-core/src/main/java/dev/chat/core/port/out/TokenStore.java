package dev.chat.core.port.out;

import dev.chat.core.domain.AccessToken;
import dev.chat.core.domain.Username;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps access tokens by the hash of their secret, and by owner for listing and revoking. Whether a token has expired
 * is the core's decision, made on read.
 */
public interface TokenStore {

    /** Saves a new token (its id and hash are new). */
    void save(AccessToken token);

    Optional<AccessToken> find(String tokenHash);

    /** The owner's tokens, in any order. */
    List<AccessToken> listOf(Username owner);

    /** Deletes the owner's token with this id, and returns it; empty when the owner has no such token. */
    Optional<AccessToken> delete(Username owner, String id);

    /** Records that the token was used; a no-op for a token that no longer exists. */
    void touch(String tokenHash, Instant lastUsed);
}
