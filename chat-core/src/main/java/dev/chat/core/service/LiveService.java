package dev.chat.core.service;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.Messages;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.PresenceStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class LiveService implements Live, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveService.class);

    private final MessageStore store;
    private final RoomService rooms;
    private final Messages messages;
    private final PresenceStore presence;
    /** Presence changes of one user in one room are made and published in order; others do not wait. */
    private final Object[] presenceLocks = new Object[64];
    private final TypingTracker typing;
    private final Fanout fanout;
    private final Executor worker;
    private final ScheduledExecutorService scheduler;
    private final int recoveryLimit;
    private final Map<RoomName, RoomHub> hubs = new HashMap<>();
    private final ConcurrentMap<String, Set<LiveConnection>> bySession = new ConcurrentHashMap<>();
    /** Sessions signed out lately, for connections whose handshake raced the sign-out. */
    private final RecentSet revoked = new RecentSet(10_000);
    private final Fanout.Subscription sessionEvents;
    private final ScheduledFuture<?> sweeper;

    LiveService(MessageStore store, RoomService rooms, Messages messages, PresenceStore presence,
                TypingTracker typing, Fanout fanout, Executor worker, ScheduledExecutorService scheduler,
                int recoveryLimit, Duration presenceSweep) {
        this.store = store;
        this.rooms = rooms;
        this.messages = messages;
        this.presence = presence;
        this.typing = typing;
        this.fanout = fanout;
        this.worker = worker;
        this.scheduler = scheduler;
        this.recoveryLimit = recoveryLimit;
        for (int i = 0; i < presenceLocks.length; i++) {
            presenceLocks[i] = new Object();
        }
        this.sessionEvents = fanout.subscribe(ChatEvent.SESSIONS_TOPIC, this::onSessionEvent);
        this.sweeper = scheduler.scheduleWithFixedDelay(() -> worker.execute(this::announceDepartures),
                presenceSweep.toMillis(), presenceSweep.toMillis(), TimeUnit.MILLISECONDS);
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
    public Connection connect(Principal who, Listener listener) {
        LiveConnection connection = new LiveConnection(who, listener);
        bySession.compute(who.sessionId(), (s, set) -> {
            Set<LiveConnection> connections = set == null ? ConcurrentHashMap.newKeySet() : set;
            connections.add(connection);
            return connections;
        });
        // The session may have been signed out between the handshake's check and now.
        if (revoked.contains(who.sessionId())) {
            end(connection);
        }
        return connection;
    }

    private void onSessionEvent(ChatEvent event) {
        if (event instanceof ChatEvent.SessionRevoked r) {
            revoked.add(r.sessionId());
            Set<LiveConnection> connections = bySession.remove(r.sessionId());
            if (connections != null) {
                connections.forEach(this::end);
            }
        }
    }

    private void end(LiveConnection connection) {
        worker.execute(() -> {
            connection.close();
            connection.listener.onClosed("Signed out.");
        });
    }

    @Override
    public void close() {
        sweeper.cancel(false);
        sessionEvents.close();
        synchronized (hubs) {
            hubs.values().forEach(RoomHub::stop);
            hubs.clear();
        }
    }

    private RoomHub acquire(RoomName room) {
        RoomHub hub;
        synchronized (hubs) {
            hub = hubs.computeIfAbsent(room, r -> new RoomHub(r, store, worker, scheduler));
            hub.refs++;
        }
        try {
            hub.start(fanout);
        } catch (RuntimeException e) {
            release(hub, room);
            throw e;
        }
        return hub;
    }

    private void release(RoomHub hub, RoomName room) {
        synchronized (hubs) {
            if (--hub.refs == 0) {
                hubs.remove(room);
                hub.stop();
            }
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
        private final Listener listener;
        private final Map<RoomName, Membership> joined = new HashMap<>();
        private boolean closed;

        LiveConnection(Principal who, Listener listener) {
            this.who = who;
            this.listener = listener;
        }

        @Override
        public Principal principal() {
            return who;
        }

        @Override
        public void join(String roomName, Long after) {
            RoomName room = rooms.existing(roomName);
            synchronized (this) {
                if (closed) {
                    throw new ChatException(ErrorCode.UNAUTHORIZED, "This connection is closed.");
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
                Membership member = new Membership(room, who.user(), listener);
                long hubAt = hub.attach(member);
                boolean present = previous != null;
                try {
                    List<LiveEvent> replay = new ArrayList<>();
                    long seen = replay(room, after, hubAt, replay);
                    if (!present) {
                        present = true;
                        goOnline(room);
                    }
                    int recovered = replay.size() == 1 && replay.get(0) instanceof LiveEvent.Gap ? 0 : replay.size();
                    member.goLive(new LiveEvent.Joined(room, online(room), recovered), seen, replay);
                    joined.put(room, member);
                } catch (RuntimeException e) {
                    hub.detach(member);
                    release(hub, room);
                    if (present) {
                        goOffline(room);
                    }
                    throw e instanceof ChatException ce ? ce : unavailable(room, e);
                }
            }
        }

        /** Fills {@code replay} with what a client that saw {@code after} missed, up to the hub's position. */
        private long replay(RoomName room, Long after, long hubAt, List<LiveEvent> replay) {
            if (after == null) {
                return hubAt;
            }
            long from = Math.max(0, after);
            if (from >= hubAt) {
                // The client saw further than this node has delivered (it came from a faster node): skip
                // what it has, but never further than the store has, so a made-up id cannot mute the room.
                return Math.min(from, Math.max(hubAt, store.latestId(room)));
            }
            if (hubAt - from > recoveryLimit) {
                replay.add(new LiveEvent.Gap(room));
                return hubAt;
            }
            List<Message> missed = store.after(room, from, (int) (hubAt - from));
            for (Message m : missed) {
                replay.add(new LiveEvent.Delivered(m));
            }
            return from;
        }

        @Override
        public void leave(String roomName) {
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
            RoomName room = member.room();
            RoomHub hub;
            synchronized (hubs) {
                hub = hubs.get(room);
            }
            if (hub != null) {
                hub.detach(member);
                release(hub, room);
            }
            if (offline) {
                goOffline(room);
            }
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
                if (left) {
                    typing.stopped(room, who.user());
                    publish(new ChatEvent.PresenceChanged(room, who.user(), false));
                }
            }
        }

        @Override
        public Messages.Posted send(String roomName, String text, String clientId) {
            requireJoined(roomName);
            return messages.post(who, roomName, text, clientId);
        }

        @Override
        public void typing(String roomName, boolean stop) {
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
            List<Membership> members;
            synchronized (this) {
                if (closed) {
                    return;
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
