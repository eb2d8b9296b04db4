package dev.chat.core.domain;

/**
 * What happened, as carried between nodes by the fan-out. Every event names the {@link #topic()} it is
 * published on, so a node only receives the rooms it has readers in.
 */
public sealed interface ChatEvent {

    String SESSIONS_TOPIC = "sessions";

    static String roomTopic(RoomName room) {
        return "room:" + room.value();
    }

    String topic();

    /** An event that belongs to one room. */
    sealed interface RoomEvent extends ChatEvent {
        RoomName room();

        @Override
        default String topic() {
            return roomTopic(room());
        }
    }

    /** A message was stored. */
    record MessagePosted(Message message) implements RoomEvent {
        @Override
        public RoomName room() {
            return message.room();
        }
    }

    /** A user came online in a room (first connection) or went offline (last connection gone). */
    record PresenceChanged(RoomName room, Username user, boolean online) implements RoomEvent {}

    /** A user is typing in a room, or stopped. */
    record Typing(RoomName room, Username user, boolean stop) implements RoomEvent {}

    /** A message was edited, deleted or reacted to: readers show its new state. */
    record MessageChanged(Change change) implements RoomEvent {
        @Override
        public RoomName room() {
            return change.room();
        }
    }

    /**
     * The room is gone: deleted, or renamed to {@code renamedTo} (null when deleted). Its readers are
     * taken out of it.
     */
    record RoomClosed(RoomName room, RoomName renamedTo) implements RoomEvent {}

    /**
     * The user is no longer a member of the (private or direct) room: their connections in it are taken out of it
     * at once, on every node, and nothing said after it reaches them.
     */
    record MemberRemoved(RoomName room, Username user) implements RoomEvent {}

    /**
     * The user became a member of a private or direct room (added, or a direct room opened with them): their open
     * connections, on every node, are told, so that their room list shows it without a reload.
     */
    record MemberAdded(RoomName room, Username user) implements ChatEvent {
        @Override
        public String topic() {
            return SESSIONS_TOPIC;
        }
    }

    /**
     * A public room appeared in the list everyone sees (created, or renamed to this name), or its topic changed:
     * every open connection, on every node, is told, so that room lists are live. Private and direct rooms are
     * never announced this way (their members are told {@link MemberAdded}).
     */
    record RoomListed(RoomName room, Topic about) implements ChatEvent {
        @Override
        public String topic() {
            return SESSIONS_TOPIC;
        }
    }

    /** A public room left that list (deleted, or renamed: a {@link RoomListed} of its new name follows). */
    record RoomUnlisted(RoomName room) implements ChatEvent {
        @Override
        public String topic() {
            return SESSIONS_TOPIC;
        }
    }

    /** The user was called by name in a message: their connections, on every node, are told. */
    record Mentioned(Username user, Message message) implements ChatEvent {
        @Override
        public String topic() {
            return SESSIONS_TOPIC;
        }
    }

    /** The user's read marker of a room moved: their connections, on every node, show the new counts. */
    record ReadMoved(Username user, ReadState state) implements ChatEvent {
        @Override
        public String topic() {
            return SESSIONS_TOPIC;
        }
    }

    /** An admin banned the user: every connection of the user must close. */
    record UserBanned(Username user) implements ChatEvent {
        @Override
        public String topic() {
            return SESSIONS_TOPIC;
        }
    }

    /** A session was revoked (logout): every connection of it must close. */
    record SessionRevoked(String sessionId) implements ChatEvent {
        @Override
        public String topic() {
            return SESSIONS_TOPIC;
        }
    }
}
