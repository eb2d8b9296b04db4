package dev.chat.core.service;

import dev.chat.core.domain.Message;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.in.Live;
import dev.chat.core.port.in.LiveEvent;
import dev.chat.core.port.out.Telemetry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's place in one room. While the connection is catching up, live events are held; when
 * it goes live they follow the replayed ones, and no message is ever passed on twice or backwards. A
 * {@link LiveEvent.RoomClosed} is the last event passed on; then the connection is told to let go. A
 * listener that fails on an event has lost it: nothing more is passed on, and the connection is told it is
 * broken (it is then closed, and its client recovers what it missed on reconnecting) rather than go on with
 * a hole in what it was given.
 */
final class Membership {

    private static final Logger log = LoggerFactory.getLogger(Membership.class);

    private final RoomName room;
    private final Username self;
    private final Live.Listener listener;
    private final RoomHub hub;
    private final Consumer<Membership> onRoomClosed;
    private final Consumer<Membership> onBroken;
    private final Telemetry telemetry;
    private List<LiveEvent> held = new ArrayList<>();
    private long seen;
    /** Messages passed on in a state newer than {@link #seen}, by id: the state's seq. */
    private final Map<Long, Long> aheadStates = new HashMap<>();

    private boolean closed;

    /**
     * {@code onRoomClosed} is called (without blocking) once the room's closing was passed on, {@code onBroken}
     * once the listener failed.
     */
    Membership(
            RoomHub hub,
            Username self,
            Live.Listener listener,
            Consumer<Membership> onRoomClosed,
            Consumer<Membership> onBroken,
            Telemetry telemetry) {
        this.telemetry = telemetry;
        this.room = hub.room();
        this.hub = hub;
        this.self = self;
        this.listener = listener;
        this.onRoomClosed = onRoomClosed;
        this.onBroken = onBroken;
    }

    RoomName room() {
        return room;
    }

    Username user() {
        return self;
    }

    RoomHub hub() {
        return hub;
    }

    /** Whether nothing more is passed on: the room was closed for the member, or its listener failed. */
    synchronized boolean isClosed() {
        return closed;
    }

    /** Called by the hub, in order. */
    synchronized void offer(LiveEvent event) {
        if (held != null) {
            held.add(event);
        } else {
            pass(event);
        }
    }

    /** Sends {@code joined}, the replay (or a gap), then everything held, and goes live. */
    synchronized void goLive(LiveEvent.Joined joined, long seenBefore, List<LiveEvent> replay) {
        seen = seenBefore;
        pass(joined);
        for (LiveEvent event : replay) {
            pass(event);
        }
        List<LiveEvent> waiting = held;
        held = null;
        for (LiveEvent event : waiting) {
            pass(event);
        }
    }

    /**
     * Moves past {@code position}: false when it was passed already, or when it brings a state of a message that is
     * no newer than one passed on (a replay read from the store can bring a state with later changes in it).
     */
    private boolean advance(long position, Message state) {
        if (position <= seen) {
            return false;
        }
        seen = position;
        if (!aheadStates.isEmpty()) {
            Long ahead = aheadStates.get(state.id());
            aheadStates.values().removeIf(seq -> seq <= position);
            if (ahead != null && ahead >= state.seq()) {
                return false;
            }
        }
        if (state.seq() > position) {
            aheadStates.put(state.id(), state.seq());
        }
        return true;
    }

    private void pass(LiveEvent event) {
        if (closed) {
            return;
        }
        if (event instanceof LiveEvent.Delivered d) {
            if (!advance(d.message().position(), d.message())) {
                return;
            }
            telemetry.delivered();
        } else if (event instanceof LiveEvent.Changed c) {
            if (!advance(c.change().position(), c.change().message())) {
                return;
            }
            telemetry.delivered();
        } else if (event instanceof LiveEvent.PresenceUpdate p && p.user().equals(self)) {
            return;
        } else if (event instanceof LiveEvent.TypingUpdate t && t.user().equals(self)) {
            return;
        }
        if (event instanceof LiveEvent.RoomClosed) {
            // Before the listener hears it: a client that was told the room is closed finds it closed.
            closed = true;
        }
        try {
            listener.onEvent(event);
        } catch (Throwable e) {
            // One broken listener must not stop the room for everyone else, nor go on with a hole.
            log.warn(
                    "A listener in {} failed on {}; its connection is closed",
                    room,
                    event.getClass().getSimpleName(),
                    e);
            closed = true;
            onBroken.accept(this);
            return;
        }
        if (event instanceof LiveEvent.RoomClosed) {
            onRoomClosed.accept(this);
        }
    }
}
