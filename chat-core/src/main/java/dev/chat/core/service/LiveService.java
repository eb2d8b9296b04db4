package dev.chat.core.service;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.Messages;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.LimitStore;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.PresenceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live connections of this node: each joins rooms through the room's {@link RoomHub}, shared by every
 * connection of the node in that room. Sign-outs and bans reach it on the sessions topic from any node, and
 * {@link SessionWatch} closes the connections of sessions that expired or ended while such an event could
 * not arrive. Every connection holds a place under the user's and the address's connection limits.
 */
final class LiveService implements Live, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveService.class);

    /** After the fan-out may have lost presence events, this long for every node to have put its own back. */
    static final Duration PRESENCE_SETTLE = Duration.ofSeconds(7);
    /** How often each room's presence is compared with what its members were told, as a safety net. */
    static final Duration PRESENCE_RECONCILE = Duration.ofSeconds(30);

    private final MessageStore store;
    private final RoomService rooms;
    private final MessageService messages;
    private final PresenceStore presence;
    /** Presence changes of one user in one room are made and published in order; others do not wait. */
    private final Object[] presenceLocks = new Object[64];
    private final TypingTracker typing;
    private final Fanout fanout;
    private final Executor worker;
    private final ScheduledExecutorService scheduler;
    private final int recoveryLimit;
    private final int roomsPerConnection;
    private final LimitPolicy limits;
    private final SessionWatch sessions;
    private final Map<RoomName, RoomHub> hubs = new HashMap<>();
    private final ConcurrentMap<String, Set<LiveConnection>> bySession = new ConcurrentHashMap<>();
    /** Sessions signed out lately, for connections whose handshake raced the sign-out. */
    private final RecentSet revoked = new RecentSet(10_000);
    /** Users banned lately: their revoked sessions close as banned, not as signed out. */
    private final RecentSet banned = new RecentSet(1_000);
    private final Fanout.Subscription sessionEvents;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    LiveService(MessageStore store, RoomService rooms, MessageService messages, PresenceStore presence,
                TypingTracker typing, Fanout fanout, Executor worker, ScheduledExecutorService scheduler,
                ChatSettings settings, Duration presenceSweep, LimitPolicy limits, AccountService accounts,
                Clock clock) {
        this.store = store;
        this.rooms = rooms;
        this.messages = messages;
        this.presence = presence;
        this.typing = typing;
        this.fanout = fanout;
        this.worker = worker;
        this.scheduler = scheduler;
        this.recoveryLimit = settings.recoveryLimit();
        this.roomsPerConnection = settings.limits().roomsPerConnection();
        this.limits = limits;
        for (int i = 0; i < presenceLocks.length; i++) {
            presenceLocks[i] = new Object();
        }
        this.sessions = new SessionWatch(accounts, clock, settings.sessionIdleTimeout(), this::endSession);
        this.sessionEvents = fanout.subscribe(ChatEvent.SESSIONS_TOPIC, new Fanout.Subscriber() {
            @Override
            public void onEvent(ChatEvent event) {
                onSessionEvent(event);
            }

            @Override
            public void onPossibleLoss() {
                // A sign-out or ban published while this node could not hear it: read every session again.
                worker.execute(sessions::checkAll);
            }
        });
        every(presenceSweep, this::announceDepartures);
        every(SessionWatch.interval(settings.sessionIdleTimeout()), sessions::tick);
        every(PRESENCE_RECONCILE, this::reconcileAllPresence);
    }

    private void every(Duration period, Runnable task) {
        timers.add(scheduler.scheduleWithFixedDelay(() -> worker.execute(task), period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    /** The fan-out may have lost a room's presence events: once every node has put its own back, compare. */
    private void presenceMayBeStale(RoomHub hub) {
        scheduler.schedule(() -> worker.execute(() -> reconcilePresence(hub)), PRESENCE_SETTLE.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Runs the session check now, as its timer does (for tests). */
    void checkSessions() {
        sessions.tick();
    }

    void reconcileAllPresence() {
        List<RoomHub> active;
        synchronized (hubs) {
            active = List.copyOf(hubs.values());
        }
        active.forEach(this::reconcilePresence);
    }

    /** Tells a room's members every presence change they missed; only when the store answers for every node. */
    private void reconcilePresence(RoomHub hub) {
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

    /** Users whose node died left no goodbye: the presence store finds them, one node announces them. */
    private void announceDepartures() {
        List<RoomName> active;
        synchronized (hubs) {
            active = List.copyOf(hubs.keySet());
        }
        if (active.isEmpty()) {
            return;
        }
        try {
            for (PresenceStore.Departure gone : presence.departed(active)) {
                log.debug("presence: {} gone from {} with a stopped node", gone.user(), gone.room());
                typing.stopped(gone.room(), gone.user());
                publish(new ChatEvent.PresenceChanged(gone.room(), gone.user(), false));
            }
        } catch (RuntimeException e) {
            log.warn("Could not look for users of stopped nodes: {}", e.toString());
        }
    }

    private List<Username> online(RoomName room) {
        try {
            return presence.users(room);
        } catch (RuntimeException e) {
            log.warn("Could not read who is online in {}: {}", room, e.toString());
            return List.of();
        }
    }

    private Object presenceLock(RoomName room, Username user) {
        return presenceLocks[Math.floorMod(31 * room.hashCode() + user.hashCode(), presenceLocks.length)];
    }

    @Override
    public Admission admit(Principal who, ClientAddress from) {
        LimitStore.Hold hold = limits.connection(who, from);
        return new Ticket(who, from, hold);
    }

    /** A place under the connection limits, for one connection. */
    private static final class Ticket implements Admission {
        private final Principal who;
        private final ClientAddress from;
        private final LimitStore.Hold hold;
        private final AtomicBoolean connected = new AtomicBoolean();
        private final AtomicBoolean released = new AtomicBoolean();

        Ticket(Principal who, ClientAddress from, LimitStore.Hold hold) {
            this.who = who;
            this.from = from;
            this.hold = hold;
        }

        @Override
        public Principal principal() {
            return who;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                hold.close();
            }
        }
    }

    @Override
    public Connection connect(Admission admission, Listener listener) {
        if (!(admission instanceof Ticket ticket) || ticket.released.get()
                || !ticket.connected.compareAndSet(false, true)) {
            throw new IllegalArgumentException("an open admission of this service, used once");
        }
        Principal who = ticket.who;
        LiveConnection connection = new LiveConnection(ticket, listener);
        sessions.opened(who);
        bySession.compute(who.sessionId(), (s, set) -> {
            Set<LiveConnection> connections = set == null ? ConcurrentHashMap.newKeySet() : set;
            connections.add(connection);
            return connections;
        });
        // The session may have been signed out (or its user banned) between the handshake's check and now.
        if (revoked.contains(who.sessionId())) {
            end(connection, endingOf(who));
        }
        return connection;
    }

    /** SessionWatch found a session ended: its connections here close. */
    private void endSession(String sessionId, Ending ending) {
        revoked.add(sessionId);
        Set<LiveConnection> connections = bySession.remove(sessionId);
        if (connections != null) {
            connections.forEach(c -> end(c, ending));
        }
    }

    private void onSessionEvent(ChatEvent event) {
        if (event instanceof ChatEvent.SessionRevoked r) {
            revoked.add(r.sessionId());
            sessions.forget(r.sessionId());
            Set<LiveConnection> connections = bySession.remove(r.sessionId());
            if (connections != null) {
                connections.forEach(c -> end(c, endingOf(c.who)));
            }
        } else if (event instanceof ChatEvent.UserBanned b) {
            banned.add(b.user().value());
            for (Set<LiveConnection> connections : bySession.values()) {
                for (LiveConnection c : connections) {
                    if (c.who.user().equals(b.user())) {
                        end(c, Ending.BANNED);
                    }
                }
            }
        }
    }

    /** Why a connection whose session was revoked ends: a ban revokes its user's sessions too. */
    private Ending endingOf(Principal who) {
        return banned.contains(who.user().value()) ? Ending.BANNED : Ending.SIGNED_OUT;
    }

    private void end(LiveConnection connection, Ending ending) {
        worker.execute(() -> {
            if (connection.closeOnce()) {
                connection.listener.onClosed(ending);
            }
        });
    }

    /** What this node carries: its open connections, and the users they hold in at least one room. */
    record Load(int connections, int usersInRooms) {
    }

    Load load() {
        int connections = 0;
        Set<Username> users = new HashSet<>();
        for (Set<LiveConnection> set : bySession.values()) {
            for (LiveConnection c : set) {
                connections++;
                if (c.inAnyRoom()) {
                    users.add(c.who.user());
                }
            }
        }
        return new Load(connections, users.size());
    }

    @Override
    public void close() {
        timers.forEach(t -> t.cancel(false));
        sessionEvents.close();
        synchronized (hubs) {
            hubs.values().forEach(RoomHub::stop);
            hubs.clear();
        }
    }

    private RoomHub acquire(RoomName room) {
        RoomHub hub;
        synchronized (hubs) {
            hub = hubs.get(room);
            if (hub == null || hub.isClosed()) {
                // A closed hub serves no one again; a room made later under the same name gets a new one.
                hub = new RoomHub(room, store, worker, scheduler, this::hubClosed, this::presenceMayBeStale);
                hubs.put(room, hub);
            }
            hub.refs++;
        }
        try {
            hub.start(fanout);
        } catch (RuntimeException e) {
            release(hub);
            throw e;
        }
        return hub;
    }

    private void release(RoomHub hub) {
        synchronized (hubs) {
            if (--hub.refs == 0) {
                hubs.remove(hub.room(), hub);
                hub.stop();
            }
        }
    }

    /** The room was deleted or renamed: forget that it existed; its members let go of it one by one. */
    private void hubClosed(RoomHub hub) {
        rooms.forget(hub.room());
        synchronized (hubs) {
            hubs.remove(hub.room(), hub);
        }
    }

    /** How many rooms this node is subscribed to: idle rooms cost nothing. */
    int activeRooms() {
        synchronized (hubs) {
            return hubs.size();
        }
    }

    private final class LiveConnection implements Connection {

        private final Principal who;
        private final ClientAddress from;
        private final Ticket ticket;
        private final Listener listener;
        private final Map<RoomName, Membership> joined = new HashMap<>();
        private boolean closed;

        LiveConnection(Ticket ticket, Listener listener) {
            this.who = ticket.who;
            this.from = ticket.from;
            this.ticket = ticket;
            this.listener = listener;
        }

        @Override
        public Principal principal() {
            return who;
        }

        synchronized boolean inAnyRoom() {
            return !joined.isEmpty();
        }

        @Override
        public void join(String roomName, Long after) {
            sessions.used(who.sessionId());
            RoomName room = rooms.existing(roomName);
            synchronized (this) {
                if (closed) {
                    throw new ChatException(ErrorCode.UNAUTHORIZED, "This connection is closed.");
                }
                if (!joined.containsKey(room) && joined.size() >= roomsPerConnection) {
                    throw new ChatException(ErrorCode.TOO_MANY_ROOMS, "This connection is in " + roomsPerConnection
                            + " rooms, the most one connection may be in; leave one first.");
                }
                Membership previous = joined.remove(room);
                if (previous != null) {
                    detach(previous, false);
                }
                RoomHub hub;
                try {
                    hub = acquire(room);
                } catch (RuntimeException e) {
                    if (previous != null) {
                        goOffline(room);
                    }
                    throw unavailable(room, e);
                }
                Membership member = new Membership(hub, who.user(), listener, this::roomClosed, this::broken);
                long hubAt = hub.attach(member);
                boolean present = previous != null;
                try {
                    List<LiveEvent> replay = new ArrayList<>();
                    long seen = replay(room, after, hub, hubAt, replay);
                    if (!present) {
                        present = true;
                        goOnline(room);
                    }
                    int recovered = replay.size() == 1 && replay.get(0) instanceof LiveEvent.Gap ? 0 : replay.size();
                    List<Username> online = hub.onlineForJoin(online(room), who.user());
                    log.debug("presence: {} joined {}, told online {}", who.user(), room, online);
                    member.goLive(new LiveEvent.Joined(room, online, recovered), seen, replay);
                    joined.put(room, member);
                } catch (RuntimeException e) {
                    hub.detach(member);
                    release(hub);
                    if (present) {
                        goOffline(room);
                    }
                    throw e instanceof ChatException ce ? ce : unavailable(room, e);
                }
            }
        }

        /**
         * Fills {@code replay} with what the member missed up to where the hub stands, and returns the id the
         * member has seen up to. If the store is found to be ahead of the hub (the fan-out lost the newest
         * messages and nothing has revealed it yet), the hub is told to read them: a client that joins again
         * to be sure it is up to date then gets them, even in a room where nothing else is said.
         */
        private long replay(RoomName room, Long after, RoomHub hub, long hubAt, List<LiveEvent> replay) {
            if (after == null) {
                return hubAt;
            }
            long from = Math.max(0, after);
            if (from >= hubAt) {
                // The client saw further than this node has delivered (it came from a faster node): skip
                // what it has, but never further than the store has, so a made-up id cannot mute the room.
                long latest = store.latestId(room);
                hub.storeReached(latest);
                return Math.min(from, Math.max(hubAt, latest));
            }
            if (hubAt - from > recoveryLimit) {
                replay.add(new LiveEvent.Gap(room));
                return hubAt;
            }
            // Deleted messages leave holes, so the page may reach past the hub: the rest comes from the hub.
            // One more than the hub has delivered is asked for, to learn whether the store is ahead of it.
            List<Message> missed = store.after(room, from, (int) (hubAt - from) + 1);
            for (Message m : missed) {
                if (m.id() <= hubAt) {
                    replay.add(new LiveEvent.Delivered(m));
                } else {
                    hub.storeReached(m.id());
                }
            }
            return from;
        }

        @Override
        public void leave(String roomName) {
            sessions.used(who.sessionId());
            RoomName room = RoomName.of(roomName);
            synchronized (this) {
                Membership member = joined.remove(room);
                if (member != null) {
                    detach(member, true);
                }
            }
        }

        /** Removes the membership from its hub; with {@code offline}, this connection's share of presence goes too. */
        private void detach(Membership member, boolean offline) {
            member.hub().detach(member);
            release(member.hub());
            if (offline) {
                goOffline(member.room());
            }
        }

        /**
         * The member's room was closed and the client told so: the connection leaves it. Nobody is told the
         * user went offline (the room is gone), but the presence store forgets them there.
         */
        private void roomClosed(Membership member) {
            worker.execute(() -> {
                synchronized (this) {
                    if (!joined.remove(member.room(), member)) {
                        return;
                    }
                }
                detach(member, false);
                synchronized (presenceLock(member.room(), who.user())) {
                    try {
                        presence.remove(member.room(), who.user());
                    } catch (RuntimeException e) {
                        log.warn("Could not record {} out of closed room {}: {}", who.user(), member.room(),
                                e.toString());
                    }
                }
            });
        }

        /** A listener failed on one of the member's events: the connection cannot go on without a hole. */
        private void broken(Membership member) {
            end(this, Ending.FAILED);
        }

        /** Counts this connection in; the change is published under the user's lock so events keep its order. */
        private void goOnline(RoomName room) {
            synchronized (presenceLock(room, who.user())) {
                boolean arrived;
                try {
                    arrived = presence.add(room, who.user());
                } catch (RuntimeException e) {
                    log.warn("Could not record {} online in {}: {}", who.user(), room, e.toString());
                    return;
                }
                log.debug("presence: {} online in {}, first of theirs: {}", who.user(), room, arrived);
                if (arrived) {
                    publish(new ChatEvent.PresenceChanged(room, who.user(), true));
                }
            }
        }

        private void goOffline(RoomName room) {
            synchronized (presenceLock(room, who.user())) {
                boolean left;
                try {
                    left = presence.remove(room, who.user());
                } catch (RuntimeException e) {
                    log.warn("Could not record {} offline in {}: {}", who.user(), room, e.toString());
                    return;
                }
                log.debug("presence: {} offline in {}, last of theirs: {}", who.user(), room, left);
                if (left) {
                    typing.stopped(room, who.user());
                    publish(new ChatEvent.PresenceChanged(room, who.user(), false));
                }
            }
        }

        @Override
        public Messages.Posted send(String roomName, String text, String clientId) {
            sessions.used(who.sessionId());
            requireJoined(roomName);
            return messages.post(who, from, roomName, text, clientId);
        }

        @Override
        public Messages.HistoryPage history(String roomName, Long before, Integer limit) {
            sessions.used(who.sessionId());
            return messages.history(who, roomName, before, limit);
        }

        @Override
        public void typing(String roomName, boolean stop) {
            sessions.used(who.sessionId());
            RoomName room = requireJoined(roomName);
            if (stop) {
                typing.stopped(room, who.user());
            } else {
                typing.typing(room, who.user());
            }
        }

        private synchronized RoomName requireJoined(String roomName) {
            RoomName room = RoomName.of(roomName);
            if (!joined.containsKey(room)) {
                throw new ChatException(ErrorCode.NOT_JOINED, "Join '" + room + "' first.");
            }
            return room;
        }

        @Override
        public void close() {
            closeOnce();
        }

        /** Closes the connection; false when it was closed already. */
        boolean closeOnce() {
            List<Membership> members;
            synchronized (this) {
                if (closed) {
                    return false;
                }
                closed = true;
                members = new ArrayList<>(joined.values());
                joined.clear();
            }
            for (Membership member : members) {
                detach(member, true);
            }
            bySession.computeIfPresent(who.sessionId(), (s, set) -> {
                set.remove(this);
                return set.isEmpty() ? null : set;
            });
            sessions.closed(who);
            ticket.close();
            return true;
        }
    }

    private void publish(ChatEvent event) {
        try {
            fanout.publish(event);
        } catch (RuntimeException e) {
            log.warn("Could not publish to {}: {}", event.topic(), e.toString());
        }
    }

    private static ChatException unavailable(RoomName room, RuntimeException e) {
        log.warn("Could not join {}: {}", room, e.toString());
        return new ChatException(ErrorCode.UNAVAILABLE, "The room is unavailable right now. Try again.", null, e);
    }
}
