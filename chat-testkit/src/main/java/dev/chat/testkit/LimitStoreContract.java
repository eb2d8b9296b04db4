package dev.chat.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chat.core.memory.MutableClock;
import dev.chat.core.port.out.LimitStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LimitStore} must do, seen from two nodes of one deployment (the same handle twice for a
 * store that lives in one process); an implementation's test extends this and supplies the nodes.
 */
public abstract class LimitStoreContract {

    private static final LimitStore.Rate FIVE_PER_10S = new LimitStore.Rate(5, Duration.ofSeconds(10));
    private static final LimitStore.Backoff BACKOFF =
            new LimitStore.Backoff(3, Duration.ofSeconds(1), Duration.ofSeconds(8));

    protected final MutableClock clock = new MutableClock(Instant.parse("2030-01-02T03:04:05Z"));
    private LimitStore a;
    private LimitStore b;

    /** Node {@code i} (0 or 1) of one deployment on {@code clock}, the same handle for the same {@code i}. */
    protected abstract LimitStore node(int i, Clock clock);

    /** Keys unique to this test, for stores that outlive it. */
    protected String key(String name) {
        return name;
    }

    @BeforeEach
    void connectNodes() {
        a = node(0, clock);
        b = node(1, clock);
    }

    @Test
    void a_bucket_allows_a_burst_of_its_size_then_says_how_long_to_wait() {
        String key = key("bucket");
        for (int i = 0; i < 5; i++) {
            assertThat(a.take(key, FIVE_PER_10S)).as("take %d", i + 1).isEmpty();
        }
        Optional<Duration> wait = a.take(key, FIVE_PER_10S);
        assertThat(wait).as("the sixth").isPresent();
        assertThat(wait.get()).isBetween(Duration.ofMillis(1_900), Duration.ofMillis(2_000));
    }

    @Test
    void a_bucket_refills_at_its_rate() {
        String key = key("refill");
        for (int i = 0; i < 5; i++) {
            a.take(key, FIVE_PER_10S);
        }
        clock.advance(Duration.ofSeconds(2));
        assertThat(a.take(key, FIVE_PER_10S)).as("one unit back after 2 s").isEmpty();
        assertThat(a.take(key, FIVE_PER_10S)).as("but only one").isPresent();
    }

    @Test
    void a_bucket_is_shared_by_every_node() {
        String key = key("shared");
        for (int i = 0; i < 3; i++) {
            a.take(key, FIVE_PER_10S);
        }
        assertThat(b.take(key, FIVE_PER_10S)).isEmpty();
        assertThat(b.take(key, FIVE_PER_10S)).isEmpty();
        assertThat(b.take(key, FIVE_PER_10S)).as("the sixth, on the other node").isPresent();
    }

    @Test
    void a_unit_given_back_can_be_taken_again_and_keys_are_apart() {
        String key = key("give-back");
        for (int i = 0; i < 5; i++) {
            a.take(key, FIVE_PER_10S);
        }
        a.giveBack(key, FIVE_PER_10S);
        assertThat(b.take(key, FIVE_PER_10S)).isEmpty();
        assertThat(a.take(key("another"), FIVE_PER_10S))
                .as("another key's bucket is full")
                .isEmpty();
    }

    @Test
    void attempts_are_free_then_wait_twice_as_long_each_time_until_cleared() {
        String key = key("attempts");
        for (int i = 0; i < 2; i++) {
            assertThat(a.beginAttempt(key, BACKOFF)).isEmpty();
        }
        assertThat(b.beginAttempt(key, BACKOFF))
                .as("the third, on the other node, still goes ahead")
                .isEmpty();
        assertThat(a.beginAttempt(key, BACKOFF)).hasValue(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.beginAttempt(key, BACKOFF)).isEmpty();
        assertThat(a.beginAttempt(key, BACKOFF)).hasValue(Duration.ofSeconds(2));
        clock.advance(Duration.ofSeconds(2));
        b.clearAttempts(key);
        for (int i = 0; i < 3; i++) {
            assertThat(a.beginAttempt(key, BACKOFF))
                    .as("after a success, free again")
                    .isEmpty();
        }
    }

    @Test
    void the_wait_between_attempts_stops_growing_at_the_maximum() {
        String key = key("capped");
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            a.beginAttempt(key, BACKOFF).ifPresent(waits::add);
            Optional<Duration> wait = a.beginAttempt(key, BACKOFF);
            wait.ifPresent(waits::add);
            clock.advance(wait.orElse(Duration.ZERO));
        }
        assertThat(waits).isNotEmpty().allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofSeconds(8)));
        assertThat(waits).contains(Duration.ofSeconds(8));
    }

    @Test
    void what_is_remembered_is_known_to_every_node_until_it_expires() {
        String key = key("known");
        assertThat(a.remembers(key)).isFalse();
        a.remember(key, Duration.ofMinutes(1));
        assertThat(b.remembers(key)).isTrue();
        clock.advance(Duration.ofSeconds(61));
        assertThat(b.remembers(key)).isFalse();
    }

    @Test
    void holds_are_counted_over_every_node_and_a_closed_one_frees_its_place() {
        String key = key("holds");
        Optional<LimitStore.Hold> first = a.hold(key, 2);
        Optional<LimitStore.Hold> second = b.hold(key, 2);
        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(a.hold(key, 2)).as("a third place of two").isEmpty();
        second.get().close();
        second.get().close();
        Optional<LimitStore.Hold> third = b.hold(key, 2);
        assertThat(third).as("on the node that closed one, even twice, at once").isPresent();
        third.get().close();
        Optional<LimitStore.Hold> fourth = holdWithin(a, key, 2, Duration.ofSeconds(3));
        assertThat(fourth).as("on the other node, once the store has the close").isPresent();
        assertThat(b.hold(key, 2)).isEmpty();
        first.get().close();
        fourth.get().close();
    }

    /**
     * A hold taken on a node other than the one that closed the last: a close is not waited for (it may come from
     * an event loop), so its place is free elsewhere once the store has it, a round trip later. Leases do not
     * lapse meanwhile: the clock stands still.
     */
    private static Optional<LimitStore.Hold> holdWithin(LimitStore node, String key, int max, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        Optional<LimitStore.Hold> held = node.hold(key, max);
        while (held.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            held = node.hold(key, max);
        }
        return held;
    }
}
