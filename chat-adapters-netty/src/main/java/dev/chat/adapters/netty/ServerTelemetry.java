package dev.chat.adapters.netty;

/**
 * What the HTTP and WebSocket adapter reports about its connections, for an operator's figures (the application binds
 * it to its metrics registry). Called on event loops and workers, some once per frame: an implementation must be
 * quick and must not block or throw. The gauges (open connections, bytes waiting) are read from
 * {@link NettyChatServer#openSockets()} and {@link NettyChatServer#queuedBytes()} instead.
 */
public interface ServerTelemetry {

    /** Reports nothing. */
    ServerTelemetry NONE = new ServerTelemetry() {};

    /** A WebSocket connection was opened (its upgrade succeeded). */
    default void opened() {}

    /**
     * A WebSocket connection ended: {@code code} is the close code the server sent (1001 going away, 1008 policy,
     * 4401 signed out...), or 0 when the server sent none (the client closed it, or the connection broke).
     */
    default void closed(int code) {}

    /** A client frame was read: {@code type} is its {@code type} field (join, send, ..., or invalid). */
    default void frameIn(String type) {}

    /** A frame was handed to a connection's writer: {@code type} is its {@code type} field. */
    default void frameOut(String type) {}

    /** A send was acknowledged {@code nanos} after its frame was read. */
    default void acked(long nanos) {}

    /** A request was refused with {@code code} (an {@code error} frame's code: rate_limited, not_stored...). */
    default void refused(String code) {}
}
