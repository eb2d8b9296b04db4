package dev.chat.core.service;

import dev.chat.core.domain.Change;
import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.Entry;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.MessageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's live feed on this node. It turns the fan-out's best-effort stream into a gap-free,
 * in-order one: a room's positions (its messages and the changes to them, see {@link Entry}) are consecutive,
 * so an entry that arrives early is held until the ones before it are there, and any that the fan-out lost or
 * delayed are read back from the store. Every member then sees each entry once, in position order. A position
 * the store has nothing to deliver for (a deleted message, a change a later one superseded) is passed over once a
 * store read has shown it so.
 *
 * <p>A store read gives the messages after its position as they are now: a later change to one of them is folded
 * into it (a deleted one is left out, its deletion with it). That is exact for members that have seen no further
 * than the read's position, and the hub keeps it so: no member is ever ahead of the hub ({@link #reach} brings the
 * hub up to a joining client's position before the client is attached), and a read is used only if nothing moved the
 * hub on while it was made. A message's state is never followed by an older one for a member: each membership drops
 * a change whose state it has already (read from the store with that change in it, see {@link Membership}). When the
 * room is closed (deleted or renamed), that is the members' last event and the hub serves no one again.
 *
 * <p>It also passes presence on, each change once, and corrects it after a loss ({@link HubPresence}).
 */
final class RoomHub {

    private static final Logger log = LoggerFactory.getLogger(RoomHub.class);
    /** How long an early message waits for the ones before it before they are read from the store. */
    static final long FILL_DELAY_MS = 50;

    private static final int FILL_BATCH = 500;
    private static final Predicate<Membership> EVERYONE = m -> true;

    private final RoomName room;
    private final MessageStore store;
    private final Executor worker;
    private final ScheduledExecutorService scheduler;
    private final Object lock = new Object();
    private final TreeMap<Long, Entry> early = new TreeMap<>();

    private final List<Membership> members = new ArrayList<>();
    private Fanout.Subscription subscription;
    private long cursor = -1;
    /** After a possible loss in the fan-out: the store position the hub must reach by reading the store. */
    private long catchUpTo;
    /** Every position up to this one is delivered, held in {@code early}, or known from the store to hold nothing. */
    private long settled;

    private boolean fillScheduled;
    private long fillBackoffMs = FILL_DELAY_MS;
    private LiveEvent.RoomClosed closedWith;
    private final Consumer<RoomHub> onClosed;
    private final Consumer<RoomHub> onPossibleLoss;
    /** What the members were told of who is online. */
    private final HubPresence presence;

    /**
     * {@code onClosed} runs on the worker once the room is closed, after the members were told;
     * {@code onPossibleLoss} on the worker whenever the fan-out may have lost this room's events.
     */
    RoomHub(
            RoomName room,
            MessageStore store,
            Executor worker,
            ScheduledExecutorService scheduler,
            Consumer<RoomHub> onClosed,
            Consumer<RoomHub> onPossibleLoss) {
        this.room = room;
        this.store = store;
        this.worker = worker;
        this.scheduler = scheduler;
        this.onClosed = onClosed;
        this.onPossibleLoss = onPossibleLoss;
        this.presence = new HubPresence(room, lock, event -> broadcast(event, EVERYONE), () -> closedWith != null);
    }

    RoomName room() {
        return room;
    }

    /** Subscribes, then learns where the room stands; events arriving in between are held, not lost. */
    void start(Fanout fanout) {
        synchronized (lock) {
            if (cursor >= 0) {
                return;
            }
            if (subscription == null) {
                subscription = fanout.subscribe(ChatEvent.roomTopic(room), new Fanout.Subscriber() {
                    @Override
                    public void onEvent(ChatEvent event) {
                        RoomHub.this.onEvent(event);
                    }

                    @Override
                    public void onPossibleLoss() {
                        worker.execute(RoomHub.this::catchUp);
                        worker.execute(() -> onPossibleLoss.accept(RoomHub.this));
                    }
                });
            }
            cursor = store.latestPosition(room);
            releaseInOrder();
        }
    }

    void stop() {
        synchronized (lock) {
            if (subscription != null) {
                subscription.close();
                subscription = null;
            }
        }
    }

