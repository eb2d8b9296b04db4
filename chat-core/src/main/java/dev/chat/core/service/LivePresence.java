package dev.chat.core.service;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.PresenceStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is online where, as this node's connections change it: each change is recorded in the presence store and
 * published under a lock of its user and room, so that the changes of one user in one room keep their order while
 * others do not wait. After the fan-out may have lost presence events, a room's members are told what they missed
 * ({@link #reconcile}); users of stopped nodes, who said no goodbye, are announced gone ({@link #announceDepartures}).
 * A store that fails costs a change its event, never the caller's call.
 */
final class LivePresence {

    private static final Logger log = LoggerFactory.getLogger(LivePresence.class);

    /** After the fan-out may have lost presence events, this long for every node to have put its own back. */
    static final Duration SETTLE = Duration.ofSeconds(7);

    private final PresenceStore presence;
    private final TypingTracker typing;
    private final Fanout fanout;
    private final Executor worker;
    private final ScheduledExecutorService scheduler;
    private final Object[] locks = new Object[64];

    LivePresence(
            PresenceStore presence,
            TypingTracker typing,
            Fanout fanout,
            Executor worker,
            ScheduledExecutorService scheduler) {
        this.presence = presence;
        this.typing = typing;
        this.fanout = fanout;
        this.worker = worker;
        this.scheduler = scheduler;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    private Object lock(RoomName room, Username user) {
        return locks[Math.floorMod(31 * room.hashCode() + user.hashCode(), locks.length)];
    }

    /** Counts one more connection of the user in; their first anywhere is published. */
    void online(RoomName room, Username user) {
        synchronized (lock(room, user)) {
            boolean arrived;
            try {
                arrived = presence.add(room, user);
            } catch (RuntimeException e) {
                log.warn("Could not record {} online in {}: {}", user, room, e.toString());
                return;
            }
            log.debug("presence: {} online in {}, first of theirs: {}", user, room, arrived);
            if (arrived) {
                publish(new ChatEvent.PresenceChanged(room, user, true));
            }
        }
    }

    /** Counts one connection of the user out; their last anywhere is published, and they stop typing. */
    void offline(RoomName room, Username user) {
        synchronized (lock(room, user)) {
            boolean left;
            try {
                left = presence.remove(room, user);
            } catch (RuntimeException e) {
                log.warn("Could not record {} offline in {}: {}", user, room, e.toString());
                return;
            }
            log.debug("presence: {} offline in {}, last of theirs: {}", user, room, left);
            if (left) {
                typing.stopped(room, user);
                publish(new ChatEvent.PresenceChanged(room, user, false));
            }
        }
    }

    /** The room was closed: the store forgets one connection of the user there, and nobody is told. */
    void forget(RoomName room, Username user) {
        synchronized (lock(room, user)) {
            try {
                presence.remove(room, user);
            } catch (RuntimeException e) {
                log.warn("Could not record {} out of closed room {}: {}", user, room, e.toString());
            }
        }
    }

    /** Who the store says is online in the room; nobody when it cannot say. */
    List<Username> users(RoomName room) {
        try {
            return presence.users(room);
        } catch (RuntimeException e) {
            log.warn("Could not read who is online in {}: {}", room, e.toString());
            return List.of();
        }
    }

    /** The fan-out may have lost a room's presence events: once every node has put its own back, compare. */
    void mayBeStale(RoomHub hub) {
        scheduler.schedule(() -> worker.execute(() -> reconcile(hub)), SETTLE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Tells a room's members every presence change they missed; only when the store answers for every node. */
    void reconcile(RoomHub hub) {
        if (!presence.answersForAllNodes()) {
            log.debug("presence: not reconciling {}: the store answers for this node only", hub.room());
            return;
        }
        try {
            hub.reconcile(presence.users(hub.room()));
        } catch (RuntimeException e) {
            log.warn("Could not read who is online in {}: {}", hub.room(), e.toString());
        }
    }

    /** Users whose node stopped left no goodbye: the presence store finds them, one node announces them. */
    void announceDepartures(List<RoomName> rooms) {
        if (rooms.isEmpty()) {
            return;
        }
        try {
            for (PresenceStore.Departure gone : presence.departed(rooms)) {
                log.debug("presence: {} gone from {} with a stopped node", gone.user(), gone.room());
                typing.stopped(gone.room(), gone.user());
                publish(new ChatEvent.PresenceChanged(gone.room(), gone.user(), false));
            }
        } catch (RuntimeException e) {
            log.warn("Could not look for users of stopped nodes: {}", e.toString());
        }
    }

    private void publish(ChatEvent event) {
        try {
            fanout.publish(event);
        } catch (RuntimeException e) {
            log.warn("Could not publish to {}: {}", event.topic(), e.toString());
        }
    }
}
