package dev.chat.core.service;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.port.out.RoomStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms this node saw in the store a moment ago: a post or a join does not read the room again each time. A room
 * is trusted to exist for {@link #TRUSTED_FOR}; a node that has readers in a room learns of its deletion at once (the
 * room's closing event), any other node within that time. A room's kind never changes, so it is trusted as long.
 */
final class KnownRooms {

    static final Duration TRUSTED_FOR = Duration.ofSeconds(10);
    /** Past this many rooms remembered, those not trusted any more are forgotten: they would be read again anyway. */
    private static final int MAX_KNOWN = 10_000;

    private final RoomStore rooms;
    private final Clock clock;
    private final Map<RoomName, Known> known = new ConcurrentHashMap<>();

    KnownRooms(RoomStore rooms, Clock clock) {
        this.rooms = rooms;
        this.clock = clock;
    }

    /**
     * The room, known to exist, or a {@code no_such_room} refusal; {@code unavailable} when the store must be asked
     * and does not answer.
     */
    RoomName requireExists(RoomName room) {
        return existing(room).name();
    }

    /**
     * The room as stored a moment ago (trusted for {@link #TRUSTED_FOR}; its kind never changes), or a {@code
     * no_such_room} refusal; {@code unavailable} when the store must be asked and does not answer.
     */
    Room existing(RoomName name) {
        Instant now = clock.instant();
        Known seen = known.get(name);
        if (seen == null || now.isAfter(seen.at().plus(TRUSTED_FOR)) || now.isBefore(seen.at())) {
            Optional<Room> stored;
            try {
                stored = rooms.find(name);
            } catch (RuntimeException e) {
                throw unavailable(e);
            }
            if (stored.isEmpty()) {
                known.remove(name);
                throw noSuchRoom(name);
            }
            if (known.size() >= MAX_KNOWN) {
                known.values().removeIf(k -> now.isAfter(k.at().plus(TRUSTED_FOR)) || now.isBefore(k.at()));
            }
            seen = new Known(stored.get(), now);
            known.put(name, seen);
        }
        return seen.room();
    }

    /** A room seen in the store, and when. */
    private record Known(Room room, Instant at) {}

    /** The room as stored, or a {@code no_such_room} refusal. */
    Room find(RoomName room) {
        return rooms.find(room).orElseThrow(() -> noSuchRoom(room));
    }

    /** The room was deleted or renamed: it must be read again before it is trusted to exist. */
    void forget(RoomName room) {
        known.remove(room);
    }

    /** A room the store could not look up: try again (a post is answered {@code not_stored}). */
    static ChatException unavailable(RuntimeException cause) {
        return new ChatException(
                ErrorCode.UNAVAILABLE,
                "The room is unavailable right now. Try again.",
                MessageService.RESEND_AFTER,
                cause);
    }

    static ChatException noSuchRoom(RoomName room) {
        return new ChatException(ErrorCode.NO_SUCH_ROOM, "There is no room named '" + room + "'.");
    }

    /** A room just created here. */
    void remember(Room room) {
        known.put(room.name(), new Known(room, clock.instant()));
    }
}
