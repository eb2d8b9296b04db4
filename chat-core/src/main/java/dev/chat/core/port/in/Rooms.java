package dev.chat.core.port.in;

import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import java.util.List;

/** Creating and listing rooms. */
public interface Rooms {

    /** The page of rooms a client gets when it does not say how many. */
    PageSize DEFAULT_PAGE = new PageSize(PageSize.MOST);

    /**
     * Creates a public room; guests may not ({@code forbidden}), names are unique ({@code room_exists}), and an
     * account may create only so many ({@code room_limit}; admins are not limited).
     */
    Room create(Principal who, RoomName name, Topic topic);

    /**
     * A page of the rooms ordered by name, each with the number of users online in it: up to {@code size} after the
     * room named {@code after} (null: from the first).
     */
    RoomPage list(Principal who, RoomName after, PageSize size);

    /** One room with how many are online in it; {@code no_such_room}. */
    RoomSummary find(Principal who, RoomName room);

    /** A room and how many users are online in it. */
    record RoomSummary(Room room, int online) {}

    /** A page of rooms; {@code more} says whether rooms after the last of them exist. */
    record RoomPage(List<RoomSummary> rooms, boolean more) {
        public RoomPage {
            rooms = List.copyOf(rooms);
        }
    }
}
