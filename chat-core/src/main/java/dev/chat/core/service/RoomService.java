package dev.chat.core.service;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.port.in.Rooms;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.PresenceStore;
import dev.chat.core.port.out.RoomStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class RoomService implements Rooms {

    private static final Logger log = LoggerFactory.getLogger(RoomService.class);
    /**
     * How long a room seen to exist is trusted without another read. A node that has readers in a room
     * learns of its deletion at once (the room's closing event); any other node within this time.
     */
    static final Duration TRUSTED_FOR = Duration.ofSeconds(10);
    /** Past this many rooms remembered, those not trusted any more are forgotten: they would be read again anyway. */
    private static final int MAX_KNOWN = 10_000;

    private final RoomStore rooms;
    private final PresenceStore presence;
    private final AccountStore accounts;
    private final int roomsPerUser;
    /** Whether a principal is an admin by its account (admins are not limited), not by its own flag. */
    private final Predicate<Principal> isAdmin;

    private final Clock clock;
    /** Rooms seen to exist, and when. */
    private final Map<RoomName, Instant> known = new ConcurrentHashMap<>();

    RoomService(
            RoomStore rooms,
            PresenceStore presence,
            AccountStore accounts,
            int roomsPerUser,
            Predicate<Principal> isAdmin,
            Clock clock) {
        this.isAdmin = isAdmin;
        this.rooms = rooms;
        this.presence = presence;
        this.accounts = accounts;
        this.roomsPerUser = roomsPerUser;
        this.clock = clock;
    }

    void createDefaults(List<RoomName> names) {
        for (RoomName name : names) {
            if (rooms.find(name).isEmpty()) {
                rooms.create(new Room(name, Topic.NONE, "", clock.instant()));
            }
        }
    }

    @Override
    public Room create(Principal who, RoomName name, Topic topic) {
        if (who.guest()) {
            throw new ChatException(ErrorCode.FORBIDDEN, "Guests cannot create rooms.");
        }
        Room room = new Room(name, topic, who.user().value(), clock.instant());
        boolean counted = roomsPerUser > 0 && !isAdmin.test(who);
        if (counted && !accounts.addRoomCreated(who.user(), roomsPerUser)) {
            throw new ChatException(
                    ErrorCode.ROOM_LIMIT, "You have created " + roomsPerUser + " rooms, the most one account may.");
        }
        boolean created;
        try {
            created = rooms.create(room);
        } catch (RuntimeException e) {
            if (counted) {
                accounts.removeRoomCreated(who.user());
            }
            throw e;
        }
        if (!created) {
            if (counted) {
                accounts.removeRoomCreated(who.user());
            }
            throw new ChatException(ErrorCode.ROOM_EXISTS, "A room named '" + room.name() + "' exists already.");
        }
        known.put(room.name(), clock.instant());
        return room;
    }

    @Override
    public RoomPage list(Principal who, RoomName after, PageSize pageSize) {
        int size = pageSize.value();
        List<Room> page = rooms.page(after, size + 1);
        boolean more = page.size() > size;
        if (more) {
            page = page.subList(0, size);
        }
        return new RoomPage(summaries(page), more);
    }

    @Override
    public RoomSummary find(Principal who, RoomName room) {
        return summaries(List.of(find(room))).get(0);
    }

    /** The rooms with how many are online in each (0 everywhere while that cannot be read). */
    List<RoomSummary> summaries(List<Room> page) {
        Map<RoomName, Integer> online;
        try {
            online = presence.counts(page.stream().map(Room::name).toList());
        } catch (RuntimeException e) {
            log.warn("Could not count who is online: {}", e.toString());
            online = Map.of();
        }
        Map<RoomName, Integer> counts = online;
        return page.stream()
                .map(r -> new RoomSummary(r, counts.getOrDefault(r.name(), 0)))
                .toList();
    }

    /**
     * The room, known to exist, or a {@code no_such_room} refusal; {@code unavailable} when the store must be asked
     * and does not answer.
     */
    RoomName requireExists(RoomName room) {
        Instant now = clock.instant();
        Instant seen = known.get(room);
        if (seen == null || now.isAfter(seen.plus(TRUSTED_FOR)) || now.isBefore(seen)) {
            Optional<Room> stored;
            try {
                stored = rooms.find(room);
            } catch (RuntimeException e) {
                throw new ChatException(
                        ErrorCode.UNAVAILABLE,
                        "The room is unavailable right now. Try again.",
                        MessageService.RESEND_AFTER,
                        e);
            }
            if (stored.isEmpty()) {
                known.remove(room);
                throw noSuchRoom(room);
            }
            if (known.size() >= MAX_KNOWN) {
                known.values().removeIf(at -> now.isAfter(at.plus(TRUSTED_FOR)) || now.isBefore(at));
            }
            known.put(room, now);
        }
        return room;
    }

    /** The room as stored, or a {@code no_such_room} refusal. */
    Room find(RoomName room) {
        return rooms.find(room).orElseThrow(() -> noSuchRoom(room));
    }

    /** The room was deleted or renamed: it must be read again before it is trusted to exist. */
    void forget(RoomName room) {
        known.remove(room);
    }

    static ChatException noSuchRoom(RoomName room) {
        return new ChatException(ErrorCode.NO_SUCH_ROOM, "There is no room named '" + room + "'.");
    }
}
