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

    /**
     * Starts an attempt: how long the name must still wait, or empty when it may go ahead. An attempt
     * that goes ahead counts as a failure until {@link #succeeded} says otherwise, so guesses sent in
     * parallel are throttled as if they came one after another.
     */
    synchronized Optional<Duration> tryBegin(String name) {
        Instant now = clock.instant();
        Failures f = failures.get(name);
        if (f != null && f.notBefore != null && now.isBefore(f.notBefore)) {
            return Optional.of(Duration.between(now, f.notBefore));
        }
        if (f == null) {
            f = new Failures();
            failures.put(name, f);
        }
        f.count++;
        if (f.count >= FREE_FAILURES) {
            int doublings = Math.min(f.count - FREE_FAILURES, 20);
            Duration delay = Duration.ofSeconds(1L << doublings);
            f.notBefore = now.plus(delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay);
        }
        return Optional.empty();
    }

    synchronized void succeeded(String name) {
        failures.remove(name);
    }

    private static final class Failures {
        int count;
        Instant notBefore;
    }
}
