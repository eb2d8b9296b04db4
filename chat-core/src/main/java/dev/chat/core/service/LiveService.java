package dev.chat.core.service;

import dev.chat.core.domain.ClientAddress;
import dev.chat.core.domain.Principal;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.MessageStore;
import dev.chat.core.port.out.PresenceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The live connections of this node, put together from three parts: the room hubs ({@link HubRegistry}), shared
 * by every connection of the node in a room; presence ({@link LivePresence}); and the sessions' ends
 * ({@link SessionConnections}). Every connection holds a place under the user's and the address's connection
 * limits. The timers that keep presence and sessions honest run here.
 */
final class LiveService implements Live, AutoCloseable {

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
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    LiveService(
            CoreState state,
            MessageStore store,
            RoomService rooms,
            MessageService messages,
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
            Clock clock) {
        this.state = state;
        this.listeners = listeners;
        this.worker = worker;
        this.scheduler = scheduler;
        this.limits = limits;
        LivePresence livePresence = new LivePresence(presenceStore, typing, fanout, worker, scheduler);
        this.presence = livePresence;
        this.hubs = new HubRegistry(store, fanout, worker, scheduler, rooms::forget, livePresence::mayBeStale);
        this.sessions = new SessionConnections(accounts, clock, settings.sessionIdleTimeout(), fanout, worker);
        this.shared = new LiveConnection.Shared(
                store,
                rooms,
                messages,
                typing,
                hubs,
                presence,
                sessions,
                worker,
                settings.limits().roomsPerConnection(),
                settings.recoveryLimit());
        every(presenceSweep, () -> presence.announceDepartures(hubs.rooms()));
        every(SessionWatch.interval(settings.sessionIdleTimeout()), sessions::tick);
        every(PRESENCE_RECONCILE, this::reconcileAllPresence);
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
