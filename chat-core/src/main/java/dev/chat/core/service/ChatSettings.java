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
 * @param admins users with the admin role, once their accounts were made by the operator
 * @param rateLimitPer10s messages one user (and all guests of one address together) may post per 10 s; 0
 *                        turns the limit off
 * @param recoveryLimit the most missed messages replayed on join before a {@code gap} is sent instead
 * @param typingTtl how long a typing indicator lasts unless renewed
 * @param typingMinInterval the shortest time between two "started typing" events of one user in one room
 * @param limits how much one user, address or connection may hold or do
 */
public record ChatSettings(
        Duration sessionIdleTimeout,
        boolean guestsAllowed,
        List<RoomName> defaultRooms,
        Set<Username> admins,
        int rateLimitPer10s,
        int recoveryLimit,
        Duration typingTtl,
        Duration typingMinInterval,
        Limits limits) {

    public ChatSettings {
        Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        defaultRooms = List.copyOf(defaultRooms);
        admins = Set.copyOf(admins);
        Objects.requireNonNull(typingTtl, "typingTtl");
        Objects.requireNonNull(typingMinInterval, "typingMinInterval");
        Objects.requireNonNull(limits, "limits");
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
        return new ChatSettings(
                Duration.ofDays(30),
                false,
                List.of(new RoomName("general")),
                Set.of(),
                20,
                500,
                Duration.ofSeconds(6),
                Duration.ofSeconds(1),
                Limits.defaults());
    }

    /**
     * What one address, user or connection may do or hold; 0 turns a per-address limit or the rooms per user off.
     *
     * @param signupsPerAddressPerHour accounts that may be registered from one address in an hour
     * @param guestsPerAddressPerHour guest sessions one address may start in an hour
     * @param connectionsPerUser WebSockets one user may hold open (over every node, where limits are shared)
     * @param connectionsPerAddress WebSockets one address may hold open
     * @param roomsPerUser rooms one account may create (admins are not limited)
     * @param roomsPerConnection rooms one connection may be in at once
     */
    public record Limits(
            int signupsPerAddressPerHour,
            int guestsPerAddressPerHour,
            int connectionsPerUser,
            int connectionsPerAddress,
            int roomsPerUser,
            int roomsPerConnection) {

        public Limits {
            if (signupsPerAddressPerHour < 0
                    || guestsPerAddressPerHour < 0
                    || connectionsPerAddress < 0
                    || roomsPerUser < 0) {
                throw new IllegalArgumentException("limits must be 0 (off) or positive");
            }
            if (connectionsPerUser < 1 || roomsPerConnection < 1) {
                throw new IllegalArgumentException("connectionsPerUser and roomsPerConnection must be positive");
            }
        }

        public static Limits defaults() {
            return new Limits(10, 30, 50, 200, 50, 200);
        }

        /** Every per-address limit off and the rest as large as they go: for load tests from one machine. */
        public static Limits none() {
            return new Limits(0, 0, Integer.MAX_VALUE, 0, 0, Integer.MAX_VALUE);
        }

        public Limits withSignupsPerAddressPerHour(int value) {
            return new Limits(
                    value,
                    guestsPerAddressPerHour,
                    connectionsPerUser,
                    connectionsPerAddress,
                    roomsPerUser,
                    roomsPerConnection);
        }

        public Limits withGuestsPerAddressPerHour(int value) {
            return new Limits(
                    signupsPerAddressPerHour,
                    value,
                    connectionsPerUser,
                    connectionsPerAddress,
                    roomsPerUser,
                    roomsPerConnection);
        }

        public Limits withConnectionsPerUser(int value) {
            return new Limits(
                    signupsPerAddressPerHour,
                    guestsPerAddressPerHour,
                    value,
                    connectionsPerAddress,
                    roomsPerUser,
                    roomsPerConnection);
        }

        public Limits withConnectionsPerAddress(int value) {
            return new Limits(
                    signupsPerAddressPerHour,
                    guestsPerAddressPerHour,
                    connectionsPerUser,
                    value,
                    roomsPerUser,
                    roomsPerConnection);
        }

        public Limits withRoomsPerUser(int value) {
            return new Limits(
                    signupsPerAddressPerHour,
                    guestsPerAddressPerHour,
                    connectionsPerUser,
                    connectionsPerAddress,
                    value,
                    roomsPerConnection);
        }

        public Limits withRoomsPerConnection(int value) {
            return new Limits(
                    signupsPerAddressPerHour,
                    guestsPerAddressPerHour,
                    connectionsPerUser,
                    connectionsPerAddress,
                    roomsPerUser,
                    value);
        }
    }

    public ChatSettings withSessionIdleTimeout(Duration value) {
        return new ChatSettings(
                value,
                guestsAllowed,
                defaultRooms,
                admins,
                rateLimitPer10s,
                recoveryLimit,
                typingTtl,
                typingMinInterval,
                limits);
    }

    public ChatSettings withGuestsAllowed(boolean value) {
        return new ChatSettings(
                sessionIdleTimeout,
                value,
                defaultRooms,
                admins,
                rateLimitPer10s,
                recoveryLimit,
                typingTtl,
                typingMinInterval,
                limits);
    }

    public ChatSettings withDefaultRooms(List<RoomName> value) {
        return new ChatSettings(
                sessionIdleTimeout,
                guestsAllowed,
                value,
                admins,
                rateLimitPer10s,
                recoveryLimit,
                typingTtl,
                typingMinInterval,
                limits);
    }

    public ChatSettings withAdmins(Set<Username> value) {
        return new ChatSettings(
                sessionIdleTimeout,
                guestsAllowed,
                defaultRooms,
                value,
                rateLimitPer10s,
                recoveryLimit,
                typingTtl,
                typingMinInterval,
                limits);
    }

    public ChatSettings withRateLimitPer10s(int value) {
        return new ChatSettings(
                sessionIdleTimeout,
                guestsAllowed,
                defaultRooms,
                admins,
                value,
                recoveryLimit,
                typingTtl,
                typingMinInterval,
                limits);
    }

    public ChatSettings withRecoveryLimit(int value) {
        return new ChatSettings(
                sessionIdleTimeout,
                guestsAllowed,
                defaultRooms,
                admins,
                rateLimitPer10s,
                value,
                typingTtl,
                typingMinInterval,
                limits);
    }

    public ChatSettings withTyping(Duration ttl, Duration minInterval) {
        return new ChatSettings(
                sessionIdleTimeout,
                guestsAllowed,
                defaultRooms,
                admins,
                rateLimitPer10s,
                recoveryLimit,
                ttl,
                minInterval,
                limits);
    }

    public ChatSettings withLimits(Limits value) {
        return new ChatSettings(
                sessionIdleTimeout,
                guestsAllowed,
                defaultRooms,
                admins,
                rateLimitPer10s,
                recoveryLimit,
                typingTtl,
                typingMinInterval,
                value);
    }
}
