package dev.chat.core.service;

import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.LiveEvent;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence as one room's hub tells it to its members: each change once ({@link ToldOnline}), the same list to every
 * joiner, and corrections after a loss. Guarded by the hub's lock, which it is given, so that a presence change and
 * the hub's other events reach the members in one order.
 */
final class HubPresence {

    private static final Logger log = LoggerFactory.getLogger(HubPresence.class);

    private final RoomName room;
    private final Object lock;
    private final Consumer<LiveEvent> toEveryone;
    private final BooleanSupplier closed;
    /** Who the members were told is online. */
    private final ToldOnline online = new ToldOnline();

    /** {@code toEveryone} passes an event to every member; {@code closed} says whether the room was closed. */
    HubPresence(RoomName room, Object lock, Consumer<LiveEvent> toEveryone, BooleanSupplier closed) {
        this.room = room;
        this.lock = lock;
        this.toEveryone = toEveryone;
        this.closed = closed;
    }

    /** A presence change, passed on unless the members were told so already. */
    void changed(Username user, boolean isOnline) {
        synchronized (lock) {
            String state = isOnline ? "online" : "offline";
            if (!online.change(user, isOnline)) {
                log.debug("presence: {} {} in {}, as told already", user, state, room);
                return;
            }
            log.debug("presence: telling the members of {} {} is {}", room, user, state);
            toEveryone.accept(new LiveEvent.PresenceUpdate(room, user, isOnline));
        }
    }

    /** See {@link RoomHub#onlineForJoin}. */
    List<Username> forJoin(List<Username> fresh, Username joiner) {
        synchronized (lock) {
            online.startFrom(fresh);
            changed(joiner, true);
            return online.sorted();
        }
    }

    /** See {@link RoomHub#reconcile}. */
    void reconcile(List<Username> users) {
        synchronized (lock) {
            List<ToldOnline.Change> changes = closed.getAsBoolean() ? List.of() : online.reconcile(users);
            if (!changes.isEmpty()) {
                log.debug("presence: reconciling {}: told {}, now {}", room, online.sorted(), users);
            }
            changes.forEach(change -> changed(change.user(), change.online()));
        }
    }
}
