package dev.chat.adapters.netty;

import java.util.function.LongSupplier;

/**
 * How many messages one connection may have read from the store for it (replays on join, history pages): a
 * burst of {@value #BURST}, then {@value #PER_SECOND} a second. A client catching up after a reconnect, even
 * in dozens of rooms, stays within the burst; a few hundred small {@code join} frames asking for the same
 * replay again and again are paced instead of making the server read and send without end. It only delays:
 * nothing is refused.
 */
final class ReadBudget {

    static final long BURST = 10_000;
    static final long PER_SECOND = 1_000;

    private final LongSupplier nanos;
    private double tokens = BURST;
    private long updated;

    ReadBudget(LongSupplier nanos) {
        this.nanos = nanos;
        this.updated = nanos.getAsLong();
    }

    /** {@code messages} were read for the connection; the budget may go below zero. */
    synchronized void spend(long messages) {
        refill();
        tokens -= messages;
    }

    /** How long before the next read may start: 0 while the budget is not spent. */
    synchronized long delayMillis() {
        refill();
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * 1000 / PER_SECOND);
    }

    private void refill() {
        long now = nanos.getAsLong();
        tokens = Math.min(BURST, tokens + (now - updated) * PER_SECOND / 1e9);
        updated = now;
    }
}
