package dev.chat.core.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What a principal's credential allows beyond what its user may: a session allows all of it ({@link #SESSION}); an
 * access token may be limited to some rooms (the others are answered as if they did not exist), to reading, and in
 * time.
 *
 * @param tokenId the access token's id, or null for a session
 * @param rooms the rooms it may reach, or empty for every room its user may
 * @param write whether it may change anything (post, edit, react, manage rooms and members)
 * @param expiresAt when it stops working, or null for never
 */
public record Grant(String tokenId, Set<RoomName> rooms, boolean write, Instant expiresAt) {

    /** A signed-in session: everything its user may do. */
    public static final Grant SESSION = new Grant(null, Set.of(), true, null);

    public Grant {
        rooms = Set.copyOf(Objects.requireNonNull(rooms, "rooms"));
    }

    /** Whether this is an access token's, not a session's. */
    public boolean isToken() {
        return tokenId != null;
    }

    /** Whether it reaches the room at all (whether its user may see it is asked apart). */
    public boolean covers(RoomName room) {
        return rooms.isEmpty() || rooms.contains(room);
    }

    /** Whether it reaches every room its user may (not limited to some). */
    public boolean everyRoom() {
        return rooms.isEmpty();
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