    /**
     * Adds a member and returns the last position the hub has delivered. A member that comes
     * after the room was closed is told so at once (it sees the event after its {@code joined}).
     */
    long attach(Membership member) {
        synchronized (lock) {
            if (closedWith != null) {
                member.offer(closedWith);
            } else {
                members.add(member);
            }
            return cursor;
        }
    }

    boolean isClosed() {
        synchronized (lock) {
            return closedWith != null;
        }
    }

    void detach(Membership member) {
        synchronized (lock) {
            members.remove(member);
        }
    }

    private void onEvent(ChatEvent event) {
        if (event instanceof ChatEvent.MessagePosted posted) {
            onEntry(posted.message());
        } else if (event instanceof ChatEvent.MessageChanged changed) {
            onEntry(changed.change());
        } else if (event instanceof ChatEvent.PresenceChanged p) {
            presence.changed(p.user(), p.online());
        } else if (event instanceof ChatEvent.Typing t) {
            broadcast(new LiveEvent.TypingUpdate(t.room(), t.user(), t.stop()), EVERYONE);
        } else if (event instanceof ChatEvent.RoomClosed c) {
            onClosed(c);
        } else if (event instanceof ChatEvent.MemberRemoved r) {
            removed(r.user());
            presence.changed(r.user(), false); // to the others: not in the room any more
        }
    }

    /**
     * Who a joining member is told is online: what the hub has told its members so far, or, the first time,
     * {@code fresh} (just read from the presence store), which becomes the hub's starting point. Every member is
     * told the same, so that a later {@link #reconcile} corrects every member alike. The joiner is online
     * whatever the hub was told before (a late goodbye of an older connection of theirs, say): they are in
     * the list, and members who were told otherwise are told so now, since nobody hears of their own comings
     * and goings and no later correction would reach the joiner.
     */
    List<Username> onlineForJoin(List<Username> fresh, Username joiner) {
        return presence.forJoin(fresh, joiner);
    }

    /**
     * Who is online now, read from the presence store after events may have been lost: every difference from
     * what the members were told is passed on as a presence change.
     */
    void reconcile(List<Username> users) {
        presence.reconcile(users);
    }

    /** The user is a member no more: the room's closing is their last event here, as on every node. */
    void removed(Username user) {
        broadcast(new LiveEvent.RoomClosed(room, null), m -> m.user().equals(user));
    }

    private void broadcast(LiveEvent event, Predicate<Membership> to) {
        synchronized (lock) {
            if (closedWith != null) {
                return;
            }
            for (Membership member : members) {
                if (to.test(member)) {
                    member.offer(event);
                }
            }
        }
    }

    private void onEntry(Entry entry) {
        synchronized (lock) {
            if (closedWith != null || (cursor >= 0 && entry.position() <= cursor)) {
                return;
            }
            early.put(entry.position(), entry);
            if (cursor >= 0) {
                releaseInOrder();
            }
        }
    }

    private void onClosed(ChatEvent.RoomClosed event) {
        synchronized (lock) {
            if (closedWith != null) {
                return;
            }
            closedWith = new LiveEvent.RoomClosed(event.room(), event.renamedTo());
            for (Membership member : members) {
                member.offer(closedWith);
            }
            early.clear();
        }
        worker.execute(() -> onClosed.accept(this));
    }

    /**
     * The fan-out may have lost messages (it was cut off and is back): whatever the store has beyond what
     * this hub delivered is read and delivered, even if no later message ever arrives to reveal the gap.
     */
    private void catchUp() {
        synchronized (lock) {
            if (subscription == null || closedWith != null) {
                return;
            }
        }
        long latest;
        try {
            latest = store.latestPosition(room);
        } catch (RuntimeException e) {
            log.warn("Could not learn where {} stands after a fan-out interruption; retrying: {}", room, e.toString());
            scheduler.schedule(() -> worker.execute(this::catchUp), 1, TimeUnit.SECONDS);
            return;
        }
        synchronized (lock) {
            if (subscription == null || cursor < 0) {
                return;
            }
            catchUpTo = Math.max(catchUpTo, latest);
            releaseInOrder();
        }
    }

