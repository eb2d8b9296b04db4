package dev.chat.core.port.in;

import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import java.util.List;

/** Posting messages and reading history. */
public interface Messages {

    /** The page of history a client gets when it does not say how many. */
    PageSize DEFAULT_PAGE = new PageSize(50);

    /**
     * Stores a message, then tells the room. A resend with the same {@code clientId} returns the
     * original message and stores nothing. Refused with {@code rate_limited} when the author sends too
     * fast, and with {@code not_stored} when the store failed (resending is then safe).
     */
    Posted post(Principal who, RoomName room, MessageText text, ClientId clientId, Long replyTo);

    /** Posts a message that replies to nothing; see {@link #post(Principal, RoomName, MessageText, ClientId, Long)}. */
    default Posted post(Principal who, RoomName room, MessageText text, ClientId clientId) {
        return post(who, room, text, clientId, null);
    }

    /** The newest messages before {@code before} (or the newest of all, when null), newest first. */
    HistoryPage history(Principal who, RoomName room, Long before, PageSize size);

    /**
     * Deletes a message, as its author, a moderator or the owner of its room, or an admin: it leaves the room's
     * history and every client that shows it is told, now or when it comes back; its id stays taken.
     * {@code no_such_room} to who may not see the room, {@code forbidden} to other members, {@code no_such_message}
     * when there is none (or it was deleted).
     */
    void delete(Principal who, RoomName room, long id);

    /**
     * Gives the caller's own message a new text; it keeps its id and place, and gains {@link Message#edited()}.
     * Returns its new state. {@code forbidden} for someone else's message, {@code no_such_message}.
     */
    Message edit(Principal who, RoomName room, long id, MessageText text);

    /**
     * Adds the caller's reaction to a message (or removes it); doing what is done already changes nothing. Returns
     * the message's state. {@code too_many_reactions} for a new emoji on a message that has as many as it may.
     */
    Message react(Principal who, RoomName room, long id, Emoji emoji, boolean remove);

    /** One message of a room the caller may see, in its current state (who reacted included). */
    Message message(Principal who, RoomName room, long id);

    /** The stored message, and whether this call was a resend of it. */
    record Posted(Message message, boolean duplicate) {}

    /** A page of history, newest first; {@code more} says whether older messages exist. */
    record HistoryPage(List<Message> messages, boolean more) {
        public HistoryPage {
            messages = List.copyOf(messages);
        }
    }
}
