package dev.chat.core.service;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Live.Ending;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.Rooms;
import dev.chat.core.port.out.Fanout;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's open connections by session, and their ending when the session ends: on a sign-out or a ban made on
 * any node (the sessions topic), when {@link SessionWatch} finds a session expired or ended while such an event
 * could not arrive, and at once for a connection whose session was revoked while its handshake was under way.
 */
final class SessionConnections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionConnections.class);

    /** One open connection, as far as its session is concerned. */
    interface Held {
        Principal principal();

        /** Closes the connection and tells its listener why, once, on the worker. */
        void end(Ending ending);

        /** Whether the connection is in at least one room. */
        boolean inAnyRoom();

        /** Whether the connection is in the room. */
        boolean isIn(RoomName room);

        /** Gives the connection an event of its own (not of a room it is in), on the worker. */
        void tell(LiveEvent event);
    }

    private final SessionWatch watch;
    private final ConcurrentMap<String, Set<Held>> bySession = new ConcurrentHashMap<>();
    /** Sessions signed out lately, for connections whose handshake raced the sign-out. */
    private final RecentSet revoked = new RecentSet(10_000);
    /** Users banned lately: their revoked sessions close as banned, not as signed out. */
    private final RecentSet banned = new RecentSet(1_000);

    private final Fanout.Subscription events;
    private final Executor worker;
    /** The room as the user sees it, to tell them of a room they were added to. */
    private final BiFunction<Principal, RoomName, Rooms.RoomSummary> roomAsSeenBy;

    SessionConnections(
            AccountService accounts,
            Clock clock,
            Duration idle,
            Fanout fanout,
            Executor worker,
            BiFunction<Principal, RoomName, Rooms.RoomSummary> roomAsSeenBy) {
        this.worker = worker;
        this.roomAsSeenBy = roomAsSeenBy;
        this.watch = new SessionWatch(accounts, clock, idle, this::endSession);
        this.events = fanout.subscribe(ChatEvent.SESSIONS_TOPIC, new Fanout.Subscriber() {
            @Override
            public void onEvent(ChatEvent event) {
                onSessionEvent(event);
            }

            @Override
            public void onPossibleLoss() {
                // A sign-out or ban published while this node could not hear it: read every session again.
                worker.execute(watch::checkAll);
            }
        });
    }

    /** A connection opened; it ends at once if its session was revoked meanwhile. */
    void opened(Held connection) {
        Principal who = connection.principal();
        watch.opened(who);
        bySession.compute(who.sessionId(), (s, set) -> {
            Set<Held> connections = set == null ? ConcurrentHashMap.newKeySet() : set;
            connections.add(connection);
            return connections;
        });
        if (revoked.contains(who.sessionId())) {
            connection.end(endingOf(who));
        }
    }

    void closed(Held connection) {
        Principal who = connection.principal();
        bySession.computeIfPresent(who.sessionId(), (s, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
        watch.closed(who);
    }

    /** A connection of the session did something: the session is in use. */
    void used(String sessionId) {
        watch.used(sessionId);
    }

    /** Runs the session check now, as its timer does. */
    void tick() {
        watch.tick();
    }

    private void endSession(String sessionId, Ending ending) {
        revoked.add(sessionId);
        Set<Held> connections = bySession.remove(sessionId);
        if (connections != null) {
            connections.forEach(c -> c.end(ending));
        }
    }

    private void onSessionEvent(ChatEvent event) {
        if (event instanceof ChatEvent.SessionRevoked r) {
            revoked.add(r.sessionId());
            watch.forget(r.sessionId());
            Set<Held> connections = bySession.remove(r.sessionId());
            if (connections != null) {
                connections.forEach(c -> c.end(endingOf(c.principal())));
            }
        } else if (event instanceof ChatEvent.MemberAdded added) {
            worker.execute(() -> tellAdded(added));
        } else if (event instanceof ChatEvent.Mentioned m) {
            tellUser(m.user(), m.message().room(), new LiveEvent.Mentioned(m.message()));
        } else if (event instanceof ChatEvent.ReadMoved r) {
            tellUser(r.user(), r.state().room(), new LiveEvent.ReadStateChanged(r.state()));
        } else if (event instanceof ChatEvent.RoomListed listed) {
            tellEveryone(listed.room(), new LiveEvent.RoomListed(listed.room(), listed.about()));
        } else if (event instanceof ChatEvent.RoomUnlisted unlisted) {
            tellEveryone(unlisted.room(), new LiveEvent.RoomUnlisted(unlisted.room()));
        } else if (event instanceof ChatEvent.UserBanned b) {
            banned.add(b.user().value());
            connectionsOf(b.user()).forEach(c -> c.end(Ending.BANNED));
        }
    }

    /**
     * Tells every open connection here about a public room's listing, which anyone signed in may read, but an access
     * token limited to other rooms.
     */
    private void tellEveryone(RoomName room, LiveEvent event) {
        for (Set<Held> connections : bySession.values()) {
            for (Held c : connections) {
                if (c.principal().grant().covers(room)) {
                    c.tell(event);
                }
            }
        }
    }

    /** Tells every connection here of the user about a room, but those of an access token limited to others. */
    private void tellUser(Username user, RoomName room, LiveEvent event) {
        for (Held c : connectionsOf(user)) {
            if (c.principal().grant().covers(room)) {
                c.tell(event);
            }
        }
    }

    /** Tells every connection here of the user that they are in a room now, with the room as they see it. */
    private void tellAdded(ChatEvent.MemberAdded added) {
        for (Held c : connectionsOf(added.user())) {
            if (!c.principal().grant().covers(added.room())) {
                continue;
            }
            try {
                c.tell(new LiveEvent.RoomAdded(roomAsSeenBy.apply(c.principal(), added.room())));
            } catch (RuntimeException e) {
                // Removed again meanwhile, or the store does not answer: the client's room list catches up later.
                log.debug("Not telling {} of {}: {}", added.user(), added.room(), e.toString());
            }
        }
    }

    /** The open connections here of a user. */
    List<Held> connectionsOf(Username user) {
        List<Held> found = new ArrayList<>();
        for (Set<Held> connections : bySession.values()) {
            for (Held c : connections) {
                if (c.principal().user().equals(user)) {
                    found.add(c);
                }
            }
        }
        return found;
    }

    /** The open connections here in a room. */
    List<Held> connectionsIn(RoomName room) {
        List<Held> found = new ArrayList<>();
        for (Set<Held> connections : bySession.values()) {
            for (Held c : connections) {
                if (c.isIn(room)) {
                    found.add(c);
                }
            }
        }
        return found;
    }

    /** Why a connection whose session was revoked ends: a ban revokes its user's sessions too. */
    private Ending endingOf(Principal who) {
        return banned.contains(who.user().value()) ? Ending.BANNED : Ending.SIGNED_OUT;
    }

    /** Ends every open connection, as when the core closes. */
    void endAll(Ending ending) {
        for (Set<Held> connections : bySession.values()) {
            connections.forEach(c -> c.end(ending));
        }
    }

    /** What this node carries: its open connections, and the users they hold in at least one room. */
    record Load(int connections, int usersInRooms) {}

    Load load() {
        int connections = 0;
        Set<Username> users = new HashSet<>();
        for (Set<Held> set : bySession.values()) {
            for (Held c : set) {
                connections++;
                if (c.inAnyRoom()) {
                    users.add(c.principal().user());
                }
            }
        }
        return new Load(connections, users.size());
    }

    @Override
    public void close() {
        events.close();
    }
}
