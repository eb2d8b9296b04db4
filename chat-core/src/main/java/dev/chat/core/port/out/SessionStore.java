package dev.chat.core.port.out;

import dev.chat.core.domain.Session;
import dev.chat.core.domain.Username;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Keeps sessions by the hash of their token. Expiry is the core's decision, made on read. */
public interface SessionStore {

    void save(Session session);

    Optional<Session> find(String tokenHash);

    /** Records that the session was used; a no-op for a session that no longer exists. */
    void touch(String tokenHash, Instant lastSeen);

    void delete(String tokenHash);

    /** Deletes every session of the user (a ban); returns the hashes of the sessions deleted. */
    default List<String> deleteAllOf(Username user) {
        return deleteAllOf(user, null);
    }

    /**
     * Deletes every session of the user but the one whose hash is {@code keep} (null: all of them; a
     * password change keeps the session that made it); returns the hashes of the sessions deleted.
     */
    List<String> deleteAllOf(Username user, String keep);

    /**
     * Deletes, up to {@code max} of them, the sessions last used before {@code lastSeenBefore}: they have
     * expired and would only take room. Returns how many were deleted.
     */
    int purgeIdle(Instant lastSeenBefore, int max);
}
