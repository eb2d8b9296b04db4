package dev.chat.core.port.in;

import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.Principal;

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

    /** Opens the admitted connection; events go to {@code listener} until it is closed. Does not block. */
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
        void join(String room, Long after);

        void leave(String room);

        /** Posts to a joined room; see {@link Messages#post}. */
        Messages.Posted send(String room, String text, String clientId);

        /** Says the user is typing (or stopped) in a joined room. Repeats are absorbed; it ends by itself. */
        void typing(String room, boolean stop);

        /** A page of a room's history, as {@link Messages#history}; it counts as a use of the session. */
        Messages.HistoryPage history(String room, Long before, Integer limit);

        /** Leaves every room. */
        @Override
        void close();
    }

    /**
     * Receives a connection's events. The events of one room come in order and never overlap; events of
     * different rooms, and {@link #onClosed}, may come from different threads at once, so an
     * implementation must be thread-safe. Do not block in it, and do not throw: a listener that throws
     * loses its connection (it is closed with {@link Ending#FAILED}, and the client recovers on reconnecting).
     */
    interface Listener {

        void onEvent(LiveEvent event);

        /** The server ended the connection: see {@link Ending}. */
        void onClosed(Ending ending);
    }

    /** Why the server ended a connection. */
    enum Ending {
        /** The session was signed out, or ended by a password change or reset. */
        SIGNED_OUT,
        /** The session went unused for longer than the idle timeout. */
        EXPIRED,
        /** An admin banned the user. */
        BANNED,
        /** The connection could not be given an event (its listener failed): it must reconnect and recover. */
        FAILED
    }
}
