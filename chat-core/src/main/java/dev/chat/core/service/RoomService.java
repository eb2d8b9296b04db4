package dev.chat.core.service;

import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.port.in.Rooms;
import dev.chat.core.port.out.PresenceStore;
import dev.chat.core.port.out.RoomStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class RoomService implements Rooms {

    private static final Logger log = LoggerFactory.getLogger(RoomService.class);
    /**
     * How long a room seen to exist is trusted without another read. A node that has readers in a room
     * learns of its deletion at once (the room's closing event); any other node within this time.
     */
    static final Duration TRUSTED_FOR = Duration.ofSeconds(10);

    private final RoomStore rooms;
    private final PresenceStore presence;
    private final Clock clock;
    /** Rooms seen to exist, and when. */
    private final Map<RoomName, Instant> known = new ConcurrentHashMap<>();

    RoomService(RoomStore rooms, PresenceStore presence, Clock clock) {
        this.rooms = rooms;
        this.presence = presence;
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
    public Room create(Principal who, String name, String topic) {
        if (who.guest()) {
            throw new ChatException(ErrorCode.FORBIDDEN, "Guests cannot create rooms.");
        }
        Room room = new Room(RoomName.of(name), Topic.of(topic), who.user().value(), clock.instant());
        if (!rooms.create(room)) {
            throw new ChatException(ErrorCode.ROOM_EXISTS, "A room named '" + room.name() + "' exists already.");
        }
        known.put(room.name(), clock.instant());
        return room;
    }

    @Override
    public List<RoomSummary> list() {
        List<Room> all = rooms.list();
        Map<RoomName, Integer> online;
        try {
            online = presence.counts(all.stream().map(Room::name).toList());
        } catch (RuntimeException e) {
            log.warn("Could not count who is online: {}", e.toString());
            online = Map.of();
        }
        Map<RoomName, Integer> counts = online;
        return all.stream().map(r -> new RoomSummary(r, counts.getOrDefault(r.name(), 0))).toList();
    }

    /**
     * The room, parsed and known to exist, or a {@code no_such_room} refusal; {@code unavailable} when the store
     * must be asked and does not answer.
     */
    RoomName existing(String name) {
        RoomName room = RoomName.of(name);
        Instant now = clock.instant();
        Instant seen = known.get(room);
        if (seen == null || now.isAfter(seen.plus(TRUSTED_FOR)) || now.isBefore(seen)) {
            Optional<Room> stored;
            try {
                stored = rooms.find(room);
            } catch (RuntimeException e) {
                throw new ChatException(ErrorCode.UNAVAILABLE, "The room is unavailable right now. Try again.",
                        MessageService.RESEND_AFTER, e);
            }
            if (stored.isEmpty()) {
                known.remove(room);
                throw noSuchRoom(room);
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
