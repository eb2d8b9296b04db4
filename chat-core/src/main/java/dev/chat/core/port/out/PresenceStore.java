package dev.chat.core.port.out;

import dev.chat.core.domain.NodeFigures;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Who is online in which room, counted by user (two tabs of one user are one person) and, where the
 * implementation is shared, across every node. Each node adds and removes its own connections.
 */
public interface PresenceStore {

    /** One more connection of the user in the room on this node; true when the user was not online there before. */
    boolean add(RoomName room, Username user);

    /** One connection fewer on this node; true when it was the user's last one in the room (on any node). */
    boolean remove(RoomName room, Username user);

    /** The users online in the room, by name. */
    List<Username> users(RoomName room);

    /** How many users are online in each of the rooms; rooms nobody is in may be left out. */
    Map<RoomName, Integer> counts(Collection<RoomName> rooms);

    /**
     * Users who went offline in these rooms without leaving, because the node that held their connections
     * stopped answering. Each one is returned once, to one caller, so that one node announces it. A store
     * that cannot outlive its node (in memory) never has any.
     */
    default List<Departure> departed(Collection<RoomName> rooms) {
        return List.of();
    }

    /**
     * Whether {@link #users} answers for every node right now. A shared store that cannot reach its server
     * answers from this node's connections alone; what it says then must not be taken to mean that the
     * users of other nodes left.
     */
    default boolean answersForAllNodes() {
        return true;
    }

    /** A user who is no longer online in a room. */
    record Departure(RoomName room, Username user) {}

    /**
     * Records this node's figures (called every few seconds by each node); a shared store keeps them for
     * the other nodes to read until they are about 30 s old.
     */
    void reportNode(String node, NodeFigures figures);

    /** The figures of every node that reported in the last 30 s or so, by node name. */
    Map<String, NodeFigures> nodes();
}
