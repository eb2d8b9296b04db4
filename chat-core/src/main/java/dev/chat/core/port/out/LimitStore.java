package dev.chat.core.port.out;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The counters behind the server's limits, by key (a user, an address, a name). Shared by every node when
 * the implementation is (Redis), so that a client spread over several nodes gets the limit it would get on
 * one; kept in the node's memory otherwise. Every method is quick and never blocks for long: an
 * implementation that cannot reach shared state answers from its own node's.
 */
public interface LimitStore {

    /**
     * Takes one unit of a token bucket that holds {@code rate.count()} and refills at that many per
     * {@code rate.per()}: empty when allowed, else how long until one unit is there again (nothing taken).
     */
    Optional<Duration> take(String key, Rate rate);

    /** Puts back a unit {@link #take} took, for an action that turned out not to count. */
    void giveBack(String key, Rate rate);

    /**
     * Starts an attempt that counts as a failure until {@link #clearAttempts} says otherwise: empty when it
     * may go ahead, else how long it must still wait. After {@code backoff.free()} failures each further
     * one makes the next attempt wait {@code backoff.first()}, doubling up to {@code backoff.max()}.
     */
    Optional<Duration> beginAttempt(String key, Backoff backoff);

    /** The attempts of {@code key} succeeded: its failures are forgotten. */
    void clearAttempts(String key);

    /** Remembers {@code key} for {@code ttl}. */
    void remember(String key, Duration ttl);

    /** Whether {@code key} was remembered and has not expired. */
    boolean remembers(String key);

    /**
     * Holds one of at most {@code max} places under {@code key} (one live connection, say) until the hold is
     * closed; empty when all are taken. A node that dies without closing its holds loses them within a
     * minute or so, where the store is shared.
     */
    Optional<Hold> hold(String key, int max);

    /**
     * A place taken by {@link #hold}; closing it twice is harmless. Closing never blocks: the place is free on
     * this node at once, and on the other nodes of a shared store as soon as the store has the close (a round
     * trip later).
     */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** {@code count} per {@code per}: the bucket's size and how fast it refills. */
    record Rate(int count, Duration per) {
        public Rate {
            Objects.requireNonNull(per, "per");
            if (count < 1 || per.isNegative() || per.isZero()) {
                throw new IllegalArgumentException("a rate is a positive count per a positive time");
            }
        }
    }

    /** {@code free} failures without a wait, then waits of {@code first}, doubling up to {@code max}. */
    record Backoff(int free, Duration first, Duration max) {
        public Backoff {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(max, "max");
            if (free < 0) {
                throw new IllegalArgumentException("free must not be negative");
            }
        }

        /** The wait after {@code failures} failures, or zero while they are free. */
        public Duration waitAfter(int failures) {
            if (failures < free) {
                return Duration.ZERO;
            }
            int doublings = Math.min(failures - free, 30);
            Duration wait = first.multipliedBy(1L << doublings);
            return wait.compareTo(max) > 0 ? max : wait;
        }
    }
}