    /**
     * The store was seen to hold message {@code id}: if this hub has not delivered that far, it reads where the
     * store stands and catches up (the publish of the newest messages was lost, or is still on its way, in
     * which case the read is merely early).
     */
    void storeReached(long id) {
        synchronized (lock) {
            if (subscription == null || closedWith != null || cursor < 0 || id <= cursor) {
                return;
            }
        }
        worker.execute(this::catchUp);
    }

    /**
     * Delivers every held entry that is next in line, passing over positions the store showed to hold nothing to
     * deliver; schedules a store read if one is missing. Holds the lock.
     */
    private void releaseInOrder() {
        if (closedWith != null) {
            return;
        }
        early.headMap(cursor, true).clear();
        while (true) {
            long nextHeld = early.isEmpty() ? Long.MAX_VALUE : early.firstKey();
            if (settled > cursor && nextHeld > cursor + 1) {
                // Every position between here and the next held entry, up to what the store showed, holds nothing.
                cursor = Math.min(settled, nextHeld - 1);
            } else if (nextHeld == cursor + 1) {
                Entry next = early.pollFirstEntry().getValue();
                cursor = next.position();
                deliver(next);
            } else {
                break;
            }
        }
        boolean behind = !early.isEmpty() || catchUpTo > cursor;
        if (!behind) {
            fillBackoffMs = FILL_DELAY_MS;
        } else if (!fillScheduled) {
            fillScheduled = true;
            scheduler.schedule(() -> worker.execute(this::fill), fillBackoffMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Passes an entry on: a change as a change, a message in the state the entry holds. */
    private void deliver(Entry entry) {
        broadcast(
                entry instanceof Change c ? new LiveEvent.Changed(c) : new LiveEvent.Delivered((Message) entry),
                EVERYONE);
    }

    private void fill() {
        long from;
        long upTo;
        synchronized (lock) {
            fillScheduled = false;
            boolean nothingToRead = early.isEmpty() && catchUpTo <= cursor;
            if (nothingToRead || subscription == null || closedWith != null) {
                return;
            }
            from = cursor;
            // Every position up to upTo is stored (a later one exists), so the read below accounts for each of them.
            upTo = catchUpTo;
            if (!early.isEmpty()) {
                upTo = Math.max(upTo, early.firstKey() - 1);
            }
        }
        try {
            read(from, upTo);
        } catch (RuntimeException e) {
            log.warn("Could not read missed entries of {} from the store; retrying: {}", room, e.toString());
            synchronized (lock) {
                fillBackoffMs = Math.min(fillBackoffMs * 2, 5_000);
                if (!fillScheduled) {
                    fillScheduled = true;
                    scheduler.schedule(() -> worker.execute(this::fill), fillBackoffMs, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    /**
     * Delivers, before it returns, what the store holds up to {@code position} that the hub has not delivered yet: a
     * client that has seen that far (on another node) is about to be attached, and from then on every read the hub
     * makes starts at or past its position. Called on a joining caller's thread; throws when the store cannot be read.
     */
    void reach(long position) {
        synchronized (lock) {
            if (cursor < 0 || cursor >= position || closedWith != null) {
                return;
            }
        }
        // Never past what the store holds: a client may name any position.
        long target = Math.min(position, store.latestPosition(room));
        while (true) {
            long from;
            synchronized (lock) {
                if (cursor >= target || closedWith != null) {
                    return;
                }
                from = cursor;
            }
            read(from, target);
        }
    }

    /**
     * Reads the entries after {@code from}, every position up to {@code upTo} being stored, and delivers them, unless
     * the hub moved past {@code from} meanwhile: the read gives the messages after {@code from} as they are now,
     * folding later changes into them, which is exact only for members that have seen no further than {@code from}.
     * Then another read is scheduled from where the hub is.
     */
    private void read(long from, long upTo) {
        int limit = (int) Math.max(1, Math.min(FILL_BATCH, upTo - from));
        List<Entry> missing = store.after(room, from, limit);
        synchronized (lock) {
            if (cursor != from) {
                releaseInOrder();
                return;
            }
            for (Entry e : missing) {
                early.put(e.position(), e);
            }
            // The store skips positions with nothing to deliver: a short page means none is missing up to upTo, a
            // full one means none up to its last entry.
            long accountedFor = missing.size() < limit
                    ? upTo
                    : missing.get(missing.size() - 1).position();
            settled = Math.max(settled, accountedFor);
            releaseInOrder();
        }
    }
}
