package dev.chat.core.port.in;

import dev.chat.core.domain.Member;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Role;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.util.List;
import java.util.Objects;

/**
 * A room's members and their roles. Everything here is refused with {@code no_such_room} to a caller who may not
 * see the room, exactly as for a room that does not exist; with {@code forbidden} to a member whose role does not
 * allow it. Admins may do everything everywhere.
 */
public interface Members {

    /** The page of members a client gets when it does not say how many. */
    PageSize DEFAULT_PAGE = new PageSize(PageSize.MOST);

    /**
     * The room's members ordered by name, up to {@code size} after {@code after} (null: from the first), each saying
     * whether it is a bot account.
     */
    MemberPage list(Principal who, RoomName room, Username after, PageSize size);

    /**
     * Adds a user to a private room as a member: its owner and moderators may. {@code no_such_user}; {@code
     * forbidden} in a public room (people join it themselves) and in a direct room (its people are fixed).
     */
    Listed add(Principal who, RoomName room, Username user);

    /**
     * Removes a member: anyone may leave a public or private room; the owner and moderators of a private room may
     * remove others (not the owner). The last owner leaving hands the room to the oldest moderator, else the oldest
     * member; an empty private room is deleted. Nobody leaves or is removed from a direct room ({@code forbidden}).
     * Their connections in the room are taken out of it at once, on every node.
     */
    void remove(Principal who, RoomName room, Username user);

    /**
     * Changes a member's role in a private room: its owner and moderators make members moderators and back; only
     * the owner hands ownership on ({@code role} = owner), and becomes a moderator.
     */
    Listed setRole(Principal who, RoomName room, Username user, Role role);

    /** A member as clients see one: the membership, and whether the member is a bot account (to be shown so). */
    record Listed(Member member, boolean bot) {
        public Listed {
            Objects.requireNonNull(member, "member");
        }
    }

    /** A page of members; {@code more} says whether members after the last of them exist. */
    record MemberPage(List<Listed> members, boolean more) {
        public MemberPage {
            members = List.copyOf(members);
        }
    }
}
