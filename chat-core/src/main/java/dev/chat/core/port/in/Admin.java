package dev.chat.core.port.in;

import dev.chat.core.domain.NodeFigures;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an admin (a user named in the server's admin setting) may do: ban users, delete messages and
 * rooms, rename rooms, set topics, and read the deployment's figures. Every call by anyone else is
 * refused with {@code forbidden}; every action that changes something is written to the {@code audit} log.
 */
public interface Admin {

    /** Every account, ordered by name. */
    List<UserSummary> users(Principal who);

    /**
     * Bans a user: they cannot sign in ({@code banned}), their sessions end, and every open connection of
     * theirs, on every node, closes. {@code no_such_user} for an unknown name; an admin cannot ban
     * themselves ({@code bad_request}).
     */
    void ban(Principal who, Username user);

    /** Lifts a ban; the user signs in again as before. {@code no_such_user} for an unknown name. */
    void unban(Principal who, Username user);

    /**
     * Issues a one-time password reset for a user who lost their password, to be handed to them: with it they
     * set a new one, and every session of theirs ends. {@code no_such_user} for an unknown name.
     */
    PasswordReset issueReset(Principal who, Username user);

    /**
     * Deletes a message: it leaves the room's history and every open client that shows it is told. Its id
     * stays taken. {@code no_such_room}, or {@code no_such_message} when there is none (or it was deleted).
     */
    void deleteMessage(Principal who, RoomName room, long id);

    /** Deletes a room and its messages; its readers are taken out of it. {@code no_such_room}. */
    void deleteRoom(Principal who, RoomName room);

    /**
     * Renames a room, sets its topic, or both, the rename first (it is the one that can clash). A rename keeps the
     * topic and the messages with their ids; the room's readers are taken out of it and told the new name.
     * {@code no_such_room}, {@code room_exists}.
     */
    Room changeRoom(Principal who, RoomName room, RoomChange change);

    /** The deployment's figures, from what each node reported in the last 30 s or so. */
    Stats stats(Principal who);

    /** An account as an admin sees it. */
    record UserSummary(Username user, Instant createdAt, boolean banned, boolean admin, boolean bot) {}

    /**
     * The deployment's figures: {@code onlineUsers} counts every user who is in at least one room once,
     * whatever nodes they are on; {@code messagesLastMinute} is the sum over the nodes.
     */
    record Stats(int onlineUsers, Map<String, NodeFigures> nodes, long messagesLastMinute) {
        public Stats {
            nodes = Map.copyOf(nodes);
        }
    }
}
