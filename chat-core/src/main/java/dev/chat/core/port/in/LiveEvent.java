package dev.chat.core.port.in;

import dev.chat.core.domain.Change;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.ReadState;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Topic;
import dev.chat.core.domain.Username;
import java.util.List;

/** What a live connection is told, in the order it must be shown. */
public sealed interface LiveEvent {

    RoomName room();

    /** The connection is in the room; {@code recovered} missed messages follow as {@link Delivered} events. */
    record Joined(RoomName room, List<Username> online, int recovered) implements LiveEvent {
        public Joined {
            online = List.copyOf(online);
        }
    }

    /**
     * A message, live or recovered (in its current state then). Each reaches a connection once; messages and
     * changes come in the order of their positions.
     */
    record Delivered(Message message) implements LiveEvent {
        @Override
        public RoomName room() {
            return message.room();
        }
    }

    /** Another user came online in the room or left it. */
    record PresenceUpdate(RoomName room, Username user, boolean online) implements LiveEvent {}

    /** Another user started or stopped typing. */
    record TypingUpdate(RoomName room, Username user, boolean stop) implements LiveEvent {}

    /** The connection missed more than can be replayed: it must page the history instead. */
    record Gap(RoomName room) implements LiveEvent {}

    /**
     * A message was edited, deleted or reacted to: a client that shows it shows its new state (a deleted one it
     * removes). Changes to messages the client does not have are ignored; so is a state older than the one it shows
     * (a smaller {@link Message#seq()}).
     */
    record Changed(Change change) implements LiveEvent {
        @Override
        public RoomName room() {
            return change.room();
        }
    }

    /**
     * The room was deleted, or renamed to {@code renamedTo} (null when deleted), or the user was removed from it
     * (null too: for them it is gone). This is the room's last event: the connection is no longer in it.
     */
    record RoomClosed(RoomName room, RoomName renamedTo) implements LiveEvent {}

    /**
     * The user was called by name in a message (of a room they may read, whether or not this connection is in it):
     * not an event of a joined room, but of the connection.
     */
    record Mentioned(Message message) implements LiveEvent {
        @Override
        public RoomName room() {
            return message.room();
        }
    }

    /** The user's read state of a room changed (they read on this or another connection): an event of the connection. */
    record ReadStateChanged(ReadState state) implements LiveEvent {
        @Override
        public RoomName room() {
            return state.room();
        }
    }

    /**
     * The user became a member of a private or direct room (someone added them, or opened a direct room with them):
     * not an event of a joined room, but of the connection, so that its room list shows the room at once.
     */
    record RoomAdded(Rooms.RoomSummary summary) implements LiveEvent {
        @Override
        public RoomName room() {
            return summary.room().name();
        }
    }

    /** A public room is listed for everyone (new, renamed to this name, or its topic changed). */
    record RoomListed(RoomName room, Topic about) implements LiveEvent {}

    /** A public room is no longer listed (deleted or renamed). */
    record RoomUnlisted(RoomName room) implements LiveEvent {}
}
