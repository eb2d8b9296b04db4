package dev.chat.core.service;

import dev.chat.core.domain.ChatEvent;
import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import dev.chat.core.port.out.Fanout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Turns a client's stream of "typing" calls into at most two events per burst: a start, and a stop when
 * the user sends, says stop, leaves, or goes quiet for the TTL. A new start is published at most once per
 * {@code minInterval} per user and room, so flapping clients cannot flood a room.
 */
final class TypingTracker {

    private final Fanout fanout;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Duration ttl;
    private final Duration minInterval;
    private final Map<Key, State> states = new HashMap<>();

    TypingTracker(Fanout fanout, Clock clock, ScheduledExecutorService scheduler, Duration ttl, Duration minInterval) {
        this.fanout = fanout;
        this.clock = clock;
        this.scheduler = scheduler;
        this.ttl = ttl;
        this.minInterval = minInterval;
    }

    // Events are published while the lock is held, so that a start and its stop cannot swap places.

    synchronized void typing(RoomName room, Username user) {
        Key key = new Key(room, user);
        Instant now = clock.instant();
        State state = states.computeIfAbsent(key, k -> new State());
        state.expiresAt = now.plus(ttl);
        if (state.active) {
            return;
        }
        if (state.lastStart != null && now.isBefore(state.lastStart.plus(minInterval))) {
            return;
        }
        state.active = true;
        state.lastStart = now;
        scheduleExpiry(key, ttl);
        fanout.publish(new ChatEvent.Typing(room, user, false));
    }

    synchronized void stopped(RoomName room, Username user) {
        State state = states.get(new Key(room, user));
        if (state == null || !state.active) {
            return;
        }
        state.active = false;
        fanout.publish(new ChatEvent.Typing(room, user, true));
    }

    private void scheduleExpiry(Key key, Duration delay) {
        scheduler.schedule(() -> expire(key), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    private synchronized void expire(Key key) {
        Instant now = clock.instant();
        State state = states.get(key);
        if (state == null) {
            return;
        }
        if (!state.active) {
            if (state.lastStart == null || !now.isBefore(state.lastStart.plus(minInterval))) {
                states.remove(key);
            } else {
                scheduleExpiry(key, Duration.between(now, state.lastStart.plus(minInterval)));
            }
            return;
        }
        if (now.isBefore(state.expiresAt)) {
            scheduleExpiry(key, Duration.between(now, state.expiresAt));
            return;
        }
        states.remove(key);
        fanout.publish(new ChatEvent.Typing(key.room, key.user, true));
    }

    private record Key(RoomName room, Username user) {}

    private static final class State {
        boolean active;
        Instant lastStart;
        Instant expiresAt;
    }
}
