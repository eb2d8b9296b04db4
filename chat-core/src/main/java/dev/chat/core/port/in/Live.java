package dev.chat.core.port.in;

import dev.chat.core.domain.Principal;

/**
 * Live connections: a client joins rooms and receives their messages, presence and typing as
 * {@link LiveEvent}s. Calls may block on the store; call them off any event loop.
 */
public interface Live {

    /** Opens a connection for a signed-in user; events go to {@code listener} until it is closed. */
    Connection connect(Principal who, Listener listener);

    /** One client connection (one browser tab, one terminal). */
    interface Connection extends AutoCloseable {

        Principal principal();

        /**
         * Joins a room. With {@code after} (the id of the last message the client saw) every message it
         * missed is replayed exactly once and in order before any live one; past the recovery limit it
         * gets a {@link LiveEvent.Gap} instead. Joining a room again restarts it from {@code after}.
         */
        void join(String room, Long after);

        void leave(String room);

        /** Posts to a joined room; see {@link Messages#post}. */
        Messages.Posted send(String room, String text, String clientId);

        /** Says the user is typing (or stopped) in a joined room. Repeats are absorbed; it ends by itself. */
        void typing(String room, boolean stop);

        /** Leaves every room. */
        @Override
        void close();
    }

    /**
     * Receives a connection's events. The events of one room come in order and never overlap; events of
     * different rooms, and {@link #onClosed}, may come from different threads at once, so an
     * implementation must be thread-safe. Do not block in it.
     */
    interface Listener {

        void onEvent(LiveEvent event);

        /** The server ended the connection: its session was signed out, or an admin banned its user. */
        void onClosed(Ending ending);
    }

    /** Why the server ended a connection. */
    enum Ending {
        /** The session was signed out (or ended by a ban that raced the connection's handshake). */
        SIGNED_OUT,
        /** An admin banned the user. */
        BANNED
    }
}
