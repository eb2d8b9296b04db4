package dev.chat.core.service;

import dev.chat.core.domain.Change;
import dev.chat.core.domain.ChatException;
import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.ClientId;
import dev.chat.core.domain.Emoji;
import dev.chat.core.domain.Entry;
import dev.chat.core.domain.ErrorCode;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.MessageText;
import dev.chat.core.domain.PageSize;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.ReadState;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.in.Messages;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.Telemetry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open connection: the rooms it is in (a {@link Membership} of each room's hub), what it missed replayed when
 * it joins, its share of presence, and its session kept in use. Joins, leaves and the close of one connection are
 * made one at a time.
 */
final class LiveConnection implements Live.Connection, SessionConnections.Held {

    private static final Logger log = LoggerFactory.getLogger(LiveConnection.class);

    /** What every connection of the node shares. */
    record Shared(
            MessageStore store,
            RoomAccess access,
            MessageService messages,
            ReadService reads,
            TypingTracker typing,
            HubRegistry hubs,
            LivePresence presence,
            SessionConnections sessions,
            Executor worker,
            int roomsPerConnection,
            int recoveryLimit,
            Telemetry telemetry) {}

    private final Shared shared;
    private final Principal who;
    private final ClientAddress from;
    private final Ticket ticket;
    private final Live.Listener listener;
    private final Map<RoomName, Membership> joined = new HashMap<>();
    private boolean closed;

    LiveConnection(Shared shared, Ticket ticket, Live.Listener listener) {
        this.shared = shared;
        this.who = ticket.who;
        this.from = ticket.from;
        this.ticket = ticket;
        this.listener = listener;
    }

    @Override
    public Principal principal() {
        return who;
    }

    @Override
    public synchronized boolean inAnyRoom() {
        return !joined.isEmpty();
    }

    @Override
    public synchronized boolean isIn(RoomName room) {
        return joined.containsKey(room);
    }

    @Override
    public void tell(LiveEvent event) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            log.warn(
                    "A listener failed on {}; its connection is closed",
                    event.getClass().getSimpleName(),
                    e);
            end(Live.Ending.FAILED);
        }
    }

    @Override
    public void join(RoomName roomName, Long after) {
        shared.sessions().used(who.sessionId());
        Room found = shared.access().visible(who, roomName);
        RoomName room = found.name();
        synchronized (this) {
            if (closed) {
                throw new ChatException(ErrorCode.UNAUTHORIZED, "This connection is closed.");
            }
            int most = shared.roomsPerConnection();
            if (!joined.containsKey(room) && joined.size() >= most) {
                throw new ChatException(
                        ErrorCode.TOO_MANY_ROOMS,
                        "This connection is in " + most
                                + " rooms, the most one connection may be in; leave one first.");
            }
            Membership previous = joined.remove(room);
            if (previous != null) {
                detach(previous, false);
            }
            RoomHub hub;
            try {
                hub = shared.hubs().acquire(room);
            } catch (RuntimeException e) {
                if (previous != null) {
                    shared.presence().offline(room, who.user());
                }
                throw unavailable(room, e);
            }
            Membership member =
                    new Membership(hub, who.user(), listener, this::roomClosed, this::broken, shared.telemetry());
            try {
                // A client that saw further on another node: the hub catches up first, so it is never behind a member.
                if (after != null) {
                    hub.reach(after);
                }
            } catch (RuntimeException e) {
                shared.hubs().release(hub);
                if (previous != null) {
                    shared.presence().offline(room, who.user());
                }
                throw unavailable(room, e);
            }
            long hubAt = hub.attach(member);
            boolean present = previous != null;
            try {
                // Again, now that the hub would pass on a removal: one that came before this point is seen here.
                if (!shared.access().stillVisible(who, found)) {
                    throw RoomService.noSuchRoom(room);
                }
                shared.access().joinedPublic(who, found);
                List<LiveEvent> replay = new ArrayList<>();
                long seen = replay(room, after, hub, hubAt, replay);
                if (!present) {
                    present = true;
                    shared.presence().online(room, who.user());
                }
                int recovered = replay.size() == 1 && replay.get(0) instanceof LiveEvent.Gap ? 0 : replay.size();
                if (recovered > 0) {
                    shared.telemetry().recovered(recovered);
                }
                List<Username> online = hub.onlineForJoin(shared.presence().users(room), who.user());
                log.debug("presence: {} joined {}, told online {}", who.user(), room, online);
                member.goLive(new LiveEvent.Joined(room, online, recovered), seen, replay);
                joined.put(room, member);
                shared.telemetry().joined();
            } catch (RuntimeException e) {
                hub.detach(member);
                shared.hubs().release(hub);
                if (present) {
                    shared.presence().offline(room, who.user());
                }
                throw e instanceof ChatException ce ? ce : unavailable(room, e);
            }
        }
    }

    /**
     * Fills {@code replay} with what the member missed up to where the hub stands, and returns the position the
     * member has seen up to. If the store is found to be ahead of the hub (the fan-out lost the newest
     * messages and nothing has revealed it yet), the hub is told to read them: a client that joins again
     * to be sure it is up to date then gets them, even in a room where nothing else is said.
     */
    private long replay(RoomName room, Long after, RoomHub hub, long hubAt, List<LiveEvent> replay) {
        if (after == null) {
            return hubAt;
        }
        long start = Math.max(0, after);
        MessageStore store = shared.store();
        if (start >= hubAt) {
            // The client saw further than this node has delivered (it came from a faster node): skip
            // what it has, but never further than the store has, so a made-up id cannot mute the room.
            long latest = store.latestPosition(room);
            hub.storeReached(latest);
            return Math.min(start, Math.max(hubAt, latest));
        }
        if (hubAt - start > shared.recoveryLimit()) {
            replay.add(new LiveEvent.Gap(room));
            return hubAt;
        }
        // Positions with nothing to deliver leave holes, so the page may reach past the hub: the rest comes from
        // the hub. One more than the hub has delivered is asked for, to learn whether the store is ahead of it.
        List<Entry> missed = store.after(room, start, (int) (hubAt - start) + 1);
        for (Entry e : missed) {
            if (e.position() > hubAt) {
                hub.storeReached(e.position());
            } else if (e instanceof Change c) {
                replay.add(new LiveEvent.Changed(c));
            } else {
                replay.add(new LiveEvent.Delivered((Message) e));
            }
        }
        return start;
    }

    @Override
    public void leave(RoomName room) {
        shared.sessions().used(who.sessionId());
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
        shared.hubs().release(member.hub());
        if (offline) {
            shared.presence().offline(member.room(), who.user());
        }
    }

    /**
     * The member's room was closed and the client told so: the connection leaves it. Nobody is told the
     * user went offline (the room is gone), but the presence store forgets them there.
     */
    private void roomClosed(Membership member) {
        shared.worker().execute(() -> {
            synchronized (this) {
                if (!joined.remove(member.room(), member)) {
                    return;
                }
            }
            detach(member, false);
            shared.presence().forget(member.room(), who.user());
        });
    }

    /** A listener failed on one of the member's events: the connection cannot go on without a hole. */
    private void broken(Membership member) {
        end(Live.Ending.FAILED);
    }

    @Override
    public Messages.Posted send(RoomName roomName, MessageText text, ClientId clientId, Long replyTo) {
        return Await.result(sendAsync(roomName, text, clientId, replyTo));
    }

    @Override
    public CompletableFuture<Messages.Posted> sendAsync(
            RoomName roomName, MessageText text, ClientId clientId, Long replyTo) {
        try {
            shared.sessions().used(who.sessionId());
            requireJoined(roomName);
            return shared.messages().postToJoined(who, from, roomName, text, clientId, replyTo);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    @Override
    public Message edit(RoomName room, long id, MessageText text) {
        shared.sessions().used(who.sessionId());
        return shared.messages().edit(who, from, room, id, text);
    }

    @Override
    public void delete(RoomName room, long id) {
        shared.sessions().used(who.sessionId());
        shared.messages().delete(who, room, id);
    }

    @Override
    public ReadState read(RoomName room, long upTo) {
        shared.sessions().used(who.sessionId());
        return shared.reads().markRead(who, room, upTo);
    }

    @Override
    public Message react(RoomName room, long id, Emoji emoji, boolean remove) {
        shared.sessions().used(who.sessionId());
        return shared.messages().react(who, from, room, id, emoji, remove);
    }

    @Override
    public Messages.HistoryPage history(RoomName roomName, Long before, PageSize size) {
        shared.sessions().used(who.sessionId());
        return shared.messages().history(who, roomName, before, size);
    }

    @Override
    public void typing(RoomName roomName, boolean stop) {
        shared.sessions().used(who.sessionId());
        RoomName room = requireJoined(roomName);
        RoomAccess.requireWrite(who);
        if (stop) {
            shared.typing().stopped(room, who.user());
        } else {
            shared.typing().typing(room, who.user());
        }
    }

    private synchronized RoomName requireJoined(RoomName room) {
        if (closed) {
            throw new ChatException(ErrorCode.UNAUTHORIZED, "This connection is closed.");
        }
        Membership member = joined.get(room);
        // A member whose room was closed (deleted, renamed, or they were removed) is out of it from that moment.
        if (member == null || member.isClosed()) {
            throw new ChatException(ErrorCode.NOT_JOINED, "Join '" + room + "' first.");
        }
        return room;
    }

    @Override
    public void end(Live.Ending ending) {
        shared.worker().execute(() -> {
            if (closeOnce()) {
                listener.onClosed(ending);
            }
        });
    }

    @Override
    public void close() {
        closeOnce();
    }

    /** Closes the connection; false when it was closed already. */
    private boolean closeOnce() {
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
        shared.sessions().closed(this);
        ticket.close();
        return true;
    }

    private static ChatException unavailable(RoomName room, RuntimeException e) {
        log.warn("Could not join {}: {}", room, e.toString());
        return new ChatException(ErrorCode.UNAVAILABLE, "The room is unavailable right now. Try again.", null, e);
    }
}
