package dev.chat.cli.bench;

import java.time.Instant;

/**
 * Wall-clock microseconds derived from {@link System#nanoTime()}: monotonic within the process, and
 * anchored once to the epoch, so stamps from bench processes on one host are comparable.
 */
final class BenchClock {

    private static final long BASE_NANOS;
    private static final long BASE_MICROS;

    static {
        Instant now = Instant.now();
        BASE_NANOS = System.nanoTime();
        BASE_MICROS = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    private BenchClock() {}

    static long micros(long nanoTime) {
        return BASE_MICROS + (nanoTime - BASE_NANOS) / 1_000;
    }
}
