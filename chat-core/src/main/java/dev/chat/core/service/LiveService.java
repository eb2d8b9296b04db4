package dev.chat.core.service;

import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.Principal;
import dev.chat.core.domain.Room;
import dev.chat.core.domain.RoomName;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.Rooms;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.PresenceStore;
import dev.chat.core.port.out.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live connections of this node, put together from three parts: the room hubs ({@link HubRegistry}), shared
 * by every connection of the node in a room; presence ({@link LivePresence}); and the sessions' ends
 * ({@link SessionConnections}). Every connection holds a place under the user's and the address's connection
 * limits. The timers that keep presence and sessions honest run here.
 */
final class LiveService implements Live, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveService.class);

    /** How often each room's presence is compared with what its members were told, as a safety net. */
    static final Duration PRESENCE_RECONCILE = Duration.ofSeconds(30);

    private final CoreState state;
    private final Executor worker;
    private final Executor listeners;
    private final ScheduledExecutorService scheduler;
    private final LimitPolicy limits;
    private final HubRegistry hubs;
    private final LivePresence presence;
    private final SessionConnections sessions;
    private final LiveConnection.Shared shared;
    private final KnownRooms rooms;
    private final RoomAccess access;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    LiveService(
            CoreState state,
            MessageStore store,
            KnownRooms rooms,
            RoomAccess access,
            MessageService messages,
            ReadService reads,
            PresenceStore presenceStore,
            TypingTracker typing,
            Fanout fanout,
            Executor worker,
            Executor listeners,
            ScheduledExecutorService scheduler,
            ChatSettings settings,
            Duration presenceSweep,
            LimitPolicy limits,
            AccountService accounts,
            Clock clock,
            BiFunction<Principal, RoomName, Rooms.RoomSummary> roomAsSeenBy,
            Telemetry telemetry) {
        this.state = state;
        this.listeners = listeners;
        this.worker = worker;
        this.scheduler = scheduler;
        this.limits = limits;
        LivePresence livePresence = new LivePresence(presenceStore, typing, fanout, worker, scheduler);
        this.presence = livePresence;
        this.hubs = new HubRegistry(store, fanout, worker, scheduler, rooms::forget, hub -> {
            livePresence.mayBeStale(hub);
            recheckAccess(hub);
        });
        this.sessions =
                new SessionConnections(accounts, clock, settings.sessionIdleTimeout(), fanout, worker, roomAsSeenBy);
        this.rooms = rooms;
        this.access = access;
        this.shared = new LiveConnection.Shared(
                store,
                access,
                messages,
                reads,
                typing,
                hubs,
                presence,
                sessions,
                worker,
                settings.limits().roomsPerConnection(),
                settings.recoveryLimit(),
                telemetry);
        every(presenceSweep, () -> presence.announceDepartures(hubs.rooms()));
        every(SessionWatch.interval(settings.sessionIdleTimeout()), sessions::tick);
        every(PRESENCE_RECONCILE, this::reconcileAllPresence);
    }

    /**
     * The fan-out may have lost a removal from the hub's room: every connection here in a room that is not public is
     * let in again only if its user still may see it.
     */
    private void recheckAccess(RoomHub hub) {
        Room room;
        try {
            room = rooms.existing(hub.room());
        } catch (RuntimeException e) {
            return; // gone (its closing is on its way) or unreadable (the next loss checks again)
        }
        if (room.isPublic()) {
            return;
        }
        for (SessionConnections.Held c : sessions.connectionsIn(room.name())) {
            try {
                if (!access.stillVisible(c.principal(), room)) {
                    hub.removed(c.principal().user());
                }
            } catch (RuntimeException e) {
                log.warn("Could not check {} in {} again: {}", c.principal().user(), room.name(), e.toString());
            }
        }
    }

    private void every(Duration period, Runnable task) {
        timers.add(scheduler.scheduleWithFixedDelay(
                () -> worker.execute(task), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Runs the session check now, as its timer does (for tests). */
    void checkSessions() {
        sessions.tick();
    }

    /** Compares every room's presence now, as its timer does (for tests). */
    void reconcileAllPresence() {
        hubs.active().forEach(presence::reconcile);
    }

    @Override
    public Admission admit(Principal who, ClientAddress from) {
        state.requireOpen();
        return new Ticket(who, from, limits.connection(who, from));
    }

    @Override
    public Connection connect(Admission admission, Listener listener) {
        if (!(admission instanceof Ticket ticket) || !ticket.use()) {
            throw new IllegalArgumentException("an open admission of this service, used once");
        }
        if (state.isClosed()) {
            ticket.close();
            state.requireOpen();
        }
        // An embedder's listener gets its events on the listeners' pool; a direct one where they are made.
        QueuedListener queued =
                listener instanceof DirectListener ? null : new QueuedListener(listener, listeners, Listener.BACKLOG);
        LiveConnection connection = new LiveConnection(shared, ticket, queued == null ? listener : queued);
        if (queued != null) {
            queued.onFailure(() -> connection.end(Ending.FAILED));
        }
        sessions.opened(connection);
        return connection;
    }

    SessionConnections.Load load() {
        return sessions.load();
    }

    /** How many rooms this node is subscribed to: idle rooms cost nothing. */
    int activeRooms() {
        return hubs.size();
    }

    @Override
    public void close() {
        timers.forEach(t -> t.cancel(false));
        sessions.endAll(Ending.SHUTDOWN);
        sessions.close();
        hubs.stopAll();
    }
}
