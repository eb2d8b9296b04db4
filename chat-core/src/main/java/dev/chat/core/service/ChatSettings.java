package dev.chat.core.service;

import dev.chat.core.domain.RoomName;
import dev.chat.core.domain.Username;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The core's policy knobs, with the defaults a server starts with.
 *
 * @param sessionIdleTimeout how long an unused session stays valid
 * @param guestsAllowed whether "continue as guest" is offered
 * @param defaultRooms rooms created at first start
 * @param admins users with the admin role
 * @param rateLimitPer10s messages one user may post per 10 s; 0 turns the limit off
 * @param recoveryLimit the most missed messages replayed on join before a {@code gap} is sent instead
 * @param typingTtl how long a typing indicator lasts unless renewed
 * @param typingMinInterval the shortest time between two "started typing" events of one user in one room
 */
public record ChatSettings(
        Duration sessionIdleTimeout,
        boolean guestsAllowed,
        List<RoomName> defaultRooms,
        Set<Username> admins,
        int rateLimitPer10s,
        int recoveryLimit,
        Duration typingTtl,
        Duration typingMinInterval) {

    public ChatSettings {
        Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        defaultRooms = List.copyOf(defaultRooms);
        admins = Set.copyOf(admins);
        Objects.requireNonNull(typingTtl, "typingTtl");
        Objects.requireNonNull(typingMinInterval, "typingMinInterval");
        if (sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero()) {
            throw new IllegalArgumentException("sessionIdleTimeout must be positive");
        }
        if (rateLimitPer10s < 0) {
            throw new IllegalArgumentException("rateLimitPer10s must be 0 (off) or positive");
        }
        if (recoveryLimit < 1) {
            throw new IllegalArgumentException("recoveryLimit must be positive");
        }
    }

    public static ChatSettings defaults() {
        return new ChatSettings(Duration.ofDays(30), false, List.of(new RoomName("general")), Set.of(), 20, 500,
                Duration.ofSeconds(6), Duration.ofSeconds(1));
    }

    public ChatSettings withSessionIdleTimeout(Duration value) {
        return new ChatSettings(value, guestsAllowed, defaultRooms, admins, rateLimitPer10s, recoveryLimit,
                typingTtl, typingMinInterval);
    }

    public ChatSettings withGuestsAllowed(boolean value) {
        return new ChatSettings(sessionIdleTimeout, value, defaultRooms, admins, rateLimitPer10s, recoveryLimit,
                typingTtl, typingMinInterval);
    }

    public ChatSettings withDefaultRooms(List<RoomName> value) {
        return new ChatSettings(sessionIdleTimeout, guestsAllowed, value, admins, rateLimitPer10s, recoveryLimit,
                typingTtl, typingMinInterval);
    }

    public ChatSettings withAdmins(Set<Username> value) {
        return new ChatSettings(sessionIdleTimeout, guestsAllowed, defaultRooms, value, rateLimitPer10s,
                recoveryLimit, typingTtl, typingMinInterval);
    }

    public ChatSettings withRateLimitPer10s(int value) {
        return new ChatSettings(sessionIdleTimeout, guestsAllowed, defaultRooms, admins, value, recoveryLimit,
                typingTtl, typingMinInterval);
    }

    public ChatSettings withRecoveryLimit(int value) {
        return new ChatSettings(sessionIdleTimeout, guestsAllowed, defaultRooms, admins, rateLimitPer10s, value,
                typingTtl, typingMinInterval);
    }

    public ChatSettings withTyping(Duration ttl, Duration minInterval) {
        return new ChatSettings(sessionIdleTimeout, guestsAllowed, defaultRooms, admins, rateLimitPer10s,
                recoveryLimit, ttl, minInterval);
    }
}
