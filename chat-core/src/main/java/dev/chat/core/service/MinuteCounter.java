package dev.chat.core.service;

import java.time.Clock;

/** Counts events of the last 60 s, in one-second buckets: cheap to add to, exact to the second. */
final class MinuteCounter {

    private static final int SECONDS = 60;

    private final Clock clock;
    private final long[] counts = new long[SECONDS];
    private final long[] secondOf = new long[SECONDS];

    MinuteCounter(Clock clock) {
        this.clock = clock;
    }

    synchronized void add() {
        long second = Math.floorDiv(clock.millis(), 1000);
        int slot = Math.floorMod(second, SECONDS);
        if (secondOf[slot] != second) {
            secondOf[slot] = second;
            counts[slot] = 0;
        }
        counts[slot]++;
    }

    /** Events in the current second and the 59 before it. */
    synchronized long lastMinute() {
        long now = Math.floorDiv(clock.millis(), 1000);
        long sum = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (secondOf[i] > now - SECONDS && secondOf[i] <= now) {
                sum += counts[i];
            }
        }
        return sum;
    }
}
