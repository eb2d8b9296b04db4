package dev.chat.core.port.out;

import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Webhook;
import dev.chat.core.domain.WebhookAttempt;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the rooms' webhooks by id, an outgoing webhook's cursor and the lease that lets one node at a time deliver
 * its messages, and each one's newest delivery attempts.
 */
public interface WebhookStore {

    /** How many attempts a webhook's log keeps: older ones are dropped as new ones come. */
    int LOG_SIZE = 50;

    /** Saves a new webhook (its id is new). */
    void save(Webhook webhook);

    Optional<Webhook> find(String id);

    /** A room's webhooks, in any order. */
    List<Webhook> listOf(RoomName room);

    /** Every outgoing webhook, of every room, in any order: each node looks at them now and then. */
    List<Webhook> outgoing();

    /** Deletes the room's webhook with this id (and its log), and returns it; empty when there is none. */
    Optional<Webhook> delete(RoomName room, String id);

    /** Deletes every webhook of a room (and their logs). */
    void deleteRoom(RoomName room);

    /** Moves a room's webhooks to its new name. */
    void moveRoom(RoomName from, RoomName to);

    /**
     * Takes or renews the lease to deliver an outgoing webhook's messages: true when no one holds it, its holder's
     * lease ended before {@code now}, or {@code holder} holds it already; it is then held until {@code until}.
     */
    boolean lease(String id, String holder, Instant now, Instant until);

    /** Gives the lease back, if {@code holder} holds it. */
    void release(String id, String holder);

    /** Moves the cursor from {@code from} to {@code to}; false (and nothing changed) when it is no longer at {@code from}. */
    boolean advance(String id, long from, long to);

    /** Adds an attempt to the webhook's log, keeping the newest {@link #LOG_SIZE}; a no-op for a deleted webhook. */
    void record(String id, WebhookAttempt attempt);

    /** The webhook's logged attempts, newest first. */
    List<WebhookAttempt> log(String id);
}
