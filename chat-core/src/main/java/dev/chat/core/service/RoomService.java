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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class RoomService implements Rooms {

    private final RoomStore rooms;
    private static final Logger log = LoggerFactory.getLogger(RoomService.class);

    private final PresenceStore presence;
    private final Clock clock;
    /** Rooms are never deleted yet, so a room once seen to exist can be trusted without another read. */
    private final Set<RoomName> known = ConcurrentHashMap.newKeySet();

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
        known.add(room.name());
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

    /** The room, parsed and known to exist, or a {@code no_such_room} refusal. */
    RoomName existing(String name) {
        RoomName room = RoomName.of(name);
        if (!known.contains(room)) {
            if (rooms.find(room).isEmpty()) {
                throw new ChatException(ErrorCode.NO_SUCH_ROOM, "There is no room named '" + room + "'.");
            }
            known.add(room);
        }
        return room;
    }
}
