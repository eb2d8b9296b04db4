package dev.chat.core.service;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Live.Ending;
import dev.chat.core.port.out.Fanout;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;

/**
 * This node's open connections by session, and their ending when the session ends: on a sign-out or a ban made on
 * any node (the sessions topic), when {@link SessionWatch} finds a session expired or ended while such an event
 * could not arrive, and at once for a connection whose session was revoked while its handshake was under way.
 */
final class SessionConnections implements AutoCloseable {

    /** One open connection, as far as its session is concerned. */
    interface Held {
        Principal principal();

        /** Closes the connection and tells its listener why, once, on the worker. */
        void end(Ending ending);

        /** Whether the connection is in at least one room. */
        boolean inAnyRoom();
    }

    private final SessionWatch watch;
    private final ConcurrentMap<String, Set<Held>> bySession = new ConcurrentHashMap<>();
    /** Sessions signed out lately, for connections whose handshake raced the sign-out. */
    private final RecentSet revoked = new RecentSet(10_000);
    /** Users banned lately: their revoked sessions close as banned, not as signed out. */
    private final RecentSet banned = new RecentSet(1_000);

    private final Fanout.Subscription events;

    SessionConnections(AccountService accounts, Clock clock, Duration idle, Fanout fanout, Executor worker) {
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
        } else if (event instanceof ChatEvent.UserBanned b) {
            banned.add(b.user().value());
            for (Set<Held> connections : bySession.values()) {
                for (Held c : connections) {
                    if (c.principal().user().equals(b.user())) {
                        c.end(Ending.BANNED);
                    }
                }
            }
        }
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
