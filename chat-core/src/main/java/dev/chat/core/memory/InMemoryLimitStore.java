package dev.chat.core.memory;

import dev.chat.core.port.out.LimitStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The limits' counters in this process's memory: per node. Every table is bounded: past
 * {@value #MAX_ENTRIES} keys the least recently used is forgotten, which at worst gives that key a fresh
 * allowance (an attacker would need that many other keys of their own in play to reach it).
 */
public final class InMemoryLimitStore implements LimitStore {

    static final int MAX_ENTRIES = 100_000;

    private final Clock clock;
    private final Map<String, Bucket> buckets = lru();
    private final Map<String, Attempts> attempts = lru();
    private final Map<String, Instant> remembered = lru();
    private final ConcurrentHashMap<String, Integer> holds = new ConcurrentHashMap<>();

    public InMemoryLimitStore() {
        this(Clock.systemUTC());
    }

    public InMemoryLimitStore(Clock clock) {
        this.clock = clock;
    }

    private static <V> Map<String, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }

    /** How many keys the store tracks, all tables together (for tests of its bounds). */
    public synchronized int size() {
        return buckets.size() + attempts.size() + remembered.size() + holds.size();
    }

    @Override
    public synchronized Optional<Duration> take(String key, Rate rate) {
        long now = clock.millis();
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = new Bucket(rate.count(), now);
            buckets.put(key, bucket);
        }
        bucket.refill(rate, now);
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return Optional.empty();
        }
        double perToken = (double) rate.per().toMillis() / rate.count();
        long waitMillis = (long) Math.ceil((1 - bucket.tokens) * perToken);
        return Optional.of(Duration.ofMillis(Math.max(1, waitMillis)));
    }

    @Override
    public synchronized void giveBack(String key, Rate rate) {
        Bucket bucket = buckets.get(key);
        if (bucket != null) {
            bucket.tokens = Math.min(rate.count(), bucket.tokens + 1);
        }
    }

    @Override
    public synchronized Optional<Duration> beginAttempt(String key, Backoff backoff) {
        Instant now = clock.instant();
        Attempts a = attempts.get(key);
        if (a != null && a.notBefore != null && now.isBefore(a.notBefore)) {
            return Optional.of(Duration.between(now, a.notBefore));
        }
        if (a == null) {
            a = new Attempts();
            attempts.put(key, a);
        }
        a.failures++;
        Duration wait = backoff.waitAfter(a.failures);
        a.notBefore = wait.isZero() ? null : now.plus(wait);
        return Optional.empty();
    }

    @Override
    public synchronized void clearAttempts(String key) {
        attempts.remove(key);
    }

    @Override
    public synchronized void remember(String key, Duration ttl) {
        remembered.put(key, clock.instant().plus(ttl));
    }

    @Override
    public synchronized boolean remembers(String key) {
        Instant until = remembered.get(key);
        if (until == null) {
            return false;
        }
        if (!clock.instant().isBefore(until)) {
            remembered.remove(key);
            return false;
        }
        return true;
    }

    @Override
    public Optional<Hold> hold(String key, int max) {
        boolean[] taken = {false};
        holds.compute(key, (k, n) -> {
            int held = n == null ? 0 : n;
            if (held >= max) {
                return n;
            }
            taken[0] = true;
            return held + 1;
        });
        if (!taken[0]) {
            return Optional.empty();
        }
        AtomicBoolean released = new AtomicBoolean();
        return Optional.of(() -> {
            if (released.compareAndSet(false, true)) {
                holds.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
            }
        });
    }

    private static final class Bucket {
        double tokens;
        long updatedMillis;

        Bucket(double tokens, long updatedMillis) {
            this.tokens = tokens;
            this.updatedMillis = updatedMillis;
        }

        void refill(Rate rate, long now) {
            if (now > updatedMillis) {
                tokens = Math.min(
                        rate.count(),
                        tokens
                                + (now - updatedMillis)
                                        * (double) rate.count()
                                        / rate.per().toMillis());
                updatedMillis = now;
            }
        }
    }

    private static final class Attempts {
        int failures;
        Instant notBefore;
    }
}
