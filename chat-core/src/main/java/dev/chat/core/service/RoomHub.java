package dev.chat.core.service;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.Message;
import dev.chat.core.domain.RoomName;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.out.Fanout;
import dev.chat.core.port.out.MessageStore;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's live feed on this node. It turns the fan-out's best-effort stream into a gap-free,
 * in-order one: message ids are consecutive, so a message that arrives early is held until the ones
 * before it are there, and any that the fan-out lost or delayed are read back from the store.
 * Every member then sees each message once, in id order.
 */
final class RoomHub {

    private static final Logger log = LoggerFactory.getLogger(RoomHub.class);
    /** How long an early message waits for the ones before it before they are read from the store. */
    static final long FILL_DELAY_MS = 50;
    private static final int FILL_BATCH = 500;

    private final RoomName room;
    private final MessageStore store;
    private final Executor worker;
    private final ScheduledExecutorService scheduler;
    private final Object lock = new Object();
    private final TreeMap<Long, Message> early = new TreeMap<>();
    private final List<Membership> members = new ArrayList<>();
    private Fanout.Subscription subscription;
    private long cursor = -1;
    /** After a possible loss in the fan-out: the store position the hub must reach by reading the store. */
    private long catchUpTo;
    private boolean fillScheduled;
    private long fillBackoffMs = FILL_DELAY_MS;
    int refs;

    RoomHub(RoomName room, MessageStore store, Executor worker, ScheduledExecutorService scheduler) {
        this.room = room;
        this.store = store;
        this.worker = worker;
        this.scheduler = scheduler;
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
                    }
                });
            }
            cursor = store.latestId(room);
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

    /** Adds a member and returns the id of the last message the hub has delivered. */
    long attach(Membership member) {
        synchronized (lock) {
            members.add(member);
            return cursor;
        }
    }

    void detach(Membership member) {
        synchronized (lock) {
            members.remove(member);
        }
    }

    private void onEvent(ChatEvent event) {
        if (event instanceof ChatEvent.MessagePosted posted) {
            onMessage(posted.message());
        } else if (event instanceof ChatEvent.PresenceChanged p) {
            broadcast(new LiveEvent.PresenceUpdate(p.room(), p.user(), p.online()));
        } else if (event instanceof ChatEvent.Typing t) {
            broadcast(new LiveEvent.TypingUpdate(t.room(), t.user(), t.stop()));
        }
    }

    private void broadcast(LiveEvent event) {
        synchronized (lock) {
            for (Membership member : members) {
                member.offer(event);
            }
        }
    }

    private void onMessage(Message message) {
        synchronized (lock) {
            if (cursor >= 0 && message.id() <= cursor) {
                return;
            }
            early.put(message.id(), message);
            if (cursor >= 0) {
                releaseInOrder();
            }
        }
    }

    /**
     * The fan-out may have lost messages (it was cut off and is back): whatever the store has beyond what
     * this hub delivered is read and delivered, even if no later message ever arrives to reveal the gap.
     */
    private void catchUp() {
        synchronized (lock) {
            if (subscription == null) {
                return;
            }
        }
        long latest;
        try {
            latest = store.latestId(room);
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

    /** Delivers every held message that is next in line; schedules a store read if one is missing. Holds the lock. */
    private void releaseInOrder() {
        early.headMap(cursor, true).clear();
        while (!early.isEmpty() && early.firstKey() == cursor + 1) {
            Message next = early.pollFirstEntry().getValue();
            cursor = next.id();
            LiveEvent event = new LiveEvent.Delivered(next);
            for (Membership member : members) {
                member.offer(event);
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

    private void fill() {
        long from;
        long upTo;
        synchronized (lock) {
            fillScheduled = false;
            if ((early.isEmpty() && catchUpTo <= cursor) || subscription == null) {
                return;
            }
            from = cursor;
            upTo = early.isEmpty() ? catchUpTo : early.firstKey() - 1;
        }
        try {
            List<Message> missing = store.after(room, from, (int) Math.min(FILL_BATCH, upTo - from));
            synchronized (lock) {
                for (Message m : missing) {
                    if (m.id() > cursor) {
                        early.put(m.id(), m);
                    }
                }
                if (missing.isEmpty()) {
                    fillBackoffMs = Math.min(fillBackoffMs * 2, 5_000);
                }
                releaseInOrder();
            }
        } catch (RuntimeException e) {
            log.warn("Could not read missed messages of {} from the store; retrying: {}", room, e.toString());
            synchronized (lock) {
                fillBackoffMs = Math.min(fillBackoffMs * 2, 5_000);
                if (!fillScheduled) {
                    fillScheduled = true;
                    scheduler.schedule(() -> worker.execute(this::fill), fillBackoffMs, TimeUnit.MILLISECONDS);
                }
            }
        }
    }
}
