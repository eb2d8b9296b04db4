package dev.chat.adapters.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Lets something happen at most once per interval, across threads: a log line, a resync announcement. */
final class AtMostEvery {

    private final long intervalNanos;
    private final AtomicLong last;

    AtMostEvery(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.last = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    /** True for the first caller once the interval has passed since the last true; false otherwise. */
    boolean due() {
        long now = System.nanoTime();
        long previous = last.get();
        return now - previous >= intervalNanos && last.compareAndSet(previous, now);
    }
}
