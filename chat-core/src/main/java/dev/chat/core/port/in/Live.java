package dev.chat.core.port.in;

import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.ReadState;
import dev.chat.core.domain.RoomName;
import java.util.concurrent.CompletableFuture;

/**
 * Live connections: a client joins rooms and receives their messages, presence and typing as
 * {@link LiveEvent}s. Calls may block on the store; call them off any event loop.
 */
public interface Live {

    /**
     * Admits one more connection of a signed-in user from {@code from}: it counts against the user's and the
     * address's connection limits ({@code too_many_connections} when one is full) until the connection it is
     * used for closes, or the admission is closed unused. May block on a shared limit store.
     */
    Admission admit(Principal who, ClientAddress from);

    /**
     * Opens the admitted connection; events go to {@code listener} until it is closed. Does not block.
     * {@code IllegalStateException} once the core is closed.
     */
    Connection connect(Admission admission, Listener listener);

    /** Admits and opens a connection of a caller inside the process. */
    default Connection connect(Principal who, Listener listener) {
        return connect(admit(who, ClientAddress.UNKNOWN), listener);
    }

    /** A connection's place under the limits, taken before it opens. */
    interface Admission extends AutoCloseable {

        Principal principal();

        /** Gives the place back if no connection was opened with it (a failed handshake); harmless twice. */
        @Override
        void close();
    }

    /** One client connection (one browser tab, one terminal). */
    interface Connection extends AutoCloseable {

        Principal principal();

        /**
         * Joins a room. With {@code after} (the id of the last message the client saw) every message it
         * missed is replayed exactly once and in order before any live one; past the recovery limit it
         * gets a {@link LiveEvent.Gap} instead. Joining a room again restarts it from {@code after}.
         * {@code too_many_rooms} when the connection is in as many rooms as it may be.
         */
        void join(RoomName room, Long after);

        void leave(RoomName room);

        /**
         * Posts to a joined room, replying to message {@code replyTo} when not null, and returns once it is stored;
         * see {@link Messages#post}. {@link #sendAsync} waited for.
         */
        Messages.Posted send(RoomName room, MessageText text, ClientId clientId, Long replyTo);

        /**
         * {@link #send} without holding the calling thread while the store writes: what is checked before the
         * message is stored (joined, limits, the reply's target) is checked on the calling thread, and the future
         * completes once the message is stored and the room told, never before, on a thread of the core's own (or
         * at once, with a store that writes on the calling thread). A refusal or failure completes it exceptionally
         * with the {@code ChatException} that {@code send} would throw ({@code not_stored} with its retry hint
         * when the store failed). Never throws; do not block in what depends on it.
         */
        CompletableFuture<Messages.Posted> sendAsync(RoomName room, MessageText text, ClientId clientId, Long replyTo);

        /** Posts to a joined room; see {@link Messages#post}. */
        default Messages.Posted send(RoomName room, MessageText text, ClientId clientId) {
            return send(room, text, clientId, null);
        }

        /** Edits the user's own message; see {@link Messages#edit}. */
        Message edit(RoomName room, long id, MessageText text);

        /** Deletes a message; see {@link Messages#delete}. */
        void delete(RoomName room, long id);

        /** Adds or removes the user's reaction; see {@link Messages#react}. */
        Message react(RoomName room, long id, Emoji emoji, boolean remove);

        /** Moves the user's read marker; see {@link Reads#markRead}. Every connection of theirs is told. */
        ReadState read(RoomName room, long upTo);

        /** Says the user is typing (or stopped) in a joined room. Repeats are absorbed; it ends by itself. */
        void typing(RoomName room, boolean stop);

        /** A page of a room's history, as {@link Messages#history}; it counts as a use of the session. */
        Messages.HistoryPage history(RoomName room, Long before, PageSize size);

        /** Leaves every room. */
        @Override
        void close();
    }

    /**
     * Receives a connection's events, in order, on a thread of the core's own for this connection: never on the
     * thread that called {@code post}, {@code send} or {@code join}, one call at a time, and {@link #onClosed} after
     * the last event. A slow listener delays only its own connection: posts return once stored, and other
     * connections get their events meanwhile. Up to {@value #BACKLOG} events wait for a listener that does not
     * keep up; past that, or when it throws, its connection is ended with {@link Ending#FAILED} (the client
     * recovers what it missed by joining again with {@code after}).
     */
    interface Listener {

        /** How many events may wait for a listener before its connection is ended. */
        int BACKLOG = 10_000;

        void onEvent(LiveEvent event);

        /** The server ended the connection: see {@link Ending}. */
        void onClosed(Ending ending);
    }

    /**
     * A listener called directly on the thread that makes the event, for adapters that hand events on to their
     * own I/O threads at once (the Netty adapter does). The events of one room come in order and never overlap;
     * events of different rooms, and {@link #onClosed}, may come from different threads at once. It must be
     * thread-safe, must not block (it would hold up the poster and every other member of the room) and must not
     * throw (a listener that throws loses its connection, as above).
     */
    interface DirectListener extends Listener {}

    /** Why the server ended a connection. */
    enum Ending {
        /** The session was signed out, or ended by a password change or reset. */
        SIGNED_OUT,
        /** The session went unused for longer than the idle timeout. */
        EXPIRED,
        /** An admin banned the user. */
        BANNED,
        /** The connection could not be given an event (its listener failed): it must reconnect and recover. */
        FAILED,
        /** The core was closed ({@code ChatCore.close()}): the process is stopping. */
        SHUTDOWN
    }
}
