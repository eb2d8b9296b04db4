package dev.chat.client;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One room's sends that the server has not stored yet, in the order they were made. Each is resent with its
 * own {@code clientId} after every rejoin, so the server stores it once; a {@code rate_limited} or
 * {@code not_stored} holds them all and then resends them in order, so a later one never overtakes an earlier
 * one. Used on the client's own thread only.
 */
final class Outbox {

    private final String room;
    private final Wire wire;
    private final ScheduledExecutorService loop;
    private final ChatListener listener;
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    private long heldUntil;
    private ScheduledFuture<?> holdTimer;
    private boolean open;

    /** A message to send: its text, and the id of the message it replies to (or null). */
    private record Pending(String text, Long replyTo) {}

    Outbox(String room, Wire wire, ScheduledExecutorService loop, ChatListener listener) {
        this.room = room;
        this.wire = wire;
        this.loop = loop;
        this.listener = listener;
    }

    /** Queues a message (a reply, if {@code replyTo} is not null): sent now if the room is joined and not held. */
    void add(String clientId, String text, Long replyTo) {
        Pending message = new Pending(text, replyTo);
        pending.put(clientId, message);
        if (open && !held()) {
            send(clientId, message);
        }
    }

    /** The room is joined (again): everything pending goes out, unless the server asked to wait. */
    void opened() {
        open = true;
        resendAll();
    }

    /** The room's socket is gone: nothing goes out until it is joined again. */
    void closed() {
        open = false;
    }

    boolean isPending(String clientId) {
        return clientId != null && pending.containsKey(clientId);
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    int size() {
        return pending.size();
    }

    /** The send is stored with this id: reported once, whichever of its ack and its message came first. */
    void settle(String clientId, long id, Instant ts) {
        if (clientId != null && pending.remove(clientId) != null) {
            listener.sent(room, clientId, id, ts);
        }
    }

    /** The server refused the send for good. */
    void refuse(String clientId, String code, String message) {
        pending.remove(clientId);
        listener.sendFailed(room, clientId, code, message);
    }

    /** The server asked to wait: hold the room's sends, then resend all pending ones in order. */
    void hold(long ms) {
        long until = System.currentTimeMillis() + ms;
        if (until <= heldUntil) {
            return;
        }
        heldUntil = until;
        cancel();
        holdTimer = loop.schedule(
                () -> {
                    heldUntil = 0;
                    resendAll();
                },
                ms,
                TimeUnit.MILLISECONDS);
    }

    /** What is still pending moves to {@code other} (a renamed room), in order. */
    void moveTo(Outbox other) {
        other.pending.putAll(pending);
    }

    /** Stops the hold timer: the room is left, or the client closed. */
    void cancel() {
        if (holdTimer != null) {
            holdTimer.cancel(false);
        }
    }

    private boolean held() {
        return System.currentTimeMillis() < heldUntil;
    }

    private void resendAll() {
        if (!open || held()) {
            return;
        }
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            send(e.getKey(), e.getValue());
        }
    }

    private void send(String clientId, Pending message) {
        wire.send(Frames.send(room, message.text(), clientId, message.replyTo()));
    }
}
