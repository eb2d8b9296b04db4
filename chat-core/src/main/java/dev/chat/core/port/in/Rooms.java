package dev.chat.core.port.in;

import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Room;
import java.util.List;

/** Creating and listing rooms. */
public interface Rooms {

    /** Creates a public room; guests may not ({@code forbidden}), names are unique ({@code room_exists}). */
    Room create(Principal who, String name, String topic);

    /** Every room with the number of users online in it, ordered by name. */
    List<RoomSummary> list();

    /** A room and how many users are online in it. */
    record RoomSummary(Room room, int online) {
    }
}
