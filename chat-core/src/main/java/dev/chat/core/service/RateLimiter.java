package dev.chat.core.service;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per user: {@code perWindow} messages per 10 s, refilled continuously, so a burst of
 * {@code perWindow} is allowed and the long-run rate is {@code perWindow / 10 s}. Zero turns it off.
 */
final class RateLimiter {

    private static final long WINDOW_NANOS = 10_000_000_000L;
    private static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final int perWindow;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(Clock clock, int perWindow) {
        this.clock = clock;
        this.perWindow = perWindow;
    }

    /** Takes one message from the user's allowance; empty when allowed, else how long until the next one is. */
    Optional<Duration> tryAcquire(String user) {
        if (perWindow == 0) {
            return Optional.empty();
        }
        long now = clock.millis() * 1_000_000L;
        if (buckets.size() > MAX_TRACKED) {
            forgetIdle(now);
        }
        Bucket bucket = buckets.computeIfAbsent(user, u -> new Bucket(perWindow, now));
        synchronized (bucket) {
            double refill = (now - bucket.updatedNanos) * (double) perWindow / WINDOW_NANOS;
            bucket.tokens = Math.min(perWindow, bucket.tokens + Math.max(0, refill));
            bucket.updatedNanos = Math.max(bucket.updatedNanos, now);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Optional.empty();
            }
            long waitNanos = (long) Math.ceil((1 - bucket.tokens) * WINDOW_NANOS / perWindow);
            return Optional.of(Duration.ofMillis(Math.max(1, (waitNanos + 999_999) / 1_000_000)));
        }
    }

    /** A user whose bucket has refilled is indistinguishable from one never seen: drop it. */
    private void forgetIdle(long now) {
        buckets.entrySet().removeIf(e -> {
            Bucket b = e.getValue();
            synchronized (b) {
                return now - b.updatedNanos >= WINDOW_NANOS;
            }
        });
    }

    /** Gives back what {@link #tryAcquire} took, for a send that turned out to be a resend. */
    void refund(String user) {
        Bucket bucket = buckets.get(user);
        if (bucket != null) {
            synchronized (bucket) {
                bucket.tokens = Math.min(perWindow, bucket.tokens + 1);
            }
        }
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long updatedNanos) {
            this.tokens = tokens;
            this.updatedNanos = updatedNanos;
        }
    }
}
