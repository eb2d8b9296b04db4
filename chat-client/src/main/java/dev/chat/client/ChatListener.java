package dev.chat.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a {@link ChatClient} reports, one typed callback per event; every method has a default that ignores it.
 * Called on the client's own thread, one call at a time, in order: a callback must not block for long (it holds
 * up every later event), and it may call the client.
 */
public interface ChatListener {

    /** Why the client stopped for good. */
    enum Ending {
        /** The session ended (signed out, expired, password changed): sign in again. */
        SIGNED_OUT,
        /** The account was banned. */
        BANNED
    }

    /** A socket is open (the first one, or again after a drop). */
    default void connected() {}

    /** The socket dropped; the next attempt is in {@code retryIn}. */
    default void disconnected(Duration retryIn, int attempt) {}

    /** The room is joined (again, after a reconnect), with who is online there. */
    default void joined(String room, List<String> online) {}

    /**
     * A message not delivered before, as it is now ({@link Message#seq()} says which changes it shows already: those
     * are not reported again); {@code earlier} for the page read before joining.
     */
    default void message(Message message, boolean earlier) {}

    /**
     * Positions {@code from}…{@code to} were skipped after a {@code gap}: the room's history has the messages among
     * them; changes made meanwhile to messages the client holds are reported, those to older ones are not.
     */
    default void missed(String room, long from, long to) {}

    /** A send is stored (acknowledged, or seen in the room) with this id. */
    default void sent(String room, String clientId, long id, Instant ts) {}

    /** The server refused a send for good (not for a rate limit or a store failure: those are resent). */
    default void sendFailed(String room, String clientId, String code, String message) {}

    default void presence(String room, String user, boolean online) {}

    /** Someone else is typing in the room, or stopped; the user's own typing is not reported. */
    default void typing(String room, String user, boolean stop) {}

    /**
     * The author edited a message of a followed room: its new text, and its new {@code seq}. Each edit is reported
     * once, in position order, across reconnects; an edit the message already showed when it was delivered is not.
     */
    default void edited(MessageChange.Edited edit) {}

    /**
     * A message of a followed room was deleted (by its author, a moderator or the owner of the room, or an admin):
     * remove it. Reported once, across reconnects.
     */
    default void deleted(String room, long id) {}

    /**
     * The reactions of a message of a followed room changed (someone added or took back one): what they are now. Each
     * change is reported once, in position order, across reconnects.
     */
    default void reactionsChanged(MessageChange.ReactionsChanged change) {}

    /**
     * Someone called the user by name in {@code message} ({@code @ana}, or {@code @room} from a moderator), in any
     * room the user can read, followed or not. Not replayed after a reconnect: {@link ChatApi#mentions()} lists them.
     */
    default void mentioned(Message message) {}

    /**
     * The user's read marker of a room moved, on this client, another device or over HTTP: the room's unread and
     * mention counts now. Not replayed after a reconnect: {@link ChatApi#roomList()} has the counts.
     */
    default void readState(ReadState state) {}

    /**
     * The room is closed to this client: deleted, or the user was removed from it or left it elsewhere ({@code
     * renamedTo} null), or renamed; a renamed room is followed under its new name.
     */
    default void roomClosed(String room, String renamedTo) {}

    /**
     * The user became a member of a private or direct room (someone added them, or opened a direct room with them),
     * on this connection whatever rooms it follows: the room is not followed by that, {@link ChatClient#follow}
     * it to read it. Removal from a room comes as {@link #roomClosed} without {@code renamedTo}.
     */
    default void roomAdded(RoomInfo room) {}

    /** Joining failed for good (the room does not exist); the room is dropped. */
    default void roomFailed(String room, String code, String message) {}

    /** An error the server reported that belongs to nothing pending. */
    default void notice(String message) {}

    /** The session ended or the account was banned: no more reconnects. */
    default void ended(Ending ending) {}
}
