package dev.chat.core.port.out;

/**
 * What the core reports about its work, for an operator's figures: the application binds it to a metrics registry
 * (Micrometer and Prometheus in {@code chat-app}), an embedder to whatever it uses, or leaves it {@link #NONE}. Every
 * method is called on the thread doing the work, some once per delivery: an implementation must be quick and must
 * not block or throw. Nothing here names a user or a room, so that no figure grows with them.
 */
public interface Telemetry {

    /** Reports nothing. */
    Telemetry NONE = new Telemetry() {};

    /** How a sign-in with a password ended. */
    enum SignIn {
        SUCCEEDED,
        /** Wrong name or password. */
        FAILED,
        /** Refused before the password was checked: too many failures for the name or the address. */
        THROTTLED
    }

    /** A posted message was stored (the author is then acknowledged). */
    default void messageStored() {}

    /** A message or a change to one was handed to one connection's listener from a room's live feed. */
    default void delivered() {}

    /** A connection joined a room. */
    default void joined() {}

    /** A connection joined a room with a position and was given {@code messages} it had missed, read from the store. */
    default void recovered(int messages) {}

    /** A post was refused because its author sends too fast (the answer is {@code rate_limited}). */
    default void rateLimited() {}

    /** A sign-in with a password ended as {@code outcome}. */
    default void signIn(SignIn outcome) {}

    /**
     * One call to an outbound port ended: {@code port} names it ({@code messages}, {@code accounts}, ...,
     * {@code presence}, {@code limits}, {@code fanout}), {@code operation} the method; {@code failed} when it threw or
     * its future failed.
     */
    default void portCall(String port, String operation, long nanos, boolean failed) {}

    /** A message came in from the fan-out {@code lagNanos} after it was stored (by this node's clock or another's). */
    default void fanoutReceived(long lagNanos) {}
}
