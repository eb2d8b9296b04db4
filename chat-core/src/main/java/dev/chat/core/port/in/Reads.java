package dev.chat.core.port.in;

import dev.chat.core.domain.Message;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.ReadState;
import dev.chat.core.domain.RoomName;
import java.util.List;

/** What a user has read, kept by the server for every device of theirs, and where they were called by name. */
public interface Reads {

    /** The page of mentions a client gets when it does not say how many. */
    PageSize DEFAULT_PAGE = new PageSize(50);

    /**
     * Moves the caller's read marker of a room forward to {@code upTo} (a position; past the room's newest, to the
     * newest), and tells every connection of theirs the new state. Signed-in users only ({@code forbidden} for a
     * guest); reading a public room makes a signed-in user a member of it, as joining it does.
     */
    ReadState markRead(Principal who, RoomName room, long upTo);

    /** The caller's mentions, newest first, each with the message as it is now and whether it is unread. */
    List<MentionItem> mentions(Principal who, PageSize size);

    /** A message the user was called by name in; {@code unread} while it is after their read marker of its room. */
    record MentionItem(Message message, boolean unread) {}
}
