package dev.chat.core.service;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that may repeat thousands of times a second (every send while the store is down) logged at
 * most once per interval, with how many were left out since the last line.
 */
final class QuietLog {

    private final long intervalNanos;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);
    private final AtomicLong suppressed = new AtomicLong();

    QuietLog(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    void warn(Logger log, String what, Throwable cause) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last < intervalNanos || !lastLogged.compareAndSet(last, now)) {
            suppressed.incrementAndGet();
            return;
        }
        long skipped = suppressed.getAndSet(0);
        if (skipped == 0) {
            log.warn("{}: {}", what, cause.toString());
        } else {
            log.warn("{}: {} ({} more like it since the last report)", what, cause.toString(), skipped);
        }
    }
}
