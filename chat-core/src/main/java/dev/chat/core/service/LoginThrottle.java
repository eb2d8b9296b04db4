package dev.chat.core.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing per account name: after {@value #FREE_FAILURES} failures each further
 * attempt must wait 1 s, 2 s, 4 s, … up to 15 minutes. Unknown names are throttled exactly like known
 * ones, so the throttle itself reveals nothing. Kept per node, in a bounded map.
 */
final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    private static final Duration MAX_DELAY = Duration.ofMinutes(15);
    private static final int MAX_TRACKED = 100_000;

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this name must still wait before the next attempt, if it must. */
    synchronized Optional<Duration> waitFor(String name) {
        Failures f = failures.get(name);
        if (f == null || f.notBefore == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), f.notBefore);
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    synchronized void failed(String name) {
        Failures f = failures.computeIfAbsent(name, n -> new Failures());
        f.count++;
        if (f.count >= FREE_FAILURES) {
            int doublings = Math.min(f.count - FREE_FAILURES, 20);
            Duration delay = Duration.ofSeconds(1L << doublings);
            f.notBefore = clock.instant().plus(delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay);
        }
    }

    synchronized void succeeded(String name) {
        failures.remove(name);
    }

    private static final class Failures {
        int count;
        Instant notBefore;
    }
}
