package dev.chat.core.service;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomKind;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.AccountStore;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.MemberStore;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.RoomStore;
import dev.chat.core.port.out.WebhookStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deleting and renaming a room, for whoever may (an admin; a private room's owner; the last member leaving), as a few
 * store writes in a row ordered so that what users see is right at every step; one that failed can be repeated.
 */
final class RoomRemover {

    private static final Logger log = LoggerFactory.getLogger(RoomRemover.class);

    private final RoomStore roomStore;
    private final MemberStore members;
    private final MessageStore messages;
    private final WebhookStore webhooks;
    private final AccountStore accounts;
    private final KnownRooms rooms;
    private final Fanout fanout;

    RoomRemover(
            RoomStore roomStore,
            MemberStore members,
            MessageStore messages,
            WebhookStore webhooks,
            AccountStore accounts,
            KnownRooms rooms,
            Fanout fanout) {
        this.roomStore = roomStore;
        this.members = members;
        this.messages = messages;
        this.webhooks = webhooks;
        this.accounts = accounts;
        this.rooms = rooms;
        this.fanout = fanout;
    }

    /**
     * Deletes the room, its members and its messages; {@code no_such_room} when there is nothing of it left. The
     * room first, so that no one joins it any more; then its readers are let go; then its members and messages. If
     * a later step fails, deleting again finishes it: "gone, but with messages left" still counts as a room.
     */
    void delete(RoomName name) {
        Optional<Room> found = roomStore.find(name);
        boolean existed = roomStore.delete(name);
        if (existed && found.isPresent() && !found.get().createdBy().isEmpty()) {
            // Its creator may create another in its place.
            try {
                accounts.removeRoomCreated(Username.of(found.get().createdBy()));
            } catch (RuntimeException e) {
                log.warn("Could not count a room fewer for {}: {}", found.get().createdBy(), e.toString());
            }
        }
        rooms.forget(name);
        if (!existed && messages.latestPosition(name) == 0) {
            throw KnownRooms.noSuchRoom(name);
        }
        publish(new ChatEvent.RoomClosed(name, null));
        if (found.isPresent() && found.get().kind() == RoomKind.PUBLIC) {
            publish(new ChatEvent.RoomUnlisted(name));
        }
        webhooks.deleteRoom(name);
        members.removeAll(name);
        messages.deleteRoom(name);
    }

    /**
     * Gives the room a new name; false when {@code to} exists. Members and messages move before anyone is sent to the
     * new name, so that a reader who follows finds them all.
     */
    boolean rename(RoomName from, RoomName to) {
        if (!roomStore.rename(from, to)) {
            return false;
        }
        rooms.forget(from);
        members.removeAll(to); // left under the new name by a deletion cut short: not this room's
        members.moveRoom(from, to);
        messages.moveRoom(from, to);
        webhooks.moveRoom(from, to);
        publish(new ChatEvent.RoomClosed(from, to));
        roomStore.find(to).filter(r -> r.kind() == RoomKind.PUBLIC).ifPresent(r -> {
            publish(new ChatEvent.RoomUnlisted(from));
            publish(new ChatEvent.RoomListed(to, r.topic()));
        });
        return true;
    }

    private void publish(ChatEvent event) {
        try {
            fanout.publish(event);
        } catch (RuntimeException e) {
            log.warn("Could not publish to {}: {}", event.topic(), e.toString());
        }
    }
}
