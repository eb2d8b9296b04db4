package dev.chat.adapters.netty;

import java.util.List;

/**
 * What a client chose with the query of its WebSocket handshake ({@code /ws?presence=batch}): how it takes a room's
 * presence changes, today the only choice. Without it a client gets the frames clients were written against before
 * there was a choice; names and values the server does not know are ignored, so a client may ask a server that
 * predates an option.
 */
record SocketOptions(boolean batchedPresence) {

    /** What a client gets that chose nothing: one {@code presence} frame per user. */
    static final SocketOptions DEFAULTS = new SocketOptions(false);

    /** The options in a handshake's request target; an unreadable one chose nothing. */
    static SocketOptions of(String uri) {
        try {
            List<String> presence = RequestTarget.parse(uri).parameters().getOrDefault("presence", List.of());
            return new SocketOptions(presence.contains("batch"));
        } catch (BadRequest e) {
            return DEFAULTS;
        }
    }
}
