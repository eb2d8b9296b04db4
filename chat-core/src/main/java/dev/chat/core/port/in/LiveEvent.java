package dev.chat.core.port.in;

import dev.chat.core.domain.Message;
import dev.chat.core.domain.RoomName;
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

    /** A message, live or recovered. Each reaches a connection once, in id order. */
    record Delivered(Message message) implements LiveEvent {
        @Override
        public RoomName room() {
            return message.room();
        }
    }

    /** Another user came online in the room or left it. */
    record PresenceUpdate(RoomName room, Username user, boolean online) implements LiveEvent {
    }

    /** Another user started or stopped typing. */
    record TypingUpdate(RoomName room, Username user, boolean stop) implements LiveEvent {
    }

    /** The connection missed more than can be replayed: it must page the history instead. */
    record Gap(RoomName room) implements LiveEvent {
    }
}
