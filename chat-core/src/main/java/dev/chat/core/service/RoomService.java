package dev.chat.core.service;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Member;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.ReadState;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Rooms;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.MemberStore;
import dev.chat.core.port.out.PresenceStore;
import dev.chat.core.port.out.RoomStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creating, listing, finding, opening (direct) and deleting rooms, each as the caller may see it. */
final class RoomService implements Rooms {

    private static final Logger log = LoggerFactory.getLogger(RoomService.class);
    private static final String DIRECT_PREFIX = "dm-";

    private final RoomStore rooms;
    private final KnownRooms known;
    private final MemberStore members;
    private final PresenceStore presence;
    private final AccountStore accounts;
    private final int roomsPerUser;
    private final Clock clock;
    private final RoomAccess access;
    private final RoomRemover remover;
    private final Fanout fanout;
    private final ReadService reads;
    /** Direct rooms' people seen a moment ago; past this many, they are forgotten all at once. */
    private final Map<RoomName, People> directPeople = new ConcurrentHashMap<>();

    private static final int MAX_DIRECT_PEOPLE = 10_000;

    RoomService(
            RoomStore rooms,
            KnownRooms known,
            MemberStore members,
            PresenceStore presence,
            AccountStore accounts,
            int roomsPerUser,
            Clock clock,
            RoomAccess access,
            RoomRemover remover,
            Fanout fanout,
            ReadService reads) {
        this.rooms = rooms;
        this.known = known;
        this.members = members;
        this.presence = presence;
        this.accounts = accounts;
        this.roomsPerUser = roomsPerUser;
        this.clock = clock;
        this.access = access;
        this.remover = remover;
        this.fanout = fanout;
        this.reads = reads;
    }

    void createDefaults(List<RoomName> names) {
        for (RoomName name : names) {
            if (rooms.find(name).isEmpty()) {
                rooms.create(new Room(name, Topic.NONE, "", clock.instant()));
            }
        }
    }

    @Override
    public Room create(Principal who, RoomName name, Topic topic, RoomKind kind) {
        if (who.guest()) {
            throw new ChatException(ErrorCode.FORBIDDEN, "Guests cannot create rooms.");
        }
        RoomAccess.requireEveryRoom(who, "create rooms");
        if (kind == RoomKind.DIRECT) {
            throw new ChatException(
                    ErrorCode.BAD_REQUEST, "A direct room is opened with the people in it, not created.");
        }
        requireNotDirectName(name);
        Room room = new Room(name, topic, who.user().value(), clock.instant(), kind);
        boolean counted = roomsPerUser > 0 && !access.isAdmin(who);
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
        known.remember(room);
        // Memberships left under this name by a deletion cut short are not this room's.
        members.removeAll(name);
        // The creator owns it. If this write is lost, an admin can still reach (and delete) the room.
        members.add(new Member(name, who.user(), Role.OWNER, room.createdAt()));
        if (kind == RoomKind.PUBLIC) {
            publish(new ChatEvent.RoomListed(name, topic));
        }
        return room;
    }

    /** Names starting {@value #DIRECT_PREFIX} are the server's, for direct rooms; {@code invalid_room}. */
    static void requireNotDirectName(RoomName name) {
        if (name.value().startsWith(DIRECT_PREFIX)) {
            throw new ChatException(
                    ErrorCode.INVALID_ROOM,
                    "Names starting with '" + DIRECT_PREFIX + "' are kept for direct messages.");
        }
    }

    @Override
    public RoomPage list(Principal who, RoomName after, PageSize pageSize) {
        int size = pageSize.value();
        if (!who.grant().everyRoom()) {
            return listGranted(who, after, size);
        }
        List<Room> directory = rooms.page(after, size + 1);
        // The caller's own rooms, the private and direct ones among them, in one query. Reading one more than a
        // page holds is enough: the page ends before the last of them (see docs/architecture.md, "Room access").
        List<Member> mine = who.guest() ? List.of() : members.roomsOf(who.user(), after, size + 1);
        Map<RoomName, Member> roles = new HashMap<>();
        TreeMap<RoomName, Room> visible = new TreeMap<>();
        directory.forEach(r -> visible.put(r.name(), r));
        for (Member m : mine) {
            roles.put(m.room(), m);
            if (!visible.containsKey(m.room())) {
                try {
                    Room room = known.existing(m.room());
                    if (!room.isPublic()) {
                        visible.put(room.name(), room);
                    }
                } catch (ChatException e) {
                    // Deleted since (its members are being removed): not listed.
                }
            }
        }
        List<Room> page = new ArrayList<>(visible.values());
        boolean more = page.size() > size || directory.size() > size || mine.size() > size;
        if (page.size() > size) {
            page = page.subList(0, size);
        }
        return new RoomPage(summaries(who, page, roles), more);
    }

    /** The rooms of an access token limited to some: those of them its owner may see, in name order. */
    private RoomPage listGranted(Principal who, RoomName after, int size) {
        Map<RoomName, Member> roles = new HashMap<>();
        List<Room> page = new ArrayList<>();
        boolean more = false;
        for (RoomName name : new TreeSet<>(who.grant().rooms())) {
            if (after != null && name.compareTo(after) <= 0) {
                continue;
            }
            Room room;
            try {
                room = access.visible(who, name);
            } catch (ChatException e) {
                if (e.code() != ErrorCode.NO_SUCH_ROOM) {
                    throw e;
                }
                continue;
            }
            if (page.size() == size) {
                more = true;
                break;
            }
            page.add(room);
            access.membership(name, who.user()).ifPresent(m -> roles.put(name, m));
        }
        return new RoomPage(summaries(who, page, roles), more);
    }

