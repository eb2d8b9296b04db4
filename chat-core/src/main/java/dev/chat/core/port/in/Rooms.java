package dev.chat.core.port.in;

import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.ReadState;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Creating and listing rooms. */
public interface Rooms {

    /** The page of rooms a client gets when it does not say how many. */
    PageSize DEFAULT_PAGE = new PageSize(PageSize.MOST);

    /**
     * Creates a public or private room, whose owner the caller is; guests may not ({@code forbidden}), names are unique
     * ({@code room_exists}; names starting {@code dm-} are kept for direct rooms: {@code invalid_room}), and an account
     * may create only so many ({@code room_limit}; admins are not limited).
     */
    Room create(Principal who, RoomName name, Topic topic, RoomKind kind);

    /** Creates a public room; see {@link #create(Principal, RoomName, Topic, RoomKind)}. */
    default Room create(Principal who, RoomName name, Topic topic) {
        return create(who, name, topic, RoomKind.PUBLIC);
    }

    /**
     * The direct room of the caller and {@code others} (1 to 8 other users, 2 to 9 people in all): the one that
     * exists for exactly that set of people, whoever opened it and however often, or a new one. Its name is made by
     * the server from the set. Guests may not ({@code forbidden}); {@code no_such_user} for an unknown name.
     */
    Opened openDirect(Principal who, Set<Username> others);

    /**
     * Deletes a room and its messages, as its owner (or an admin); its readers are taken out of it. A non-member of a
     * private room gets {@code no_such_room}, another member {@code forbidden}.
     */
    void delete(Principal who, RoomName room);

    /**
     * A page of the rooms the caller may see, ordered by name, each as they see it: every public room, and the
     * private and direct rooms they are a member of; up to {@code size} after the room named {@code after} (null:
     * from the first).
     */
    RoomPage list(Principal who, RoomName after, PageSize size);

    /** One room as the caller sees it; {@code no_such_room}, also for a room the caller may not see. */
    RoomSummary find(Principal who, RoomName room);

    /**
     * A room as one user sees it: how many are online in it, the user's role there (none: not a member — for a
     * public room, not joined), for a direct room who is in it, and for a member how far they have read it.
     */
    record RoomSummary(Room room, int online, Optional<Role> role, List<Username> members, Optional<ReadState> read) {
        public RoomSummary {
            members = List.copyOf(members);
        }

        public RoomSummary(Room room, int online) {
            this(room, online, Optional.empty(), List.of(), Optional.empty());
        }

        /** Whether the user is a member (of a public room: has joined it). */
        public boolean joined() {
            return role.isPresent();
        }
    }

    /** A direct room, and whether this call created it. */
    record Opened(RoomSummary room, boolean created) {}

    /** A page of rooms; {@code more} says whether rooms after the last of them exist. */
    record RoomPage(List<RoomSummary> rooms, boolean more) {
        public RoomPage {
            rooms = List.copyOf(rooms);
        }
    }
}
