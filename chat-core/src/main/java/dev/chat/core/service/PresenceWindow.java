package dev.chat.core.service;

import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.LiveEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a room's members on this node are told its presence changes, and what: the first change after a quiet spell
 * goes out at once; the changes of the {@link #WINDOW} that follows are collected and go out together when it ends,
 * as their net effect on what the members were told ({@link ToldOnline}), so a user who came and went within the
 * window is not told of at all. A window that ends with something to tell opens the next one, so a storm of joins
 * costs each member one batch per window instead of one event per join. Guarded by its hub's lock, which the hub
 * holds already when it calls in (the lock is reentrant), so that the hub's members are told in the window's order.
 */
final class PresenceWindow {

    private static final Logger log = LoggerFactory.getLogger(PresenceWindow.class);

    /**
     * How long changes are collected after some went out. Short enough that an arrival still looks immediate to a
     * person reading the list; long enough that a reconnect storm (thousands of joins a second into rooms of a
     * hundred) costs each member ten batches a second rather than one frame per join.
     */
    static final Duration WINDOW = Duration.ofMillis(100);

    private final RoomName room;
    private final Object lock;
    private final ScheduledExecutorService scheduler;
    private final Executor worker;
    private final Consumer<LiveEvent.PresenceBatch> tell;
    private final ToldOnline told = new ToldOnline();
    /** The changes since the members were last told, by user; the latest of each counts. */
    private final Map<Username, Boolean> pending = new HashMap<>();
    /** Whether a window is open: changes wait for its end. */
    private boolean open;

    /**
     * {@code tell} is called holding {@code lock}, with each batch of changes; the end of a window is timed on
     * {@code scheduler} and run on {@code worker}.
     */
    PresenceWindow(
            RoomName room,
            Object lock,
            ScheduledExecutorService scheduler,
            Executor worker,
            Consumer<LiveEvent.PresenceBatch> tell) {
        this.room = room;
        this.lock = lock;
        this.scheduler = scheduler;
        this.worker = worker;
        this.tell = tell;
    }

    /** A user came online or went offline: told at once after a quiet spell, else when the window ends. */
    void change(Username user, boolean online) {
        if (log.isDebugEnabled()) {
            log.debug("presence: {} {} in {}{}", user, online ? "online" : "offline", room, open ? ", waits" : "");
        }
        pending.put(user, online);
        if (!open) {
            flush();
        }
    }

    /**
     * Who a joiner is told is online: what the members were told, or, the first time, {@code fresh} (read from the
     * presence store), which becomes the start; and the joiner, who is online whatever the members were told (a late
     * goodbye of an older connection of theirs, say): nobody hears of their own comings and goings, so no later
     * correction would reach the joiner. The members told otherwise are told so with the window's other changes,
     * which reach the joiner too, since it is a member already.
     */
    List<Username> forJoin(Collection<Username> fresh, Username joiner) {
        told.startFrom(fresh);
        change(joiner, true);
        List<Username> online = new ArrayList<>(told.sorted());
        if (!online.contains(joiner)) {
            online.add(joiner);
            online.sort(null);
        }
        return online;
    }

    /**
     * Who is online now, read from the presence store after events may have been lost: the truth replaces whatever
     * was pending, and every difference from what the members were told is told like any change.
     */
    void reconcile(Collection<Username> users) {
        if (!told.known()) {
            told.startFrom(users);
            return;
        }
        Set<Username> truth = new HashSet<>(users);
        List<ToldOnline.Change> differences = told.differences(truth);
        if (!differences.isEmpty()) {
            log.debug("presence: reconciling {}: told {}, now {}", room, told.sorted(), users);
        }
        pending.replaceAll((user, online) -> truth.contains(user));
        differences.forEach(d -> pending.put(d.user(), d.online()));
        if (!open && !pending.isEmpty()) {
            flush();
        }
    }

    /** Tells the net changes now; when there were any, a window opens for the next. */
    private void flush() {
        synchronized (lock) {
            List<Username> online = new ArrayList<>();
            List<Username> offline = new ArrayList<>();
            pending.forEach((user, isOnline) -> {
                if (told.change(user, isOnline)) {
                    (isOnline ? online : offline).add(user);
                }
            });
            pending.clear();
            if (online.isEmpty() && offline.isEmpty()) {
                open = false;
                return;
            }
            online.sort(null);
            offline.sort(null);
            open = true;
            try {
                scheduler.schedule(this::ended, WINDOW.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                open = false; // the core is closing: nothing waits for a window that would never end
            }
            log.debug("presence: in {} online {} offline {}", room, online, offline);
            tell.accept(new LiveEvent.PresenceBatch(room, online, offline));
        }
    }

    /** On the timer: the window's changes are told off it, as the hub's other work is. */
    private void ended() {
        try {
            worker.execute(this::flush);
        } catch (RejectedExecutionException stopping) {
            flush();
        }
    }
}
