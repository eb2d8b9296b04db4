package dev.chat.adapters.netty;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many WebSockets each user holds open on this node, never more than the cap: one account cannot use up
 * the node's sockets and memory by opening thousands of connections.
 */
final class ConnectionCap {

    private final int max;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

    ConnectionCap(int max) {
        this.max = max;
    }

    /** Counts one more connection of {@code user}, or returns false (and counts nothing) when at the cap. */
    boolean tryAcquire(String user) {
        boolean[] taken = {false};
        open.compute(user, (u, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** One connection of {@code user} has ended. */
    void release(String user) {
        open.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
    }

    int max() {
        return max;
    }
}
