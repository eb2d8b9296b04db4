package dev.chat.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One room on the connection: delivers each of its messages and each change to them once, in position order, across
 * reconnects. A followed room never seen is first read with {@code history} and then joined with {@code after} = the
 * newest id read; it is rejoined after every reconnect with {@code after} = its position (the largest message id and
 * change seq received, {@link RoomView}). A {@code gap} reloads the newest page, says what was skipped, and holds
 * back live frames until then. Used on the client's own thread only.
 */
final class RoomFeed {

    static final long RETRY_ROOM_MS = 1_000;
    private static final int GAP_PAGE = 50;

    private enum Phase {
        IDLE,
        LOADING,
        JOINING,
        JOINED
    }

    final String name;
    final boolean follow;
    final int history;
    final Outbox outbox;
    private final Wire wire;
    private final ScheduledExecutorService loop;
    private final ChatListener listener;
    private final TreeSet<String> online = new TreeSet<>();
    private final List<Message> loaded = new ArrayList<>();
    /** Live frames that came while the newest page is read again after a gap, to apply after it, in order. */
    private final List<Runnable> held = new ArrayList<>();

    private final RoomView view;
    private Phase phase = Phase.IDLE;
    private boolean refilling;
    private boolean gone;

    RoomFeed(String name, boolean follow, int history, Wire wire, ScheduledExecutorService loop, ChatListener l) {
        this.name = name;
        this.follow = follow;
        this.history = history;
        this.wire = wire;
        this.loop = loop;
        this.listener = l;
        this.outbox = new Outbox(name, wire, loop, l);
        this.view = new RoomView(name, follow ? Math.max(RoomView.KEPT, history) : 0);
    }

    /** The same room under a new name: the messages kept their ids, so it goes on from the same place. */
    RoomFeed renamed(String to) {
        RoomFeed moved = new RoomFeed(to, follow, history, wire, loop, listener);
        view.moveTo(moved.view);
        outbox.moveTo(moved.outbox);
        return moved;
    }

    /** A followed room never seen is read first, then joined after what was read; others are joined at once. */
    void begin() {
        if (follow && !view.started()) {
            phase = Phase.LOADING;
            loaded.clear();
            wire.send(Frames.history(name, null, Math.min(100, Math.max(1, history))));
        } else {
            phase = Phase.JOINING;
            wire.send(Frames.join(name, follow ? view.position() : null));
        }
    }

    /** The socket is gone: the room must be joined again on the next one. */
    void dropped() {
        phase = Phase.IDLE;
        outbox.closed();
        loaded.clear();
        refilling = false;
        held.clear();
    }

    /** The room is left or closed: nothing more is sent or scheduled for it. */
    void forget() {
        gone = true;
        outbox.cancel();
    }

    boolean joinedNow() {
        return phase == Phase.JOINED;
    }

    List<String> online() {
        return List.copyOf(online);
    }

    /** The room's position: the largest message id and change seq received; -1 before anything. */
    long position() {
        return view.position();
    }

    /** The messages held of a followed room, oldest first, as they are now. */
    List<Message> messages() {
        return view.messages();
    }

    void joined(List<String> users) {
        if (phase != Phase.JOINING) {
            return;
        }
        phase = Phase.JOINED;
        online.clear();
        online.addAll(users);
        wire.joinedRoom();
        listener.joined(name, List.copyOf(online));
        outbox.opened();
    }

    void message(Message m, boolean mine) {
        if (mine) {
            outbox.settle(m.clientId(), m.id(), m.ts());
        }
        if (refilling) {
            held.add(() -> deliver(m));
        } else {
            deliver(m);
        }
    }

    /** An {@code edited}, {@code deleted} or {@code reactions} frame. */
    void change(MessageChange change) {
        if (refilling) {
            held.add(() -> apply(change));
        } else {
            apply(change);
        }
    }

    void presence(String user, boolean isOnline) {
        if (isOnline) {
            online.add(user);
        } else {
            online.remove(user);
        }
        listener.presence(name, user, isOnline);
    }

    void gap() {
        if (phase == Phase.JOINED && follow) {
            refilling = true;
            held.clear();
            wire.send(Frames.history(name, null, GAP_PAGE));
        }
    }

    /** A page of history, newest first: the first read of the room, or the refill after a gap. */
    void history(List<Message> page, boolean more) {
        if (phase == Phase.LOADING) {
            loaded.addAll(page);
            if (loaded.size() < history && more && !page.isEmpty()) {
                long oldest = page.get(page.size() - 1).id();
                wire.send(Frames.history(name, oldest, Math.min(100, history - loaded.size())));
                return;
            }
            long newest = loaded.isEmpty() ? 0 : loaded.get(0).id();
            List<Message> shown = new ArrayList<>(loaded.subList(0, Math.min(history, loaded.size())));
            Collections.reverse(shown);
            loaded.clear();
            view.readUpTo(newest);
            for (Message m : shown) {
                view.hold(m);
                listener.message(m, true);
            }
            begin();
        } else if (phase == Phase.JOINED && refilling) {
            long before = view.position();
            view.refresh(page, listener);
            List<Message> fresh = new ArrayList<>(page);
            Collections.reverse(fresh);
            fresh.removeIf(m -> m.id() <= before);
            if (!fresh.isEmpty() && before >= 0 && fresh.get(0).id() > before + 1) {
                listener.missed(name, before + 1, fresh.get(0).id() - 1);
            }
            for (Message m : fresh) {
                deliver(m);
            }
            refilling = false;
            held.forEach(Runnable::run);
            held.clear();
        }
    }

    /**
     * An error frame about this room without a {@code ref}: true when it was an answer to the room's own
     * history or join (failed for good, or asked again in a moment), false when it is for the user to read.
     */
    boolean failed(String code, String message) {
        boolean asking = phase == Phase.LOADING || phase == Phase.JOINING || refilling;
        if (asking && (code.equals("no_such_room") || code.equals("invalid_room"))) {
            forget();
            listener.roomFailed(name, code, message);
            return true;
        }
        if (asking && (code.equals("unavailable") || code.equals("internal"))) {
            // The store did not answer a read or a join: ask again in a moment, on the same socket.
            Object socket = wire.socket();
            loop.schedule(() -> askAgain(socket), RETRY_ROOM_MS, TimeUnit.MILLISECONDS);
            return true;
        }
        return code.equals("unauthorized");
    }

    boolean isGone() {
        return gone;
    }

    private void askAgain(Object socket) {
        if (gone || wire.socket() != socket) {
            return;
        }
        if (refilling) {
            wire.send(Frames.history(name, null, GAP_PAGE));
        } else if (phase != Phase.JOINED) {
            begin();
        }
    }

    private void deliver(Message m) {
        if (view.message(m) && follow) {
            listener.message(m, false);
        }
    }

    /** Changes are reported for followed rooms only, as their messages are; each once, by its seq. */
    private void apply(MessageChange change) {
        if (!view.change(change) || !follow) {
            return;
        }
        if (change instanceof MessageChange.Edited e) {
            listener.edited(e);
        } else if (change instanceof MessageChange.ReactionsChanged r) {
            listener.reactionsChanged(r);
        } else {
            listener.deleted(name, change.id());
        }
    }
}