    @Override
    public RoomSummary find(Principal who, RoomName name) {
        // The room as stored now, not as seen a moment ago: its topic may have just changed.
        Room room = known.find(access.visible(who, name).name());
        Map<RoomName, Member> roles = new HashMap<>();
        access.membership(room.name(), who.user()).ifPresent(m -> roles.put(m.room(), m));
        return summaries(who, List.of(room), roles).get(0);
    }

    @Override
    public Opened openDirect(Principal who, Set<Username> others) {
        if (who.guest()) {
            throw new ChatException(ErrorCode.FORBIDDEN, "Guests cannot send direct messages.");
        }
        RoomAccess.requireEveryRoom(who, "open direct messages");
        TreeSet<Username> people = new TreeSet<>(others);
        people.add(who.user());
        if (people.size() < 2 || people.size() > Member.MOST_IN_DIRECT) {
            throw new ChatException(
                    ErrorCode.BAD_REQUEST,
                    "A direct message is between 2 and " + Member.MOST_IN_DIRECT + " people, you included.");
        }
        for (Username person : people) {
            if (!person.equals(who.user()) && accounts.find(person).isEmpty()) {
                throw AccountService.noSuchUser(person);
            }
        }
        Instant now = clock.instant();
        Room room = new Room(directName(people), Topic.NONE, who.user().value(), now, RoomKind.DIRECT);
        boolean created = rooms.create(room);
        if (created) {
            members.removeAll(room.name()); // left by a deletion cut short: not this room's
        } else {
            room = known.find(room.name());
            if (room.kind() != RoomKind.DIRECT) {
                throw new ChatException(ErrorCode.UNAVAILABLE, "That direct room cannot be opened. Try again.");
            }
        }
        // Also when it existed: a creation whose member writes were cut short is finished by the next opening. Who is
        // new is told once everyone is in, so that the room they are shown lists all its people.
        List<Username> added = new ArrayList<>();
        for (Username person : people) {
            if (members.add(new Member(room.name(), person, Role.MEMBER, now))) {
                added.add(person);
            }
        }
        if (!added.isEmpty()) {
            directPeople.remove(room.name()); // as seen before they were all in
        }
        for (Username person : added) {
            publish(new ChatEvent.MemberAdded(room.name(), person));
        }
        return new Opened(find(who, room.name()), created);
    }

    /** The one name of the direct room of exactly these people: the same whoever opens it, never a clash in practice. */
    static RoomName directName(Set<Username> people) {
        String joined =
                String.join(",", people.stream().map(Username::value).sorted().toList());
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        StringBuilder name = new StringBuilder(DIRECT_PREFIX);
        for (int i = 0; i < 13; i++) {
            name.append(String.format("%02x", digest[i]));
        }
        return new RoomName(name.toString());
    }

    @Override
    public void delete(Principal who, RoomName name) {
        access.require(who, name, Role.OWNER);
        remover.delete(name);
        access.audit(who, "delete-room", name.value());
    }

    /**
     * The rooms as the caller sees them: online counts (0 while they cannot be read), their role, a direct room's
     * people, and how far they have read the rooms they are a member of.
     */
    List<RoomSummary> summaries(Principal who, List<Room> page, Map<RoomName, Member> roles) {
        Map<RoomName, Integer> online;
        try {
            online = presence.counts(page.stream().map(Room::name).toList());
        } catch (RuntimeException e) {
            log.warn("Could not count who is online: {}", e.toString());
            online = Map.of();
        }
        List<Member> memberships = page.stream()
                .map(r -> roles.get(r.name()))
                .filter(java.util.Objects::nonNull)
                .toList();
        Map<RoomName, ReadState> read = reads.states(who.user(), memberships);
        List<RoomSummary> summaries = new ArrayList<>(page.size());
        for (Room room : page) {
            List<Username> people = room.kind() == RoomKind.DIRECT ? people(room.name()) : List.of();
            summaries.add(new RoomSummary(
                    room,
                    online.getOrDefault(room.name(), 0),
                    Optional.ofNullable(roles.get(room.name())).map(Member::role),
                    people,
                    Optional.ofNullable(read.get(room.name()))));
        }
        return summaries;
    }

    /**
     * Who a direct room is with. Its people never change once it is opened, so a room list that shows many direct
     * rooms reads each of them at most once per {@link KnownRooms#TRUSTED_FOR} on this node, not once per listing.
     */
    private List<Username> people(RoomName room) {
        Instant now = clock.instant();
        People seen = directPeople.get(room);
        if (seen == null || now.isAfter(seen.at().plus(KnownRooms.TRUSTED_FOR)) || now.isBefore(seen.at())) {
            List<Username> read = members.members(room, null, Member.MOST_IN_DIRECT).stream()
                    .map(Member::user)
                    .toList();
            if (directPeople.size() >= MAX_DIRECT_PEOPLE) {
                directPeople.clear();
            }
            seen = new People(read, now);
            directPeople.put(room, seen);
        }
        return seen.people();
    }

    /** A direct room's people as read, and when. */
    private record People(List<Username> people, Instant at) {}

    RoomName requireExists(RoomName room) {
        return known.requireExists(room);
    }

    Room existing(RoomName room) {
        return known.existing(room);
    }

    Room find(RoomName room) {
        return known.find(room);
    }

    void forget(RoomName room) {
        known.forget(room);
    }

    static ChatException noSuchRoom(RoomName room) {
        return KnownRooms.noSuchRoom(room);
    }

    private void publish(ChatEvent event) {
        try {
            fanout.publish(event);
        } catch (RuntimeException e) {
            log.warn("Could not publish to {}: {}", event.topic(), e.toString());
        }
    }
}
