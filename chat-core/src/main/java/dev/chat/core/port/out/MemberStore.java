package dev.chat.core.port.out;

import dev.chat.core.domain.Member;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.util.List;
import java.util.Optional;

/**
 * Keeps who is a member of which room, with their role. Both directions are one query each: a room's members, and
 * the rooms a user is in (a user's room list on every device).
 */
public interface MemberStore {

    /** Adds the member unless the user is one already; atomic, so of two racing calls exactly one returns true. */
    boolean add(Member member);

    Optional<Member> find(RoomName room, Username user);

    /** Up to {@code limit} members of the room ordered by username, after {@code after} (null: from the first). */
    List<Member> members(RoomName room, Username after, int limit);

    /** Up to {@code limit} of the user's memberships ordered by room name, after {@code after} (null: from the first). */
    List<Member> roomsOf(Username user, RoomName after, int limit);

    /**
     * Moves the member's read marker forward to {@code upTo} (never back: a smaller one changes nothing); false when
     * the user is not a member.
     */
    boolean markRead(RoomName room, Username user, long upTo);

    /** Gives the member another role; false when the user is not a member. */
    boolean setRole(RoomName room, Username user, Role role);

    /** Removes the member; false when the user was not one. */
    boolean remove(RoomName room, Username user);

    /** Removes every member of the room (it was deleted). */
    void removeAll(RoomName room);

    /** Moves every member of a renamed room to its new name, keeping their roles and since when. */
    void moveRoom(RoomName from, RoomName to);
}
